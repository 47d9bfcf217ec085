import type { Platform } from './types.ts';

/** The globals the desktop runtime injects about this launch (Neutralino's NL_*). */
export interface LaunchGlobals {
  NL_ARGS?: readonly string[];
  NL_APPVERSION?: string;
}

/** The server named on the command line, `--server=<url>` (the last one wins), unchecked: the
 * login screen says when it is not a URL. */
export function serverArg(args: readonly string[] = []): string | null {
  let found: string | null = null;
  for (const arg of args) if (arg.startsWith('--server=')) found = arg.slice('--server='.length).trim() || null;
  return found;
}

/** The desktop app's launch capabilities: the preset server, its version, the system browser. */
export function desktopLaunch(
  globals: LaunchGlobals,
  open: (url: string) => Promise<unknown>,
): Pick<Platform, 'launchServerUrl' | 'appVersion' | 'openExternal'> {
  const server = serverArg(globals.NL_ARGS);
  return {
    launchServerUrl: () => server,
    appVersion: () => globals.NL_APPVERSION || null,
    openExternal: (url) => void open(url).catch(() => {}),
  };
}
