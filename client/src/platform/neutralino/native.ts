import * as Neutralino from '@neutralinojs/lib';

export interface ExecResult {
  exitCode: number;
  stdOut: string;
  stdErr: string;
}

/** The runtime calls the desktop modules make. index.ts passes the runtime's (below); tests pass
 * files and a shell of the test machine, and a fake only for what cannot exist there (an OS
 * credential store, another OS). Each module takes the slice it uses. */
export interface Native {
  /** Through the OS shell (/bin/sh -c, cmd.exe /c), with `stdIn` written to the command. */
  exec(command: string, stdIn?: string): Promise<ExecResult>;
  /** '' when unset. */
  env(key: string): Promise<string>;
  /** null when the file does not exist. */
  read(path: string): Promise<string | null>;
  write(path: string, data: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  /** No-op when absent. */
  remove(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  /** With parents; no-op when it exists. */
  mkdir(path: string): Promise<void>;
  /** `onChange` gets the name of each file added, changed or removed in `dir`. */
  watch(dir: string, onChange: (filename: string) => void): Promise<void>;
  /** null when the key is absent. */
  storageGet(key: string): Promise<string | null>;
  storageRemove(key: string): Promise<void>;
  setTray(menuItems: Neutralino.TrayMenuItem[]): Promise<void>;
  onTrayClick(handler: (id: string) => void): void;
  onWindowClose(handler: () => void): void;
  showWindow(): Promise<void>;
  hideWindow(): Promise<void>;
  exit(): Promise<void>;
}

/** The tray icon, relative to the app root. */
export const TRAY_ICON = '/dist/icons/tray.png';

const missingKey = (err: unknown) => (err as { code?: string } | null)?.code === 'NE_ST_NOSTKEX';

export function neutralinoNative(): Native {
  const exists = (path: string) => Neutralino.filesystem.getStats(path).then(
    () => true,
    () => false,
  );
  return {
    exec: (command, stdIn) => Neutralino.os.execCommand(command, stdIn ? { stdIn } : {}),
    env: (key) => Neutralino.os.getEnv(key),
    read: async (path) => ((await exists(path)) ? Neutralino.filesystem.readFile(path) : null),
    write: (path, data) => Neutralino.filesystem.writeFile(path, data),
    chmod: async (path, mode) => void (await Neutralino.filesystem.chmod(path, mode)),
    remove: async (path) => {
      if (await exists(path)) await Neutralino.filesystem.remove(path);
    },
    exists,
    mkdir: async (path) => {
      if (!(await exists(path))) await Neutralino.filesystem.createDirectory(path);
    },
    async watch(dir, onChange) {
      const id = await Neutralino.filesystem.createWatcher(dir);
      void Neutralino.events.on('watchFile', (e: CustomEvent<{ id: number; filename: string }>) => {
        if (e.detail.id === id) onChange(e.detail.filename);
      });
    },
    storageGet: (key) => Neutralino.storage.getData(key).catch((err) => (missingKey(err) ? null : Promise.reject(err))),
    // setData(key, null) deletes the key, and unlike removeData is fine with an absent one.
    storageRemove: (key) => Neutralino.storage.setData(key, null),
    setTray: (menuItems) => Neutralino.os.setTray({ icon: TRAY_ICON, menuItems }),
    onTrayClick: (handler) => void Neutralino.events.on('trayMenuItemClicked', (e: CustomEvent<{ id: string }>) => handler(e.detail.id)),
    onWindowClose: (handler) => void Neutralino.events.on('windowClose', handler),
    showWindow: async () => {
      await Neutralino.window.show();
      await Neutralino.window.focus();
    },
    hideWindow: () => Neutralino.window.hide(),
    exit: () => Neutralino.app.exit(),
  };
}

/** A native call's failure, logged where it is caught (the desktop run is read from its log). */
export function warn(what: string, detail: unknown): void {
  console.warn(`[desktop] ${what}:`, detail);
}
