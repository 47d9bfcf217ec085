import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './entry.ts';

/** Running the packaged desktop app in the real Neutralino runtime: a virtual X display (Xvfb)
 * with a window manager (openbox), the app as a user starts it, xdotool for the keyboard, and
 * ImageMagick for screenshots. */

export const APP_TITLE = '사내 메신저';
export const DESKTOP_SHOTS = path.join(root, 'test-results', 'desktop');
const RUNTIME = path.join(root, 'client', 'bin', 'neutralino-linux_x64');

const has = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Why the desktop tests cannot run here, or null when they can (Linux x64 with the runtime in
 * client/bin and the X tools installed, as .ci/run sets up). */
export function desktopUnavailable(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return 'the runtime in the repository is Linux x64';
  if (!fs.existsSync(RUNTIME)) return 'no Neutralino runtime in client/bin (see README: Desktop app)';
  const missing = ['Xvfb', 'openbox', 'xdotool', 'import'].filter((c) => !has(c));
  return missing.length ? `missing ${missing.join(', ')} (apt-get install xvfb openbox xdotool imagemagick)` : null;
}

export interface Display {
  name: string;
  env: Record<string, string>;
  stop(): void;
}

/** Xvfb on a free display number (it reports the number it took), then openbox on it. */
export async function startDisplay(): Promise<Display> {
  const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const name = await new Promise<string>((resolve, reject) => {
    xvfb.stdout!.once('data', (d: Buffer) => resolve(`:${d.toString().trim()}`));
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited ${code}`)));
  });
  const env = { DISPLAY: name };
  const wm = spawn('openbox', [], { env: { ...process.env, ...env }, stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 300));
  return {
    name,
    env,
    stop() {
      wm.kill();
      xvfb.kill();
    },
  };
}

/** A user's home for the app: its own data, config and cache folders (the runtime keeps storage,
 * logs and window state under XDG_DATA_HOME; WebKit its caches under HOME). */
export function userHome(): { dir: string; env: Record<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-desktop-home-'));
  return {
    dir,
    env: {
      HOME: dir,
      XDG_DATA_HOME: path.join(dir, '.local/share'),
      XDG_CONFIG_HOME: path.join(dir, '.config'),
      XDG_CACHE_HOME: path.join(dir, '.cache'),
    },
  };
}

export interface RunningApp {
  proc: ChildProcess;
  output: () => string;
  /** Ends the process (SIGTERM, then SIGKILL) and waits for it. */
  stop(): Promise<void>;
}

/** Start the packaged binary from another working directory, as a launcher would. */
export function launchApp(appDir: string, args: string[], env: Record<string, string>): RunningApp {
  const binary = path.join(appDir, 'intranet-messenger-linux_x64');
  // A desktop session's basics only (a UTF-8 locale: GTK needs it for the Korean window title).
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: process.env.LANG?.includes('UTF-8') ? process.env.LANG : 'C.UTF-8' };
  const proc = spawn(binary, args, { cwd: os.tmpdir(), env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return {
    proc,
    output: () => out,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function xdo(display: Display, ...args: string[]): string {
  return execFileSync('xdotool', args, { env: { ...process.env, ...display.env }, encoding: 'utf8' }).trim();
}

/** The visible windows with the app's title (empty when hidden or gone). */
export function visibleWindows(display: Display): string[] {
  try {
    return xdo(display, 'search', '--onlyvisible', '--name', APP_TITLE).split('\n').filter(Boolean);
  } catch {
    return []; // xdotool exits 1 when nothing matches
  }
}

/** Bring the app's window to the front with the keyboard focus in it. */
export function focusWindow(display: Display): void {
  const [id] = visibleWindows(display);
  if (!id) throw new Error('the app has no visible window');
  xdo(display, 'windowactivate', '--sync', id);
}

/** Type text into the focused window. xdotool sends a character outside the keymap by remapping a
 * spare key for it, and the web view drops some of those when they come fast: Hangul goes slower
 * (at 120 ms a clean-clone CI run under full load still lost two syllables in the middle). */
export function type(display: Display, text: string): void {
  const ascii = /^[\x20-\x7e]*$/.test(text);
  xdo(display, 'type', '--delay', ascii ? '25' : '250', text);
  // The last remapped character can still be on its way into the web view when the next key (an
  // Enter) arrives: under load the last syllable was lost. Let it land first.
  if (!ascii) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600);
}

export function keys(display: Display, ...combos: string[]): void {
  xdo(display, 'key', '--delay', '60', ...combos);
}

/** A screenshot of the whole display, into test-results/desktop/<name>.png, once the screen has
 * settled: two captures 300 ms apart with the same pixels (at most 8). Under Xvfb the window's
 * pixels can trail the app by a moment: a single capture right after a message was ACKed still
 * showed it pending, with the "1 unsent message" line. */
export function screenshot(display: Display, name: string): string {
  fs.mkdirSync(DESKTOP_SHOTS, { recursive: true });
  const file = path.join(DESKTOP_SHOTS, `${name}.png`);
  const env = { ...process.env, ...display.env };
  let last = '';
  for (let i = 0; i < 8; i++) {
    execFileSync('import', ['-window', 'root', file], { env });
    const pixels = execFileSync('identify', ['-format', '%#', file], { encoding: 'utf8' });
    if (pixels === last) break;
    last = pixels;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  }
  return file;
}

/** How much the app window's content varies: about 0 while the webview is still blank, well above
 * once the page has painted (text, fields, buttons). */
export function windowSpread(display: Display): number {
  const [id] = visibleWindows(display);
  if (!id) return 0;
  const file = path.join(os.tmpdir(), `messenger-window-${process.pid}.png`);
  execFileSync('import', ['-window', id, file], { env: { ...process.env, ...display.env } });
  const spread = Number(execFileSync('convert', [file, '-colorspace', 'Gray', '-format', '%[fx:standard_deviation]', 'info:'], { encoding: 'utf8' }));
  fs.rmSync(file, { force: true });
  return spread;
}

/** Proportional set size of a process and all its descendants (the runtime and its WebKit helper
 * processes), in MiB. */
export function treePssMiB(pid: number): number {
  const children = (p: number): number[] => {
    try {
      const kids = fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      return [p, ...kids.flatMap(children)];
    } catch {
      return [p];
    }
  };
  let kib = 0;
  for (const p of children(pid)) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'));
      kib += m ? Number(m[1]) : 0;
    } catch {
      // gone meanwhile
    }
  }
  return kib / 1024;
}

/** Poll until `fn` returns something truthy (or throw after `ms`). */
export async function poll<T>(what: string, fn: () => T | Promise<T>, ms = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
