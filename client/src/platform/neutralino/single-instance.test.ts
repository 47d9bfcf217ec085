import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { captureWarnings, useNodeNative } from '../../testing/node-native.ts';
import { FOCUS_REQUEST, LOCK, type Instance, answerFocusRequests, claimInstance, isAlive, releaseInstance } from './single-instance.ts';

/** Real files in a temp folder, the real /proc and kill, a real directory watcher. The running
 * instance is this test process; a dead pid is that of a process that has exited. */
const host = useNodeNative();
const deadPid = () => spawnSync('true').pid!;
const OTHER_PID = 999_999_999; // above any pid_max: never a live process

function setUp() {
  const dir = path.join(host.dir(), 'instance');
  const native = host.native();
  const as = (pid: number): Instance => ({ dir, pid, os: 'Linux' });
  const lock = () => fs.readFileSync(path.join(dir, LOCK), 'utf8');
  return { dir, native, as, lock };
}

const warnings = captureWarnings();

describe('single instance', () => {
  it('the first launch takes the lock', async () => {
    const t = setUp();
    expect(await claimInstance(t.native, t.as(process.pid))).toBe('first');
    expect(t.lock()).toBe(String(process.pid));
  });

  it('a second launch asks the first to show itself, and is told to exit', async () => {
    const t = setUp();
    const first = t.as(process.pid);
    await claimInstance(t.native, first);
    const focused = vi.fn();
    await answerFocusRequests(t.native, first, focused);
    expect(await claimInstance(t.native, t.as(OTHER_PID))).toBe('second');
    expect(focused).toHaveBeenCalledTimes(1);
    expect(fs.existsSync(path.join(t.dir, FOCUS_REQUEST))).toBe(false);
    expect(t.lock()).toBe(String(process.pid));
  });

  it('a stale lock (its process is dead) is taken over at once', async () => {
    const t = setUp();
    fs.mkdirSync(t.dir);
    fs.writeFileSync(path.join(t.dir, LOCK), String(deadPid()));
    expect(await claimInstance(t.native, t.as(process.pid))).toBe('first');
    expect(t.lock()).toBe(String(process.pid));
    expect(fs.existsSync(path.join(t.dir, FOCUS_REQUEST))).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('a lock held by a live process that does not answer (a reused pid) is taken over after the wait', async () => {
    const t = setUp();
    fs.mkdirSync(t.dir);
    fs.writeFileSync(path.join(t.dir, LOCK), String(process.pid));
    expect(await claimInstance(t.native, t.as(OTHER_PID), 300)).toBe('first');
    expect(t.lock()).toBe(String(OTHER_PID));
    expect(fs.existsSync(path.join(t.dir, FOCUS_REQUEST))).toBe(false);
    expect(String(warnings[0])).toMatch(/did not answer/);
  });

  it('a garbled lock counts as none', async () => {
    const t = setUp();
    fs.mkdirSync(t.dir);
    fs.writeFileSync(path.join(t.dir, LOCK), '');
    expect(await claimInstance(t.native, t.as(process.pid))).toBe('first');
  });

  it('quitting releases the lock, only when it is still ours', async () => {
    const t = setUp();
    await claimInstance(t.native, t.as(process.pid));
    await releaseInstance(t.native, t.as(OTHER_PID));
    expect(t.lock()).toBe(String(process.pid));
    await releaseInstance(t.native, t.as(process.pid));
    expect(fs.existsSync(path.join(t.dir, LOCK))).toBe(false);
  });
});

describe('isAlive', () => {
  it('reads /proc on Linux and asks kill -0 on other Unixes', async () => {
    const native = host.native();
    const dead = deadPid();
    expect(await isAlive(native, 'Linux', process.pid)).toBe(true);
    expect(await isAlive(native, 'Linux', dead)).toBe(false);
    expect(await isAlive(native, 'Darwin', process.pid)).toBe(true);
    expect(await isAlive(native, 'Darwin', dead)).toBe(false);
  });

  it('asks tasklist on Windows (answers recorded from it: no Windows on CI)', async () => {
    const commands: string[] = [];
    const tasklist = (stdOut: string) => ({
      exists: async () => false,
      exec: async (command: string) => (commands.push(command), { exitCode: 0, stdOut, stdErr: '' }),
    });
    expect(await isAlive(tasklist('\r\nintranet-messenger-win_x64.exe  4242 Console  1  61,220 K\r\n'), 'Windows', 4242)).toBe(true);
    expect(await isAlive(tasklist('INFO: No tasks are running which match the specified criteria.\r\n'), 'Windows', 4242)).toBe(false);
    expect(await isAlive(tasklist('\r\nother.exe  14242 Console  1  1,000 K\r\n'), 'Windows', 4242)).toBe(false);
    expect(commands[0]).toBe('tasklist /FI "PID eq 4242" /NH');
  });
});
