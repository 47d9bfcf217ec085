import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { osKeyring, sh } from './keyring.ts';
import type { ExecResult } from './native.ts';

/** macOS's Keychain and Windows' Credential Manager cannot exist on the Linux CI: these tests pin
 * the commands sent to them (a recording exec answers as the tool would). Linux's secret-tool
 * runs for real in token-store.test.ts. */
function recorder(answer: Partial<ExecResult> = {}) {
  const calls: Array<{ command: string; stdIn?: string }> = [];
  const native = {
    exec: async (command: string, stdIn?: string) => {
      calls.push({ command, stdIn });
      return { exitCode: 0, stdOut: '', stdErr: '', ...answer };
    },
  };
  return { native, calls };
}

const SECRET = 'eyJhbGciOiJFUzI1NiJ9.c2VjcmV0.sig';
const ACCOUNT = 'http://chat.local:5000';

/** The script inside `powershell.exe … -EncodedCommand <base64 of UTF-16LE>`. */
function powershellScript(command: string): string {
  const b64 = command.match(/^powershell\.exe -NoProfile -NonInteractive -EncodedCommand (\S+)$/)?.[1];
  expect(b64).toBeDefined();
  return Buffer.from(b64!, 'base64').toString('utf16le');
}

beforeEach(() => void vi.spyOn(console, 'warn').mockImplementation(() => {}));
afterEach(() => vi.restoreAllMocks());

describe('the OS keyring commands', () => {
  it('quote shell words, quotes included', () => {
    expect(sh("it's")).toBe(`'it'\\''s'`);
  });

  it('Linux: secret-tool with the secret on stdin', async () => {
    const { native, calls } = recorder({ stdOut: `${SECRET}\n` });
    const k = osKeyring(native, 'Linux')!;
    expect(await k.store(ACCOUNT, SECRET)).toBe(true);
    expect(await k.lookup(ACCOUNT)).toBe(SECRET);
    expect(await k.clear(ACCOUNT)).toBe(true);
    expect(calls).toEqual([
      { command: `secret-tool store --label='Intranet Messenger' service intranet-messenger account '${ACCOUNT}'`, stdIn: SECRET },
      { command: `secret-tool lookup service intranet-messenger account '${ACCOUNT}'`, stdIn: undefined },
      { command: `secret-tool clear service intranet-messenger account '${ACCOUNT}'`, stdIn: undefined },
    ]);
  });

  it('macOS: security, the add command sent on stdin to `security -i`', async () => {
    const { native, calls } = recorder({ stdOut: `${SECRET}\n` });
    const k = osKeyring(native, 'Darwin')!;
    expect(await k.store(ACCOUNT, SECRET)).toBe(true);
    expect(await k.lookup(ACCOUNT)).toBe(SECRET);
    expect(await k.clear(ACCOUNT)).toBe(true);
    expect(calls).toEqual([
      {
        command: 'security -i',
        stdIn: `add-generic-password -U -s intranet-messenger -a "${ACCOUNT}" -l "Intranet Messenger" -w "${SECRET}"\n`,
      },
      { command: `security find-generic-password -s intranet-messenger -a '${ACCOUNT}' -w`, stdIn: undefined },
      { command: `security delete-generic-password -s intranet-messenger -a '${ACCOUNT}'`, stdIn: undefined },
    ]);
  });

  it('macOS: a failed command inside `security -i` (exit 0, stderr) is a failure', async () => {
    const { native } = recorder({ stdErr: 'SecKeychainItemCreateFromContent: User interaction is not allowed.' });
    expect(await osKeyring(native, 'Darwin')!.store(ACCOUNT, SECRET)).toBe(false);
  });

  it('Windows: PasswordVault from Windows PowerShell, the secret on stdin, never in the script', async () => {
    const { native, calls } = recorder({ stdOut: SECRET });
    const k = osKeyring(native, 'Windows')!;
    await k.store("http://o'neil:5000", SECRET);
    expect(await k.lookup(ACCOUNT)).toBe(SECRET);
    await k.clear(ACCOUNT);
    const [store, lookup, clear] = calls.map((c) => ({ script: powershellScript(c.command), stdIn: c.stdIn }));
    expect(store!.stdIn).toBe(SECRET);
    expect(store!.script).not.toContain(SECRET);
    expect(store!.script).toContain('[Windows.Security.Credentials.PasswordVault,Windows.Security.Credentials,ContentType=WindowsRuntime]');
    expect(store!.script).toContain("$s=[Console]::In.ReadToEnd();");
    expect(store!.script).toContain("PasswordCredential('intranet-messenger','http://o''neil:5000',$s)");
    expect(lookup!.script).toContain(`$c=$v.Retrieve('intranet-messenger','${ACCOUNT}');$c.RetrievePassword();[Console]::Out.Write($c.Password)`);
    expect(clear!.script).toContain(`$v.Remove($v.Retrieve('intranet-messenger','${ACCOUNT}'))`);
  });

  it('a non-zero exit, or a command that cannot run, is a failure; an empty lookup is none', async () => {
    expect(await osKeyring(recorder({ exitCode: 1 }).native, 'Linux')!.store(ACCOUNT, SECRET)).toBe(false);
    expect(await osKeyring(recorder({ exitCode: 44 }).native, 'Darwin')!.lookup(ACCOUNT)).toBeNull();
    expect(await osKeyring(recorder().native, 'Linux')!.lookup(ACCOUNT)).toBeNull();
    const throwing = { exec: async () => Promise.reject(new Error('NE_RT_NATPRME')) };
    expect(await osKeyring(throwing, 'Windows')!.clear(ACCOUNT)).toBe(false);
  });

  it('is absent on an OS without a known store', () => {
    expect(osKeyring(recorder().native, 'FreeBSD')).toBeNull();
  });
});
