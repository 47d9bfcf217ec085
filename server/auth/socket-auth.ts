import { parse as parseCookies } from 'hono/utils/cookie';
import type { SocketData } from '../../protocol/events.ts';
import type { ErrorCode } from '../../protocol/errors/index.ts';
import { resolveLocale } from '../../protocol/locale.ts';
import type { Handshake } from '../realtime/socket-server.ts';
import type { AccessCheck } from './access.ts';
import { ACCESS_COOKIE } from './cookies.ts';

export interface SocketAuthDeps {
  checkAccess: AccessCheck;
  /** The connecting user's nickname (typing events carry it); null when the account is gone. */
  nicknameOf(userId: number): Promise<string | null>;
  /** Live: the settings file can switch it. */
  desktopOnlyMode: () => boolean;
}

/** A socket connect needs a valid access token of a live session: handshake `auth.token`
 * (desktop), or the `session` cookie (browser, refused in desktop-only mode). */
export function socketAuthenticator(deps: SocketAuthDeps): (handshake: Handshake) => Promise<SocketData | ErrorCode> {
  return async (handshake) => {
    const authToken = (handshake.auth as { token?: unknown } | undefined)?.token;
    const fromAuth = typeof authToken === 'string' && authToken ? authToken : null;
    const cookie = fromAuth ? null : (parseCookies(handshake.headers.cookie ?? '', ACCESS_COOKIE)[ACCESS_COOKIE] ?? null);
    if (cookie && deps.desktopOnlyMode()) return 'AUTH_BROWSER_LOGIN_DISABLED';
    const token = fromAuth ?? cookie;
    if (!token) return 'AUTH_LOGIN_REQUIRED';
    const auth = await deps.checkAccess(token, fromAuth ? 'bearer' : 'cookie');
    const nickname = auth ? await deps.nicknameOf(auth.userId) : null;
    if (!auth || nickname === null) return 'AUTH_SESSION_EXPIRED';
    const query = handshake.query as Record<string, unknown>;
    return {
      userId: auth.userId,
      sessionId: auth.sessionId,
      nickname,
      locale: resolveLocale({
        lang: typeof query.lang === 'string' ? query.lang : null,
        appLanguage: handshake.headers['x-app-language'] as string | undefined,
        acceptLanguage: handshake.headers['accept-language'],
      }),
    };
  };
}
