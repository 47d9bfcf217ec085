/** Protocol helpers of the driver: accounts, rooms, sockets. */
import { type Socket, io } from 'socket.io-client';

export const PASSWORD = 'Password123!';
export interface User {
  id: number;
  token: string;
  username: string;
}

export async function post(url: string, p: string, body: unknown, token?: string): Promise<any> {
  const res = await fetch(url + p, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

let userSeq = 0;
export async function users(url: string, n: number): Promise<User[]> {
  const out: User[] = [];
  // A few at a time: password hashing is deliberately slow.
  for (let i = 0; i < n; i += 8) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(8, n - i) }, async () => {
        const username = `bench${process.pid % 1000}_${++userSeq}`;
        const reg = await post(url, '/api/register', { username, password: PASSWORD });
        const login = await post(url, '/api/device-sessions', { username, password: PASSWORD });
        return { id: reg.user_id as number, token: login.access_token as string, username };
      }),
    );
    out.push(...batch);
  }
  return out;
}

export async function room(url: string, owner: { token: string }, memberIds: number[]): Promise<number> {
  return (await post(url, '/api/rooms', { name: 'bench', members: memberIds }, owner.token)).room_id;
}

export function connect(url: string, token: string): Promise<Socket> {
  const s = io(url, { transports: ['websocket'], reconnection: false, auth: { token }, forceNew: true });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

export const send = (s: Socket, roomId: number, content: string, key: string) =>
  s.timeout(10_000).emitWithAck('send_message', { room_id: roomId, content, client_msg_id: key }) as Promise<{ ok: boolean; message_id: number }>;

/** A wall clock shared by the driver and its worker processes (for delivery latency). */
export const now = () => performance.timeOrigin + performance.now();
