import crypto from 'node:crypto';
import type { Row } from '@libsql/client';
import type { DeviceSession } from '../../protocol/rest/auth.ts';
import type { TokenService } from '../auth/tokens.ts';
import { sha256Hex } from '../auth/tokens.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { DAY_MS, nowIso } from '../db/time.ts';

export interface SessionRow {
  id: number;
  userId: number;
  generation: number;
  tokenHash: string;
  prevTokenHash: string | null;
  tokenNonce: string;
  expiresAt: string;
  absoluteExpiresAt: string;
  revokedAt: string | null;
  remember: boolean;
  ttlDays: number;
}

export interface IssuedSession {
  sessionId: number;
  userId: number;
  deviceToken: string;
  expiresAt: string;
  remember: boolean;
}

export type RefreshOutcome =
  | ({ kind: 'ok' } & IssuedSession)
  | { kind: 'invalid' }
  /** A replaced token came back: the whole session is revoked. */
  | { kind: 'reused'; sessionId: number; userId: number };

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

function toRow(r: Row): SessionRow {
  return {
    id: Number(r.id),
    userId: Number(r.user_id),
    generation: Number(r.generation),
    tokenHash: String(r.token_hash),
    prevTokenHash: r.prev_token_hash == null ? null : String(r.prev_token_hash),
    tokenNonce: String(r.token_nonce),
    expiresAt: String(r.expires_at),
    absoluteExpiresAt: String(r.absolute_expires_at),
    revokedAt: r.revoked_at == null ? null : String(r.revoked_at),
    remember: Number(r.remember) === 1,
    ttlDays: Number(r.ttl_days),
  };
}

const earliest = (a: string, b: string) => (a < b ? a : b);

/** Device sessions: one row per device, rotated in place (the id never changes). */
export class DeviceSessionRepo {
  constructor(
    private readonly db: Db,
    private readonly tokens: TokenService,
    private readonly config: Pick<Config, 'deviceSessionTtlDays' | 'deviceSessionShortTtlDays' | 'deviceSessionMaxDays'>,
  ) {}

  private newNonce(): string {
    return crypto.randomBytes(16).toString('base64url');
  }

  private async issue(row: Pick<SessionRow, 'id' | 'generation' | 'tokenNonce' | 'expiresAt'>): Promise<string> {
    return (await this.tokens.signDevice(row.id, row.generation, row.tokenNonce, new Date(row.expiresAt))).token;
  }

