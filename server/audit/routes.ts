import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { route } from '../http/route.ts';
import type { DeviceSessionRepo } from '../sessions/repo.ts';
import type { AccessLogRepo } from './repo.ts';

const WINDOW_DAYS = 30;

/** GET /api/security/audit: the caller's own recent activity and sessions. */
export function auditRoutes(deps: { accessLog: AccessLogRepo; sessions: DeviceSessionRepo }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  route(app, 'GET /api/security/audit', async (_c, { auth, query }) => {
    const since = new Date(Date.now() - WINDOW_DAYS * 86_400_000).toISOString();
    const { actions, recent } = await deps.accessLog.summary(auth.userId, since, query().limit);
    return {
      user_id: auth.userId,
      window_days: WINDOW_DAYS,
      actions,
      recent_access_logs: recent,
      active_device_sessions: await deps.sessions.list(auth.userId, false, auth.sessionId),
      revoked_device_sessions_recent: await deps.sessions.countRevokedSince(auth.userId, since),
    };
  });
  return app;
}
