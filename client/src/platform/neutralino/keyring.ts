import { type Native, warn } from './native.ts';

/** The OS credential store, driven through its command-line tool: libsecret's secret-tool (Linux),
 * `security` (macOS), the WinRT PasswordVault from Windows PowerShell. One secret per account (the
 * server URL) under one service. The secret never appears on a command line (other processes can
 * read those): it goes in on standard input and comes out on standard output. Every failure —
 * tool missing, no keyring session, entry absent — is a non-zero exit. */
export interface Keyring {
  store(account: string, secret: string): Promise<boolean>;
  /** null when absent or when the store cannot be reached. */
  lookup(account: string): Promise<string | null>;
  clear(account: string): Promise<boolean>;
}

export const SERVICE = 'intranet-messenger';
const LABEL = 'Intranet Messenger';

interface Command {
  command: string;
  stdIn?: string;
}

interface Commands {
  store(account: string, secret: string): Command;
  lookup(account: string): Command;
  clear(account: string): Command;
}

/** A POSIX shell word. */
export const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** A word of `security -i`'s own command line. */
const securityWord = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
/** A PowerShell string literal. */
const psString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** PowerShell's -EncodedCommand: base64 of the UTF-16LE script, so no quoting survives cmd.exe. */
export function encodedPowerShell(script: string): string {
  let bin = '';
  for (let i = 0; i < script.length; i++) {
    const c = script.charCodeAt(i);
    bin += String.fromCharCode(c & 0xff, c >> 8);
  }
  return `powershell.exe -NoProfile -NonInteractive -EncodedCommand ${btoa(bin)}`;
}

const linux: Commands = {
  store: (account, secret) => ({ command: `secret-tool store --label=${sh(LABEL)} service ${SERVICE} account ${sh(account)}`, stdIn: secret }),
  lookup: (account) => ({ command: `secret-tool lookup service ${SERVICE} account ${sh(account)}` }),
  clear: (account) => ({ command: `secret-tool clear service ${SERVICE} account ${sh(account)}` }),
};

// `add-generic-password` takes the secret only as an argument, so it is sent as a line of
// `security -i` (interactive mode, commands read from standard input).
const macos: Commands = {
  store: (account, secret) => ({
    command: 'security -i',
    stdIn: `add-generic-password -U -s ${SERVICE} -a ${securityWord(account)} -l ${securityWord(LABEL)} -w ${securityWord(secret)}\n`,
  }),
  lookup: (account) => ({ command: `security find-generic-password -s ${SERVICE} -a ${sh(account)} -w` }),
  clear: (account) => ({ command: `security delete-generic-password -s ${SERVICE} -a ${sh(account)}` }),
};

// Windows PowerShell 5.1 (powershell.exe) loads WinRT types; a missing entry throws, so exits 1.
const vault = `$ErrorActionPreference='Stop';[void][Windows.Security.Credentials.PasswordVault,Windows.Security.Credentials,ContentType=WindowsRuntime];$v=New-Object Windows.Security.Credentials.PasswordVault;`;
const entry = (account: string) => `$v.Retrieve(${psString(SERVICE)},${psString(account)})`;
const windows: Commands = {
  store: (account, secret) => ({
    command: encodedPowerShell(
      `${vault}$s=[Console]::In.ReadToEnd();try{$v.Remove(${entry(account)})}catch{};$v.Add((New-Object Windows.Security.Credentials.PasswordCredential(${psString(SERVICE)},${psString(account)},$s)))`,
    ),
    stdIn: secret,
  }),
  lookup: (account) => ({ command: encodedPowerShell(`${vault}$c=${entry(account)};$c.RetrievePassword();[Console]::Out.Write($c.Password)`) }),
  clear: (account) => ({ command: encodedPowerShell(`${vault}$v.Remove(${entry(account)})`) }),
};

const byOs: Record<string, Commands> = { Linux: linux, Darwin: macos, Windows: windows };

/** The keyring of `os` (NL_OS), or null where there is none we know. */
export function osKeyring(native: Pick<Native, 'exec'>, os: string): Keyring | null {
  const commands = byOs[os];
  if (!commands) return null;
  /** The output, or null (logged) when the command failed. */
  async function run(what: string, { command, stdIn }: Command): Promise<string | null> {
    try {
      const r = await native.exec(command, stdIn);
      // `security -i` may exit 0 after a failed command; it says so on stderr.
      if (r.exitCode === 0 && !(os === 'Darwin' && stdIn && r.stdErr.trim())) return r.stdOut;
      warn(`keyring ${what} exited ${r.exitCode}`, r.stdErr.trim());
    } catch (err) {
      warn(`keyring ${what}`, err);
    }
    return null;
  }
  return {
    store: async (account, secret) => (await run('store', commands.store(account, secret))) !== null,
    lookup: async (account) => (await run('lookup', commands.lookup(account)))?.replace(/\r?\n$/, '') || null,
    clear: async (account) => (await run('clear', commands.clear(account))) !== null,
  };
}
