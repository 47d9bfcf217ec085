import type { Autostart } from '../types.ts';
import { type Native, warn } from './native.ts';

const DESKTOP_FILE = 'intranet-messenger.desktop';
const AGENT_LABEL = 'local.intranet.messenger';
export const RUN_KEY = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run';
export const RUN_VALUE = 'IntranetMessenger';

const isAbsolute = (p: string) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);

/** The running binary. NL_PATH is its folder as launched (relative to NL_CWD when it was started
 * by a relative path), NL_ARGS[0] the name it was started by; the runtime gives no more. */
export function executablePath(g: { NL_PATH: string; NL_CWD: string; NL_ARGS: readonly string[] }): string {
  const name = (g.NL_ARGS[0] ?? '').split(/[\\/]/).pop();
  const dir = isAbsolute(g.NL_PATH) ? g.NL_PATH : g.NL_PATH === '.' || g.NL_PATH === '' ? g.NL_CWD : `${g.NL_CWD}/${g.NL_PATH.replace(/^\.\//, '')}`;
  return `${dir.replace(/[\\/]+$/, '')}/${name}`;
}

/** An XDG autostart entry. Exec quoting: the path in double quotes with " ` $ \ escaped, then the
 * key file's own escaping of backslashes, and % doubled (field codes). */
export function desktopEntry(exe: string): string {
  const exec = `"${exe.replace(/["`$\\]/g, '\\$&')}"`.replace(/\\/g, '\\\\').replace(/%/g, '%%');
  return `[Desktop Entry]
Type=Application
Name=Intranet Messenger
Name[ko]=사내 메신저
Exec=${exec}
Terminal=false
X-GNOME-Autostart-enabled=true
`;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A per-user launchd agent: launchd runs it at login (RunAtLoad), no launchctl call needed. */
export function launchAgent(exe: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>${AGENT_LABEL}</string>
  <key>ProgramArguments</key>
  <array>
    <string>${xml(exe)}</string>
  </array>
  <key>RunAtLoad</key>
  <true/>
</dict>
</plist>
`;
}

/** The reg.exe commands (run through cmd.exe /c): the value is the quoted path, \" for reg. */
export const regCommands = (exe: string) => ({
  query: `reg query "${RUN_KEY}" /v ${RUN_VALUE}`,
  add: `reg add "${RUN_KEY}" /v ${RUN_VALUE} /t REG_SZ /d "\\"${exe.replace(/\//g, '\\')}\\"" /f`,
  delete: `reg delete "${RUN_KEY}" /v ${RUN_VALUE} /f`,
});

type Files = Pick<Native, 'env' | 'exists' | 'mkdir' | 'write' | 'remove'>;

/** Autostart through one file: the entry exists or not. */
function fileAutostart(native: Files, where: () => Promise<{ dir: string; file: string }>, content: string): Autostart {
  return {
    isEnabled: async () => native.exists((await where()).file),
    async setEnabled(on) {
      const { dir, file } = await where();
      if (!on) return native.remove(file);
      await native.mkdir(dir);
      await native.write(file, content);
    },
  };
}

/** Start on login, per user, off until the user turns it on; the OS entry is the only state, and
 * turning it on or off twice changes nothing more. Failures are logged and rethrown. */
export function osAutostart(native: Files & Pick<Native, 'exec'>, os: string, exe: string): Autostart | null {
  const home = () => native.env('HOME');
  let impl: Autostart;
  if (os === 'Linux') {
    impl = fileAutostart(
      native,
      async () => {
        const config = await native.env('XDG_CONFIG_HOME');
        const dir = `${config.startsWith('/') ? config : `${await home()}/.config`}/autostart`;
        return { dir, file: `${dir}/${DESKTOP_FILE}` };
      },
      desktopEntry(exe),
    );
  } else if (os === 'Darwin') {
    impl = fileAutostart(
      native,
      async () => {
        const dir = `${await home()}/Library/LaunchAgents`;
        return { dir, file: `${dir}/${AGENT_LABEL}.plist` };
      },
      launchAgent(exe),
    );
  } else if (os === 'Windows') {
    const reg = regCommands(exe);
    const run = async (command: string) => {
      const r = await native.exec(command);
      if (r.exitCode !== 0) throw new Error(`${command} exited ${r.exitCode}: ${r.stdErr.trim()}`);
    };
    const isEnabled = async () => (await native.exec(reg.query)).exitCode === 0;
    impl = {
      isEnabled,
      async setEnabled(on) {
        if (on) await run(reg.add);
        else if (await isEnabled()) await run(reg.delete);
      },
    };
  } else {
    return null;
  }
  return {
    isEnabled: () => impl.isEnabled().catch((err) => (warn('autostart check', err), false)),
    setEnabled: (on) => impl.setEnabled(on).catch((err) => (warn(`autostart ${on ? 'on' : 'off'}`, err), Promise.reject(err))),
  };
}
