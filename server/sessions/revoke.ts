import type { Services } from '../context.ts';

/** After sessions are revoked in the database: forget their cached state and drop their sockets,
 * so REST and realtime refuse them at once. The one path every revocation takes. */
export function endSessions(services: Pick<Services, 'sessionState' | 'realtime'>, sessionIds: number[]): void {
  if (sessionIds.length === 0) return;
  services.sessionState.invalidate(sessionIds);
  services.realtime.disconnectSessions(sessionIds);
}
