import { type Native, warn } from './native.ts';

export const LOCK = 'lock';
export const FOCUS_REQUEST = 'focus-request';

export interface Instance {
  /** A per-user folder holding the lock (NL_DATAPATH/instance). */
  dir: string;
  pid: number;
  /** NL_OS */
  os: string;
}

type Files = Pick<Native, 'read' | 'write' | 'remove' | 'exists' | 'mkdir' | 'exec'>;

/** Whether process `pid` runs: /proc on Linux, `kill -0` on other Unixes, tasklist on Windows. */
export async function isAlive(native: Pick<Native, 'exists' | 'exec'>, os: string, pid: number): Promise<boolean> {
  try {
    if (os === 'Linux') return await native.exists(`/proc/${pid}`);
    if (os === 'Windows') return new RegExp(`\\b${pid}\\b`).test((await native.exec(`tasklist /FI "PID eq ${pid}" /NH`)).stdOut);
    return (await native.exec(`kill -0 ${pid}`)).exitCode === 0;
  } catch (err) {
    warn('process check', err);
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One app per user. The lock file holds the running instance's pid. A launch that finds it held by
 * a live process writes a focus request and waits for the holder to take it (it removes the file
 * and shows its window): then this launch is 'second' and exits. A lock whose process is dead, or
 * whose process does not answer within `answerMs` (its pid was reused after a crash or a reboot),
 * is taken over. Two launches within the same few milliseconds may both start. */
export async function claimInstance(native: Files, me: Instance, answerMs = 3000): Promise<'first' | 'second'> {
  const lock = `${me.dir}/${LOCK}`;
  const request = `${me.dir}/${FOCUS_REQUEST}`;
  await native.mkdir(me.dir);
  const holder = Number.parseInt((await native.read(lock)) ?? '', 10);
  if (holder > 0 && holder !== me.pid && (await isAlive(native, me.os, holder))) {
    await native.write(request, String(me.pid));
    for (let waited = 0; waited < answerMs; waited += 100) {
      await sleep(100);
      if (!(await native.exists(request))) return 'second';
    }
    warn('single instance', `pid ${holder} holds the lock but did not answer: taking over`);
  }
  await native.remove(request);
  await native.write(lock, String(me.pid));
  return 'first';
}

/** The running instance answers focus requests: it takes the file away, then `onFocus`. One
 * request comes as several events (created, written): they are handled one after the other, and
 * only the first still finds the file. */
export function answerFocusRequests(native: Pick<Native, 'watch' | 'exists' | 'remove'>, me: Instance, onFocus: () => void): Promise<void> {
  const request = `${me.dir}/${FOCUS_REQUEST}`;
  let queue = Promise.resolve();
  const answer = async () => {
    if (!(await native.exists(request))) return;
    await native.remove(request);
    onFocus();
  };
  return native.watch(me.dir, (name) => {
    if (name === FOCUS_REQUEST) queue = queue.then(answer).catch((err) => warn('focus request', err));
  });
}

/** At quit: the lock goes, if it is still ours. */
export async function releaseInstance(native: Pick<Native, 'read' | 'remove'>, me: Instance): Promise<void> {
  const lock = `${me.dir}/${LOCK}`;
  if ((await native.read(lock)) === String(me.pid)) await native.remove(lock);
}
