import { beforeAll, expect } from 'vitest';
import { errorEnvelopeSchema } from '../../protocol/envelope.ts';
import { registerAndLogin } from '../helpers/http.ts';
import { type ServerSuite, useServer } from '../helpers/suite.ts';
import type { StartOptions } from '../helpers/server.ts';

export type Login = Awaited<ReturnType<typeof registerAndLogin>>;

/** A server whose first account (registered before any test) is the platform admin. */
export function adminSuite(opts: StartOptions = {}): { env: ServerSuite; admin: () => Login } {
  const env = useServer(opts);
  let admin: Login | undefined;
  beforeAll(async () => {
    admin = await registerAndLogin(env.a, { nickname: 'The Admin' });
  });
  return { env, admin: () => admin! };
}

export const as = (u: { accessToken: string }) => ({ token: u.accessToken });

/** The answer is the error envelope with this status and code. */
export async function expectError(p: Promise<{ status: number; body: unknown }>, status: number, code: string): Promise<void> {
  const res = await p;
  expect({ status: res.status, code: (res.body as { error_code?: string } | null)?.error_code }).toEqual({ status, code });
  errorEnvelopeSchema.parse(res.body);
}
