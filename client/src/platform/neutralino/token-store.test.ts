import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureWarnings, modeOf, useNodeNative } from '../../testing/node-native.ts';
import type { StoredDeviceSession } from '../types.ts';
import { osKeyring } from './keyring.ts';
import { LEGACY_STORAGE_KEY, SESSION_FILE, desktopTokenStore } from './token-store.ts';

const host = useNodeNative();
const session: StoredDeviceSession = { server_url: "http://chat.local:5000/o'brien", device_token: 'eyJ.dev.tok', device_name: 'Linux Desktop' };

/** Stand-ins for libsecret's secret-tool: CI has the command but no session keyring, so a working
 * credential store can only be faked. Same arguments, secret on stdin; entries are files. */
const WORKING_SECRET_TOOL = `#!/bin/sh
echo "$*" >> "$KEYRING/calls"
cmd=$1; shift
[ "$cmd" = store ] && shift
key=$(printf '%s' "$*" | od -An -tx1 | tr -d ' \\n')
case $cmd in
  store) cat > "$KEYRING/$key" ;;
  lookup) cat "$KEYRING/$key" 2>/dev/null || exit 1 ;;
  clear) rm -f "$KEYRING/$key" ;;
esac
`;
const FAILING_SECRET_TOOL = `#!/bin/sh
echo "secret-tool: Cannot autolaunch D-Bus without X11 $DISPLAY" >&2
exit 1
`;

/** The desktop store on real files in a temp folder; `tool` is the secret-tool on PATH (none: the
 * command is missing). Neutralino storage (the runtime's, absent in vitest) is a map. */
function setUp(tool: string | null) {
  const dir = host.dir();
  const bin = path.join(dir, 'bin');
  const keyringDir = path.join(dir, 'keyring');
  fs.mkdirSync(bin);
  fs.mkdirSync(keyringDir);
  if (tool) fs.writeFileSync(path.join(bin, 'secret-tool'), tool, { mode: 0o755 });
  const files = host.native({ PATH: tool ? `${bin}:/usr/bin:/bin` : bin, KEYRING: keyringDir });
  const storage = new Map<string, string>();
  const native = {
    ...files,
    storageGet: async (k: string) => storage.get(k) ?? null,
    storageRemove: async (k: string) => void storage.delete(k),
  };
  const dataDir = path.join(dir, 'data');
  const store = desktopTokenStore(native, osKeyring(native, 'Linux'), dataDir);
  const file = path.join(dataDir, SESSION_FILE);
  const keyringEntries = () => fs.readdirSync(keyringDir).filter((f) => f !== 'calls');
  const calls = () => (fs.existsSync(path.join(keyringDir, 'calls')) ? fs.readFileSync(path.join(keyringDir, 'calls'), 'utf8') : '');
  return { native, store, storage, file, keyringEntries, calls };
}

const warnings = captureWarnings();

describe('the desktop token store', () => {
  it('keeps the token in the OS keyring when it works: the file holds no secret', async () => {
    const t = setUp(WORKING_SECRET_TOOL);
    await t.store.save(session);
    expect(JSON.parse(fs.readFileSync(t.file, 'utf8'))).toEqual({ server_url: session.server_url, device_name: session.device_name, keyring: true });
    expect(t.keyringEntries()).toHaveLength(1);
    expect(t.calls()).toBe(`store --label=Intranet Messenger service intranet-messenger account ${session.server_url}\n`);
    expect(await t.store.load()).toEqual(session);
    expect(warnings).toEqual([]);
  });

  it('falls back to a 0600 file when secret-tool is missing', async () => {
    const t = setUp(null);
    await t.store.save(session);
    expect(JSON.parse(fs.readFileSync(t.file, 'utf8'))).toEqual(session);
    expect(modeOf(t.file)).toBe(0o600);
    expect(await t.store.load()).toEqual(session);
    expect(String(warnings[0])).toMatch(/keyring store exited 127/);
  });

  it('falls back to a 0600 file when the keyring fails (no session bus, as on CI)', async () => {
    const t = setUp(FAILING_SECRET_TOOL);
    await t.store.save(session);
    expect(JSON.parse(fs.readFileSync(t.file, 'utf8'))).toEqual(session);
    expect(modeOf(t.file)).toBe(0o600);
    expect(await t.store.load()).toEqual(session);
    expect(String(warnings[0])).toMatch(/keyring store exited 1.*D-Bus/);
  });

  it('narrows the file to 0600 before the secret is written into it', async () => {
    const t = setUp(null);
    const order: string[] = [];
    const native = {
      ...t.native,
      write: async (p: string, d: string) => (order.push(`write ${d ? 'secret' : 'empty'}`), t.native.write(p, d)),
      chmod: async (p: string, m: number) => (order.push(`chmod ${m.toString(8)}`), t.native.chmod(p, m)),
    };
    await desktopTokenStore(native, null, path.dirname(t.file)).save(session);
    expect(order).toEqual(['write empty', 'chmod 600', 'write secret']);
  });

  it('keeps nothing when the file cannot be made private', async () => {
    const t = setUp(null);
    const native = { ...t.native, chmod: async () => Promise.reject(new Error('EPERM')) };
    const store = desktopTokenStore(native, null, path.dirname(t.file));
    await store.save(session);
    expect(fs.existsSync(t.file)).toBe(false);
    expect(await store.load()).toBeNull();
    expect(String(warnings[0])).toMatch(/session not kept/);
  });

  it('clear() erases the keyring entry, the file and the old storage key', async () => {
    const t = setUp(WORKING_SECRET_TOOL);
    await t.store.save(session);
    t.storage.set(LEGACY_STORAGE_KEY, JSON.stringify(session));
    await t.store.clear();
    expect(t.keyringEntries()).toEqual([]);
    expect(fs.existsSync(t.file)).toBe(false);
    expect(t.storage.size).toBe(0);
    expect(await t.store.load()).toBeNull();
    await t.store.clear(); // nothing left: no error
  });

  it('clear() after a fallback save still asks the keyring, and removes the file', async () => {
    const t = setUp(FAILING_SECRET_TOOL);
    await t.store.save(session);
    await t.store.clear();
    expect(fs.existsSync(t.file)).toBe(false);
    expect(String(warnings.at(-1))).toMatch(/keyring clear exited 1/);
  });

  it('erases the keyring entry of the previous server when the session moves', async () => {
    const t = setUp(WORKING_SECRET_TOOL);
    await t.store.save(session);
    const moved = { ...session, server_url: 'http://other:5000', device_token: 'eyJ.other' };
    await t.store.save(moved);
    expect(t.keyringEntries()).toHaveLength(1);
    expect(await t.store.load()).toEqual(moved);
  });

  it('moves the session out of Neutralino storage at the first load, and erases it there', async () => {
    const t = setUp(FAILING_SECRET_TOOL);
    t.storage.set(LEGACY_STORAGE_KEY, JSON.stringify(session));
    expect(await t.store.load()).toEqual(session);
    expect(t.storage.has(LEGACY_STORAGE_KEY)).toBe(false);
    expect(modeOf(t.file)).toBe(0o600);
    expect(await t.store.load()).toEqual(session);
  });

  it('erases an unreadable legacy entry without keeping it', async () => {
    const t = setUp(null);
    t.storage.set(LEGACY_STORAGE_KEY, '{"server_url":');
    expect(await t.store.load()).toBeNull();
    expect(t.storage.size).toBe(0);
  });
});
