import { EventEmitter } from 'node:events';
import type { Server } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { coalesceFrames } from './coalesce-frames.ts';

/** engine.io's socket and websocket transport, reduced to what coalesceFrames touches; `log`
 * records the order of flushes, corks, frame writes and uncorks. */
function fakeConnection(log: string[], name: string) {
  const raw = { cork: () => log.push('cork'), uncork: () => log.push('uncork') };
  const transport = { name, socket: { _socket: raw }, send: (packets: string[]) => log.push(...packets.map((p) => `write ${p}`)) };
  const conn = Object.assign(new EventEmitter(), {
    transport,
    buffer: [] as string[],
    flush() {
      log.push('flush');
      if (conn.buffer.length) conn.transport.send(conn.buffer.splice(0));
    },
    sendPacket(p: string) {
      conn.buffer.push(p);
      conn.flush();
    },
  });
  return conn;
}

function attach(log: string[], transport = 'websocket') {
  const engine = new EventEmitter();
  coalesceFrames({ engine } as unknown as Server);
  const conn = fakeConnection(log, transport);
  engine.emit('connection', conn);
  return conn;
}

describe('coalesceFrames', () => {
  it('flushes once at the end of the tick, with every packet of the tick in one corked send', async () => {
    const log: string[] = [];
    const conn = attach(log);
    conn.sendPacket('new_message');
    await Promise.resolve(); // the ACK comes a microtask later
    conn.sendPacket('ack');
    expect(log).toEqual([]);
    await new Promise((r) => process.nextTick(r));
    expect(log).toEqual(['flush', 'cork', 'write new_message', 'write ack', 'uncork']);
  });

  it('flushes again for packets sent after the flush', async () => {
    const log: string[] = [];
    const conn = attach(log);
    conn.sendPacket('a');
    await new Promise((r) => setImmediate(r));
    conn.sendPacket('b');
    await new Promise((r) => setImmediate(r));
    expect(log.filter((l) => l.startsWith('write'))).toEqual(['write a', 'write b']);
    expect(log.filter((l) => l === 'flush')).toHaveLength(2);
  });

  it('corks the websocket a polling connection upgrades to, and leaves polling sends alone', async () => {
    const log: string[] = [];
    const conn = attach(log, 'polling');
    conn.transport.send(['poll']);
    expect(log).toEqual(['write poll']);
    log.length = 0;
    conn.transport = { ...conn.transport, name: 'websocket' };
    conn.emit('upgrade');
    conn.transport.send(['ws']);
    expect(log).toEqual(['cork', 'write ws', 'uncork']);
  });
});
