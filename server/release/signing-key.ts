import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The Ed25519 key that signs desktop releases: DATA_DIR/release-signing-key.json (0600), made on
 * first use. Its public half is what `desktop:build` embeds in the client (or RELEASE_PUBLIC_KEY). */
export const SIGNING_KEY_FILE = 'release-signing-key.json';

interface KeyFile {
  version: 1;
  alg: 'ed25519';
  /** PKCS#8 DER, base64. */
  private_key: string;
  /** The raw 32-byte public key, base64. */
  public_key: string;
}

export interface SigningKey {
  publicKey: string;
  sign(message: string): string;
}

const rawPublic = (key: crypto.KeyObject) => Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url').toString('base64');

function fromFile(stored: KeyFile, file: string): SigningKey {
  const privateKey = crypto.createPrivateKey({ key: Buffer.from(stored.private_key, 'base64'), format: 'der', type: 'pkcs8' });
  const publicKey = rawPublic(crypto.createPublicKey(privateKey));
  if (publicKey !== stored.public_key) throw new Error(`${file}: public_key does not match private_key`);
  return { publicKey, sign: (message) => crypto.sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64') };
}

/** The key, if DATA_DIR has one. */
export function readSigningKey(dataDir: string): SigningKey | null {
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  if (!fs.existsSync(file)) return null;
  return fromFile(JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile, file);
}

export function loadOrCreateSigningKey(dataDir: string): { key: SigningKey; created: boolean } {
  const existing = readSigningKey(dataDir);
  if (existing) return { key: existing, created: false };
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const stored: KeyFile = {
    version: 1,
    alg: 'ed25519',
    private_key: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    public_key: rawPublic(crypto.createPublicKey(privateKey)),
  };
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  // wx: never replace a key another process just made (clients already trust one key).
  fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600, flag: 'wx' });
  return { key: fromFile(stored, file), created: true };
}
