import type { SessionStateCache } from '../auth/session-state.ts';
import type { ClusterBus } from '../cluster/bus.ts';
import type { Broadcast } from '../realtime/broadcast.ts';

/** After sessions are revoked in the database: forget their cached state and drop their sockets,
 * so REST and realtime refuse them at once — on every instance. The one path every revocation takes. */
export interface SessionEnd {
  sessions(sessionIds: readonly number[]): void;
  /** The account is gone: every session of it, cached or connected. */
  user(userId: number): void;
}

export function sessionEnd(deps: { sessionState: SessionStateCache; broadcast: Broadcast; bus: ClusterBus }): SessionEnd {
  // Every instance drops its cached answer when any instance revokes.
  deps.bus.subscribe((event) => {
    if (event.kind === 'sessions_ended') deps.sessionState.invalidate(event.sessions);
    if (event.kind === 'user_ended') deps.sessionState.invalidateUser(event.userId);
  });
  // The bus event goes out before the adapter's disconnect on the same Redis connection, so an
  // instance has dropped its cache before the cut socket can try to reconnect there.
  return {
    sessions(sessionIds) {
      if (sessionIds.length === 0) return;
      deps.bus.publish({ kind: 'sessions_ended', sessions: [...sessionIds] });
      deps.broadcast.disconnect({ sessions: sessionIds });
    },
    user(userId) {
      deps.bus.publish({ kind: 'user_ended', userId });
      deps.broadcast.disconnect({ users: [userId] });
    },
  };
}
