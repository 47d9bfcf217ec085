import type { SessionStateCache } from './session-state.ts';
import type { TokenService } from './tokens.ts';

/** Who is calling: from a Bearer access token (desktop) or the `session` cookie (browser). */
export interface Auth {
  userId: number;
  sessionId: number;
  via: 'bearer' | 'cookie';
}

export type AccessCheck = (token: string, via: Auth['via']) => Promise<Auth | null>;

/** The one access-token check of HTTP requests and socket connects: a valid, unexpired access
 * JWT of ours whose device session is still live (revocation is immediate: the session state is
 * checked every time, from a small cache invalidated on revoke). */
export function accessCheck(deps: { tokens: TokenService; sessionState: SessionStateCache }): AccessCheck {
  return async (token, via) => {
    const claims = await deps.tokens.verifyAccess(token);
    if (!claims || !(await deps.sessionState.isLive(claims.sessionId, claims.userId))) return null;
    return { userId: claims.userId, sessionId: claims.sessionId, via };
  };
}
