import { execFile } from 'node:child_process';
import type { Logger } from '../logger.ts';

/** The upload scan hook (UPLOAD_SCAN_COMMAND, e.g. `clamdscan --no-summary {path}`): run on the
 * stored file before its token is issued. Exit 0 = clean; any other exit, a timeout or a command
 * that cannot start = refused (fail closed). Run without a shell: the command is split into
 * words (quotes group), and `{path}` is replaced by the file's path (appended when absent). */
export type ScanResult = 'clean' | 'blocked' | 'unavailable';
export type Scanner = (absPath: string) => Promise<ScanResult>;

const SCAN_TIMEOUT_MS = 120_000;

export function splitCommand(command: string): string[] {
  const words: string[] = [];
  for (const m of command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

export function scanner(command: string, logger: Logger): Scanner | null {
  const words = splitCommand(command);
  if (words.length === 0) return null;
  return (absPath) => {
    const args = words.slice(1).map((w) => w.replaceAll('{path}', absPath));
    if (!words.slice(1).some((w) => w.includes('{path}'))) args.push(absPath);
    return new Promise((resolve) => {
      execFile(words[0]!, args, { timeout: SCAN_TIMEOUT_MS, maxBuffer: 64 * 1024 }, (err, stdout, stderr) => {
        if (!err) return resolve('clean');
        const code = (err as NodeJS.ErrnoException).code;
        const unavailable = typeof code === 'string'; // ENOENT, EACCES: the scanner did not run
        logger.warn('upload scan refused a file', { command: words[0], exit: code ?? null, output: `${stdout}${stderr}`.slice(0, 500) });
        resolve(unavailable ? 'unavailable' : 'blocked');
      });
    });
  };
}