  async create(input: {
    userId: number;
    deviceName: string;
    remember: boolean;
    clientKind: 'desktop' | 'browser';
    client: ClientInfo;
  }): Promise<IssuedSession> {
    const ttlDays = input.remember ? this.config.deviceSessionTtlDays : this.config.deviceSessionShortTtlDays;
    const now = Date.now();
    const absolute = new Date(now + this.config.deviceSessionMaxDays * DAY_MS).toISOString();
    const expiresAt = earliest(new Date(now + ttlDays * DAY_MS).toISOString(), absolute);
    const nonce = this.newNonce();
    const hash = sha256Hex(this.tokens.deviceSecret(nonce));
    const rs = await this.db.execute({
      sql: `INSERT INTO device_sessions (user_id, device_id, device_name, client_kind, token_hash, token_nonce, generation,
              expires_at, absolute_expires_at, ip, user_agent, remember, ttl_days, created_at, last_used_at)
            VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      args: [
        input.userId,
        crypto.randomUUID().replaceAll('-', ''),
        input.deviceName,
        input.clientKind,
        hash,
        nonce,
        expiresAt,
        absolute,
        input.client.ip?.slice(0, 64) ?? null,
        input.client.userAgent?.slice(0, 500) ?? null,
        input.remember ? 1 : 0,
        ttlDays,
        nowIso(),
        nowIso(),
      ],
    });
    const id = Number(rs.rows[0]!.id);
    const deviceToken = await this.issue({ id, generation: 1, tokenNonce: nonce, expiresAt });
    return { sessionId: id, userId: input.userId, deviceToken, expiresAt, remember: input.remember };
  }

  async get(sessionId: number): Promise<SessionRow | null> {
    const rs = await this.db.execute({ sql: 'SELECT * FROM device_sessions WHERE id = ?', args: [sessionId] });
    return rs.rows[0] ? toRow(rs.rows[0]) : null;
  }

  static isLive(row: Pick<SessionRow, 'revokedAt' | 'expiresAt' | 'absoluteExpiresAt'>, now = nowIso()): boolean {
    return row.revokedAt === null && row.expiresAt > now && row.absoluteExpiresAt > now;
  }

  /** Whose session it is and whether it is live now (for the session-state cache); null when unknown. */
  async liveState(sessionId: number): Promise<{ userId: number; live: boolean } | null> {
    const rs = await this.db.execute({
      sql: 'SELECT user_id, revoked_at, expires_at, absolute_expires_at FROM device_sessions WHERE id = ?',
      args: [sessionId],
    });
    const r = rs.rows[0];
    if (!r) return null;
    const row = { revokedAt: r.revoked_at == null ? null : String(r.revoked_at), expiresAt: String(r.expires_at), absoluteExpiresAt: String(r.absolute_expires_at) };
    return { userId: Number(r.user_id), live: DeviceSessionRepo.isLive(row) };
  }

  /** Rotation with reuse detection. The presented token is, by generation:
   * - current → rotate (the old one becomes `prev`, valid until the new one is first used);
   * - previous, while the current has not been used → answer the current token again;
   * - anything older (or a current-generation token that is not the current one) → a replay:
   *   revoke the session. */
  async refresh(deviceToken: string, client: ClientInfo): Promise<RefreshOutcome> {
    const claims = await this.tokens.verifyDevice(deviceToken);
    if (!claims) return { kind: 'invalid' };
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await this.get(claims.sessionId);
      if (!row || !DeviceSessionRepo.isLive(row)) return { kind: 'invalid' };
      const hash = sha256Hex(claims.secret);
      if (claims.generation === row.generation && hash === row.tokenHash) {
        const rotated = await this.rotate(row, client);
        if (rotated) return rotated;
        continue; // a concurrent refresh rotated first: look again
      }
      if (claims.generation === row.generation - 1 && hash === row.prevTokenHash) {
        await this.touch(row.id, client);
        return {
          kind: 'ok',
          sessionId: row.id,
          userId: row.userId,
          deviceToken: await this.issue(row),
          expiresAt: row.expiresAt,
          remember: row.remember,
        };
      }
      await this.revoke(row.id, 'token_reuse');
      return { kind: 'reused', sessionId: row.id, userId: row.userId };
    }
    return { kind: 'invalid' };
  }

  private async rotate(row: SessionRow, client: ClientInfo): Promise<RefreshOutcome | null> {
    const now = Date.now();
    const expiresAt = earliest(new Date(now + row.ttlDays * DAY_MS).toISOString(), row.absoluteExpiresAt);
    const nonce = this.newNonce();
    const hash = sha256Hex(this.tokens.deviceSecret(nonce));
    const generation = row.generation + 1;
    // Compare-and-set on (generation, token_hash): two refreshes racing rotate once.
    const rs = await this.db.execute({
      sql: `UPDATE device_sessions SET prev_token_hash = token_hash, token_hash = ?, token_nonce = ?, generation = ?,
              expires_at = ?, last_used_at = ?, ip = COALESCE(?, ip), user_agent = COALESCE(?, user_agent)
            WHERE id = ? AND generation = ? AND token_hash = ? AND revoked_at IS NULL`,
      args: [
        hash,
        nonce,
        generation,
        expiresAt,
        nowIso(),
        client.ip?.slice(0, 64) ?? null,
        client.userAgent?.slice(0, 500) ?? null,
        row.id,
        row.generation,
        row.tokenHash,
      ],
    });
    if (rs.rowsAffected !== 1) return null;
    const deviceToken = await this.issue({ id: row.id, generation, tokenNonce: nonce, expiresAt });
    return { kind: 'ok', sessionId: row.id, userId: row.userId, deviceToken, expiresAt, remember: row.remember };
  }

  private async touch(sessionId: number, client: ClientInfo): Promise<void> {
    await this.db.execute({
      sql: 'UPDATE device_sessions SET last_used_at = ?, ip = COALESCE(?, ip), user_agent = COALESCE(?, user_agent) WHERE id = ?',
      args: [nowIso(), client.ip?.slice(0, 64) ?? null, client.userAgent?.slice(0, 500) ?? null, sessionId],
    });
  }

  /** The session a device token names, if its signature is ours (for logout by token). */
  async sessionIdOf(deviceToken: string): Promise<number | null> {
    return (await this.tokens.verifyDevice(deviceToken))?.sessionId ?? null;
  }

  /** Revoke one session; true if it was live. */
  async revoke(sessionId: number, reason: string, userId?: number): Promise<boolean> {
    const rs = await this.db.execute({
      sql: `UPDATE device_sessions SET revoked_at = ?, revoke_reason = ?
            WHERE id = ? AND revoked_at IS NULL ${userId === undefined ? '' : 'AND user_id = ?'}`,
      args: userId === undefined ? [nowIso(), reason, sessionId] : [nowIso(), reason, sessionId, userId],
    });
    return rs.rowsAffected === 1;
  }

  /** Revoke every live session of a user except one; returns the revoked ids. */
  async revokeAllForUser(userId: number, reason: string, exceptSessionId?: number): Promise<number[]> {
    const rs = await this.db.execute({
      sql: `UPDATE device_sessions SET revoked_at = ?, revoke_reason = ?
            WHERE user_id = ? AND revoked_at IS NULL AND id <> ? RETURNING id`,
      args: [nowIso(), reason, userId, exceptSessionId ?? 0],
    });
    return rs.rows.map((r) => Number(r.id));
  }

  async list(userId: number, includeExpired: boolean, currentSessionId: number | null): Promise<DeviceSession[]> {
    const now = nowIso();
    const rs = await this.db.execute({
      sql: `SELECT * FROM device_sessions
            WHERE user_id = ? AND revoked_at IS NULL ${includeExpired ? '' : 'AND expires_at > ? AND absolute_expires_at > ?'}
            ORDER BY last_used_at DESC, id DESC`,
      args: includeExpired ? [userId] : [userId, now, now],
    });
    return rs.rows.map((r) => {
      const row = toRow(r);
      return {
        id: row.id,
        user_id: row.userId,
        device_id: String(r.device_id),
        device_name: String(r.device_name),
        created_at: String(r.created_at),
        last_used_at: String(r.last_used_at),
        expires_at: row.expiresAt,
        ip: r.ip == null ? null : String(r.ip),
        user_agent: r.user_agent == null ? null : String(r.user_agent),
        remember: row.remember,
        ttl_days: row.ttlDays,
        is_expired: DeviceSessionRepo.isLive(row, now) ? 0 : 1,
        is_current: row.id === currentSessionId,
      };
    });
  }

  async countRevokedSince(userId: number, sinceIso: string): Promise<number> {
    const rs = await this.db.execute({
      sql: 'SELECT COUNT(*) AS n FROM device_sessions WHERE user_id = ? AND revoked_at >= ?',
      args: [userId, sinceIso],
    });
    return Number(rs.rows[0]!.n);
  }

  /** Maintenance: drop rows revoked over 30 days ago, expired, or unused for 90 days (origin policy). */
  async cleanupStale(revokedGraceDays = 30, maxInactiveDays = 90): Promise<number> {
    const now = Date.now();
    const rs = await this.db.execute({
      sql: `DELETE FROM device_sessions
            WHERE (revoked_at IS NOT NULL AND revoked_at < ?) OR expires_at < ? OR absolute_expires_at < ? OR last_used_at < ?`,
      args: [
        new Date(now - revokedGraceDays * DAY_MS).toISOString(),
        new Date(now - revokedGraceDays * DAY_MS).toISOString(),
        new Date(now - revokedGraceDays * DAY_MS).toISOString(),
        new Date(now - maxInactiveDays * DAY_MS).toISOString(),
      ],
    });
    return rs.rowsAffected;
  }
}
