import { describe, expect, it } from 'vitest';
import { isBackupPath, manifestSchema } from './manifest.ts';

describe('backup manifest', () => {
  it('accepts only the known file shapes, so restore never writes outside its target', () => {
    for (const ok of ['messenger.db', 'secrets.json', 'settings.json', 'release-signing-key.json', `uploads/${'a'.repeat(32)}.png`, `uploads/thumbs/${'b'.repeat(32)}.webp`, `uploads/profiles/7_${'c'.repeat(32)}.webp`]) {
      expect(isBackupPath(ok), ok).toBe(true);
    }
    for (const bad of ['../secrets.json', '/etc/passwd', 'uploads/../../x', `uploads/tmp/${'a'.repeat(32)}.part`, 'uploads/evil.sh', 'messenger.db-wal', '']) {
      expect(isBackupPath(bad), bad).toBe(false);
    }
    const manifest = { format: 'intranet-messenger-backup', format_version: 1, created_at: 'x', app_version: '1', schema_version: 4, row_counts: {}, files: [{ path: '../../etc/cron.d/x', bytes: 1, sha256: 'a'.repeat(64) }] };
    expect(manifestSchema.safeParse(manifest).success).toBe(false);
  });
});
