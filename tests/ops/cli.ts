import { spawn } from 'node:child_process';
import path from 'node:path';
import { vi } from 'vitest';
import type { Command } from '../../server/cli/command.ts';
import { root } from '../helpers/entry.ts';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** An operator command as `npm run --silent <name> -- …` runs it (tsx on the node entry), in its
 * own process, with only the given environment on top of this one's PATH. */
export function runCommand(name: string, args: string[], env: Record<string, string>): Promise<CommandResult> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/entry/node.ts'), name, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Poll `probe` until it returns true (rejects after `ms`: a hang, not a timing assertion). */
export async function until(probe: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The same command in this process (faster: no tsx start), its output captured. */
export async function runInProcess(command: Command, args: string[], env: Record<string, string>): Promise<CommandResult> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await command.run(args, env), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
