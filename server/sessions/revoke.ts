import type { SessionStateCache } from '../auth/session-state.ts';
import type { Broadcast } from '../realtime/broadcast.ts';

/** After sessions are revoked in the database: forget their cached state and drop their sockets,
 * so REST and realtime refuse them at once. The one path every revocation takes. */
export interface SessionEnd {
  sessions(sessionIds: readonly number[]): void;
  /** The account is gone: every session of it, cached or connected. */
  user(userId: number): void;
}

export function sessionEnd(deps: { sessionState: SessionStateCache; broadcast: Broadcast }): SessionEnd {
  return {
    sessions(sessionIds) {
      if (sessionIds.length === 0) return;
      deps.sessionState.invalidate(sessionIds);
      deps.broadcast.disconnect({ sessions: sessionIds });
    },
    user(userId) {
      deps.sessionState.invalidateUser(userId);
      deps.broadcast.disconnect({ users: [userId] });
    },
  };
}
