import { describe, expect, it } from 'vitest';
import { contentWithinLimit, resolveEncrypted } from './message-content.ts';

describe('encrypted default rule', () => {
  it('is false unless the content starts like v2 or v1 ciphertext', () => {
    expect(resolveEncrypted(undefined, 'hello')).toBe(false);
    expect(resolveEncrypted(null, 'v2:salt:iv:cipher:hmac')).toBe(true);
    expect(resolveEncrypted(undefined, 'U2FsdGVkX19abc')).toBe(true);
    expect(resolveEncrypted(undefined, 'v2 is out')).toBe(false);
  });

  it('keeps an explicit flag', () => {
    expect(resolveEncrypted(true, 'hello')).toBe(true);
    expect(resolveEncrypted(false, 'v2:a:b:c:d')).toBe(false);
  });
});

describe('content limits', () => {
  it('allows 10000 plaintext and 200000 encrypted code points', () => {
    expect(contentWithinLimit('a'.repeat(10_000), false)).toBe(true);
    expect(contentWithinLimit('a'.repeat(10_001), false)).toBe(false);
    expect(contentWithinLimit('a'.repeat(200_000), true)).toBe(true);
    expect(contentWithinLimit('a'.repeat(200_001), true)).toBe(false);
  });

  it('counts code points like the origin, not UTF-16 units', () => {
    expect(contentWithinLimit('😀'.repeat(10_000), false)).toBe(true);
    expect(contentWithinLimit('😀'.repeat(10_001), false)).toBe(false);
  });
});
