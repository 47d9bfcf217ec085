import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Server secrets, generated on first start into the data dir (0600) and reused after.
 * Several instances of one deployment must share this file. */
export interface Secrets {
  /** HS256 key for access and device JWTs. */
  jwtKey: Uint8Array;
  /** HMAC key for CSRF tokens and deterministic device-token secrets. */
  hmacKey: Uint8Array;
  /** AES-256 key wrapping room keys at rest. */
  masterKey: Uint8Array;
}

interface SecretsFile {
  version: 1;
  jwt_key: string;
  hmac_key: string;
  master_key: string;
}

export function loadOrCreateSecrets(dataDir: string): Secrets {
  const file = path.join(dataDir, 'secrets.json');
  fs.mkdirSync(dataDir, { recursive: true });
  let stored: SecretsFile;
  try {
    stored = JSON.parse(fs.readFileSync(file, 'utf8')) as SecretsFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      // Never regenerate over an unreadable file: that would silently log everyone out and
      // make every wrapped room key unreadable (the origin's .master_key trap).
      throw new Error(`cannot read ${file}: ${(err as Error).message}`);
    }
    stored = {
      version: 1,
      jwt_key: crypto.randomBytes(32).toString('base64'),
      hmac_key: crypto.randomBytes(32).toString('base64'),
      master_key: crypto.randomBytes(32).toString('base64'),
    };
    // wx: fail rather than overwrite if another process created it meanwhile.
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600, flag: 'wx' });
  }
  const key = (name: keyof SecretsFile) => {
    const bytes = Buffer.from(String(stored[name] ?? ''), 'base64');
    if (bytes.length !== 32) throw new Error(`${file}: ${name} must be 32 bytes of base64`);
    return new Uint8Array(bytes);
  };
  return { jwtKey: key('jwt_key'), hmacKey: key('hmac_key'), masterKey: key('master_key') };
}
