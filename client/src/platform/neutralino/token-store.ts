import type { StoredDeviceSession, TokenStore } from '../types.ts';
import type { Keyring } from './keyring.ts';
import { type Native, warn } from './native.ts';

/** Where the earlier desktop build kept the session, token included (Neutralino storage writes
 * files 0644). Moved out at the first load, erased by every clear. */
export const LEGACY_STORAGE_KEY = 'device_session';
export const SESSION_FILE = 'device-session.json';

/** The session file: the whole session when the token could not go to the keyring, else the
 * session without its token and `keyring: true`. */
type Kept = StoredDeviceSession | (Omit<StoredDeviceSession, 'device_token'> & { keyring: true });

/** A file only this user can read: Neutralino creates files 0644, so the file is created empty,
 * narrowed to 0600, and only then given its content. */
export async function writePrivate(native: Pick<Native, 'mkdir' | 'write' | 'chmod' | 'remove'>, dir: string, path: string, data: string): Promise<void> {
  await native.mkdir(dir);
  await native.write(path, '');
  try {
    await native.chmod(path, 0o600);
  } catch (err) {
    await native.remove(path);
    throw err;
  }
  await native.write(path, data);
}

function parse(raw: string | null): Kept | null {
  try {
    const v = raw ? (JSON.parse(raw) as Partial<StoredDeviceSession> & { keyring?: true }) : null;
    if (typeof v?.server_url !== 'string' || typeof v.device_name !== 'string') return null;
    if (v.keyring === true || typeof v.device_token === 'string') return v as Kept;
  } catch {
    // unreadable: treated as absent
  }
  return null;
}

/** The device token in the OS credential store, or — where there is none, or it fails — in a
 * 0600 file of the per-user data folder (NL_DATAPATH). Never in localStorage or Neutralino
 * storage. The session file says which, so a load asks the keyring only when it holds the token. */
export function desktopTokenStore(native: Pick<Native, 'read' | 'write' | 'chmod' | 'remove' | 'mkdir' | 'storageGet' | 'storageRemove'>, keyring: Keyring | null, dataDir: string): TokenStore {
  const file = `${dataDir}/${SESSION_FILE}`;
  const kept = async () => parse(await native.read(file).catch((err) => (warn('read session file', err), null)));

  async function save(session: StoredDeviceSession): Promise<void> {
    const before = await kept();
    const { device_token, ...rest } = session;
    const inKeyring = (await keyring?.store(session.server_url, device_token)) ?? false;
    // A token the keyring still holds but the file no longer points to: a stale one, erased.
    if (before && 'keyring' in before && (before.server_url !== session.server_url || !inKeyring)) await keyring?.clear(before.server_url);
    const next: Kept = inKeyring ? { ...rest, keyring: true } : session;
    try {
      await writePrivate(native, dataDir, file, JSON.stringify(next));
    } catch (err) {
      warn('session not kept', err);
    }
  }

  /** The earlier build's storage entry, moved into this store. */
  async function migrate(): Promise<void> {
    const raw = await native.storageGet(LEGACY_STORAGE_KEY).catch((err) => (warn('read legacy session', err), null));
    if (raw === null) return;
    const old = parse(raw);
    if (old && 'device_token' in old) await save(old);
    await native.storageRemove(LEGACY_STORAGE_KEY).catch((err) => warn('erase legacy session', err));
  }

  return {
    async load() {
      await migrate();
      const k = await kept();
      if (!k || !('keyring' in k)) return k;
      const token = (await keyring?.lookup(k.server_url)) ?? null;
      return token ? { server_url: k.server_url, device_token: token, device_name: k.device_name } : null;
    },
    save,
    async clear() {
      const k = await kept();
      if (k) await keyring?.clear(k.server_url);
      await native.remove(file).catch((err) => warn('remove session file', err));
      await native.storageRemove(LEGACY_STORAGE_KEY).catch((err) => warn('erase legacy session', err));
    },
  };
}
