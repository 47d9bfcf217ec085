import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATABASE_FILE, MANIFEST_FILE, type Manifest, UPLOADS_PREFIX, hashFile, manifestSchema } from './manifest.ts';
import { BackupRepo } from './repo.ts';

export type Verdict = { ok: true; manifest: Manifest } | { ok: false; reasons: string[] };

/** Every file under `dir`, as posix paths relative to it. */
function walk(dir: string, sub = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(dir, rel));
    else out.push(rel);
  }
  return out;
}

function readManifest(dir: string): Manifest | string {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8'));
  } catch (err) {
    return `${MANIFEST_FILE}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing (an unfinished backup?)' : (err as Error).message}`;
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) return `${MANIFEST_FILE}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
  return parsed.data;
}

/** Checks a backup folder: every file against the manifest's SHA-256 (integrity_check alone misses
 * flipped bytes in a data page), nothing unlisted, the database's integrity and row counts, every
 * upload it references present, and usable secrets. The folder itself is never modified. */
export async function verifyBackup(dir: string): Promise<Verdict> {
  if (!fs.existsSync(dir)) return { ok: false, reasons: [`${dir} does not exist`] };
  const manifest = readManifest(dir);
  if (typeof manifest === 'string') return { ok: false, reasons: [manifest] };
  const reasons: string[] = [];

  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const abs = path.join(dir, f.path);
    if (!fs.existsSync(abs)) {
      reasons.push(`${f.path}: missing`);
      continue;
    }
    const actual = await hashFile(abs);
    if (actual.bytes !== f.bytes || actual.sha256 !== f.sha256) reasons.push(`${f.path}: SHA-256 mismatch (the file changed after the backup)`);
  }
  for (const rel of walk(dir)) if (rel !== MANIFEST_FILE && !listed.has(rel)) reasons.push(`${rel}: not in the manifest`);
  if (!listed.has(DATABASE_FILE)) reasons.push(`${DATABASE_FILE}: not in the manifest`);
  if (!listed.has('secrets.json')) reasons.push('secrets.json: not in the manifest (room keys and sessions would be lost)');
  else reasons.push(...checkSecrets(path.join(dir, 'secrets.json')));
  if (fs.existsSync(path.join(dir, DATABASE_FILE))) reasons.push(...(await checkDatabase(dir, manifest, listed)));
  return reasons.length ? { ok: false, reasons } : { ok: true, manifest };
}

function checkSecrets(file: string): string[] {
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const bad = ['jwt_key', 'hmac_key', 'master_key'].filter((k) => Buffer.from(String(s[k] ?? ''), 'base64').length !== 32);
    return bad.length ? [`secrets.json: ${bad.join(', ')} not 32 bytes`] : [];
  } catch (err) {
    return [`secrets.json: ${(err as Error).message}`];
  }
}

/** On a temporary copy: opening a database may write journal files beside it. */
async function checkDatabase(dir: string, manifest: Manifest, listed: Set<string>): Promise<string[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-verify-'));
  const copy = path.join(tmp, DATABASE_FILE);
  const reasons: string[] = [];
  try {
    fs.copyFileSync(path.join(dir, DATABASE_FILE), copy);
    const db = await BackupRepo.open(copy);
    try {
      const integrity = await db.integrityCheck();
      if (integrity.join() !== 'ok') return [`${DATABASE_FILE}: integrity_check: ${integrity.slice(0, 3).join('; ')}`];
      const counts = await db.rowCounts();
      for (const table of new Set([...Object.keys(counts), ...Object.keys(manifest.row_counts)])) {
        if (counts[table] !== manifest.row_counts[table]) reasons.push(`${DATABASE_FILE}: table ${table} has ${counts[table] ?? 'no'} rows, the manifest says ${manifest.row_counts[table] ?? 'none'}`);
      }
      for (const stored of await db.referencedUploads()) {
        if (!listed.has(UPLOADS_PREFIX + stored)) reasons.push(`uploads/${stored}: referenced by the database but not in the backup`);
      }
    } finally {
      db.close();
    }
  } catch (err) {
    reasons.push(`${DATABASE_FILE}: ${(err as Error).message}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return reasons;
}
