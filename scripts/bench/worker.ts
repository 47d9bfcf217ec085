/** A socket-client worker process (child_process.fork from fanout.ts): connects its share of the
 * sockets, optionally sends, counts deliveries, and reports them with its own CPU time, so the
 * driver is not the bottleneck of the fan-out phases. */
import type { Socket } from 'socket.io-client';
import { connect, now, send } from './clients.ts';

export interface WorkerStart {
  url: string;
  tokens: string[];
  roomId: number;
  /** Messages each socket sends at once after 'go'. */
  sends: number;
  /** Deliveries this worker waits for before reporting. */
  expect: number;
}
export interface WorkerDone {
  received: number;
  acked: number;
  /** Delivery latencies, ms (send time is in the message text). */
  lat: number[];
  cpuSeconds: number;
}

let sockets: Socket[] = [];
let start: WorkerStart;
const lat: number[] = [];
let allReceived = () => {};
process.on('message', async (m: { type: 'start'; start: WorkerStart } | { type: 'go' }) => {
  if (m.type === 'start') {
    start = m.start;
    sockets = [];
    for (let i = 0; i < start.tokens.length; i += 50) sockets.push(...(await Promise.all(start.tokens.slice(i, i + 50).map((t) => connect(start.url, t)))));
    // Counted from before 'ready', not from 'go': the driver's sender starts as soon as it has sent
    // 'go', and a worker still busy (500 connects each announce presence to the room) could read
    // the first messages before it read 'go' and listened (a suspect of the odd fan-out runs:
    // some deliveries uncounted, then the 30 s timeout; docs/performance.md).
    for (const s of sockets)
      s.on('new_message', (msg: { content: string }) => {
        lat.push(now() - Number(msg.content.split(' ')[1]));
        if (lat.length === start.expect) allReceived();
      });
    process.send!({ type: 'ready' });
    return;
  }
  const cpu0 = process.cpuUsage();
  let acked = 0;
  const done = new Promise<void>((resolve) => {
    allReceived = resolve;
    if (lat.length >= start.expect) resolve();
  });
  const sent = Promise.all(
    sockets.flatMap((s, i) =>
      Array.from({ length: start.sends }, (_, k) =>
        send(s, start.roomId, `b ${now()}`, `w${process.pid}-${i}-${k}`).then(
          (a) => void (a.ok && acked++),
          () => undefined,
        ),
      ),
    ),
  );
  await Promise.race([Promise.all([done, sent]), new Promise((r) => setTimeout(r, 30_000))]);
  const cpu = process.cpuUsage(cpu0);
  for (const s of sockets) s.close();
  const out: WorkerDone = { received: lat.length, acked, lat, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  process.send!({ type: 'done', out }, () => process.exit(0));
});
