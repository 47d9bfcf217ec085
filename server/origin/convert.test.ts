import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/passwords.ts';
import { KST_OFFSET_MINUTES, convertPasswordHash, originUploadPath, roomFileName, toUtcIso, unescapeHtml, unwrapOriginRoomKey, wrapOriginRoomKey } from './convert.ts';

describe('origin conversions', () => {
  it('reads KST wall clocks, UTC defaults and zoned values as UTC ISO', () => {
    expect(toUtcIso('2026-01-01 08:59:59', KST_OFFSET_MINUTES)).toBe('2025-12-31T23:59:59.000Z');
    expect(toUtcIso('2026-01-01T12:00:00.123456', KST_OFFSET_MINUTES)).toBe('2026-01-01T03:00:00.123Z');
    expect(toUtcIso('2026-01-01 12:00:00', 0)).toBe('2026-01-01T12:00:00.000Z');
    expect(toUtcIso('2026-01-01T12:00:00+09:00', 0)).toBe('2026-01-01T03:00:00.000Z');
    expect(toUtcIso('2026-01-01T12:00:00Z', KST_OFFSET_MINUTES)).toBe('2026-01-01T12:00:00.000Z');
    expect(toUtcIso('', 0)).toBeNull();
    expect(toUtcIso('yesterday', 0)).toBeNull();
    expect(toUtcIso(null, 0)).toBeNull();
  });

  it('verifies origin bcrypt and legacy salted SHA-256 hashes, asking for a re-hash', async () => {
    const b = convertPasswordHash(bcrypt.hashSync('암호1', 4), 'salt');
    expect('hash' in b && b.kind).toBe('bcrypt');
    if (!('hash' in b)) return;
    expect(await verifyPassword('암호1', b.hash)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword('암호2', b.hash)).toEqual({ ok: false, needsRehash: false });
    expect((await verifyPassword('암호1', b.hash.replace(/^\$2b\$/, '$2y$'))).ok).toBe(true);

    const hex = crypto.createHash('sha256').update('s4lt' + 'pw' + 's4lt').digest('hex');
    const l = convertPasswordHash(hex, 's4lt');
    if (!('hash' in l)) throw new Error('not converted');
    expect(l.kind).toBe('legacy-sha256');
    expect(await verifyPassword('pw', l.hash)).toEqual({ ok: true, needsRehash: true });
    const wrongSalt = convertPasswordHash(hex, 'other') as { hash: string };
    expect((await verifyPassword('pw', wrongSalt.hash)).ok).toBe(false);
    expect(convertPasswordHash('plaintext', 'x')).toEqual({ skip: 'password hash in an unknown format' });
  });

  it("unwraps the origin's room keys; a wrong master key is an error, never the blob", () => {
    const master = crypto.randomBytes(32);
    const key = crypto.randomBytes(32).toString('base64');
    const stored = wrapOriginRoomKey(key, master);
    expect(stored).toHaveLength(88);
    expect(unwrapOriginRoomKey(stored, master)).toBe(key);
    expect(() => unwrapOriginRoomKey(stored, crypto.randomBytes(32))).toThrow();
    expect(() => unwrapOriginRoomKey(stored, null)).toThrow(/master key/);
    expect(unwrapOriginRoomKey('c2hvcnQ=', null)).toBe('c2hvcnQ=');
  });

  it('names copied uploads from their origin path, and keeps paths inside the uploads folder', () => {
    expect(roomFileName('20260101_ab_x.PDF')).toMatch(/^[0-9a-f]{32}\.pdf$/);
    expect(roomFileName('20260101_ab_x.PDF')).toBe(roomFileName('20260101_ab_x.PDF'));
    expect(roomFileName('noext')).toMatch(/\.bin$/);
    expect(roomFileName('uploads/20260101_ab_x.PDF')).toBe(roomFileName('20260101_ab_x.PDF'));
    expect(originUploadPath('/o/uploads', '../.master_key')).toBeNull();
    expect(originUploadPath('/o/uploads', 'profiles/1_a.png')).toBe('/o/uploads/profiles/1_a.png');
    expect(unescapeHtml('a &amp;lt; &lt;b&gt; &quot;c&#x27;')).toBe('a &lt; <b> "c\'');
  });
});
