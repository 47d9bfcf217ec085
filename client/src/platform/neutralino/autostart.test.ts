import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureWarnings, useNodeNative } from '../../testing/node-native.ts';
import { RUN_KEY, desktopEntry, executablePath, osAutostart, regCommands } from './autostart.ts';

const host = useNodeNative();
const EXE = '/opt/Intranet Messenger/intranet-messenger-linux_x64';

const warnings = captureWarnings();

describe('executablePath', () => {
  it('joins NL_PATH (made absolute against NL_CWD) with the name the binary was started by', () => {
    const g = { NL_CWD: '/home/kim', NL_ARGS: ['./intranet-messenger-linux_x64', '--x'] };
    expect(executablePath({ ...g, NL_PATH: '/opt/app' })).toBe('/opt/app/intranet-messenger-linux_x64');
    expect(executablePath({ ...g, NL_PATH: '.' })).toBe('/home/kim/intranet-messenger-linux_x64');
    expect(executablePath({ ...g, NL_PATH: './apps/im/' })).toBe('/home/kim/apps/im/intranet-messenger-linux_x64');
    expect(executablePath({ NL_CWD: 'C:/Users/kim', NL_PATH: 'C:/Apps/IM', NL_ARGS: ['C:\\Apps\\IM\\intranet-messenger-win_x64.exe'] })).toBe(
      'C:/Apps/IM/intranet-messenger-win_x64.exe',
    );
  });
});

describe('autostart on Linux', () => {
  function setUp(env: Record<string, string>) {
    const native = host.native(env);
    return { native, autostart: osAutostart(native, 'Linux', EXE)! };
  }

  it('writes $XDG_CONFIG_HOME/autostart/intranet-messenger.desktop, exactly', async () => {
    const config = path.join(host.dir(), 'config');
    const { autostart } = setUp({ XDG_CONFIG_HOME: config });
    expect(await autostart.isEnabled()).toBe(false);
    await autostart.setEnabled(true);
    expect(fs.readFileSync(path.join(config, 'autostart', 'intranet-messenger.desktop'), 'utf8')).toBe(`[Desktop Entry]
Type=Application
Name=Intranet Messenger
Name[ko]=사내 메신저
Exec="/opt/Intranet Messenger/intranet-messenger-linux_x64"
Terminal=false
X-GNOME-Autostart-enabled=true
`);
    expect(await autostart.isEnabled()).toBe(true);
  });

  it('defaults to ~/.config, and is idempotent on and off', async () => {
    const home = host.dir();
    const { autostart } = setUp({ HOME: home, XDG_CONFIG_HOME: '' });
    const dir = path.join(home, '.config', 'autostart');
    await autostart.setEnabled(true);
    await autostart.setEnabled(true);
    expect(fs.readdirSync(dir)).toEqual(['intranet-messenger.desktop']);
    await autostart.setEnabled(false);
    expect(fs.readdirSync(dir)).toEqual([]);
    await autostart.setEnabled(false); // absent: no error
    expect(await autostart.isEnabled()).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('quotes the Exec path as the desktop entry spec asks', () => {
    expect(desktopEntry('/opt/a "b" $c\\d 100%/im')).toContain('Exec="/opt/a \\\\"b\\\\" \\\\$c\\\\\\\\d 100%%/im"\n');
  });

  it('logs and rethrows a failure', async () => {
    const { native } = setUp({ XDG_CONFIG_HOME: host.dir() });
    const autostart = osAutostart({ ...native, write: () => Promise.reject(new Error('EACCES')) }, 'Linux', EXE)!;
    await expect(autostart.setEnabled(true)).rejects.toThrow('EACCES');
    expect(String(warnings[0])).toMatch(/autostart on/);
  });
});

describe('autostart on macOS', () => {
  it('writes ~/Library/LaunchAgents/local.intranet.messenger.plist, exactly, idempotently', async () => {
    const home = host.dir();
    const autostart = osAutostart(host.native({ HOME: home }), 'Darwin', '/Applications/IM & Co/intranet-messenger-mac_universal')!;
    const dir = path.join(home, 'Library', 'LaunchAgents');
    await autostart.setEnabled(true);
    await autostart.setEnabled(true);
    expect(fs.readdirSync(dir)).toEqual(['local.intranet.messenger.plist']);
    expect(fs.readFileSync(path.join(dir, 'local.intranet.messenger.plist'), 'utf8')).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>local.intranet.messenger</string>
  <key>ProgramArguments</key>
  <array>
    <string>/Applications/IM &amp; Co/intranet-messenger-mac_universal</string>
  </array>
  <key>RunAtLoad</key>
  <true/>
</dict>
</plist>
`);
    expect(await autostart.isEnabled()).toBe(true);
    await autostart.setEnabled(false);
    await autostart.setEnabled(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('autostart on Windows', () => {
  /** The registry cannot exist on the Linux CI: reg.exe answers from a map, and records. */
  function fakeReg() {
    const values = new Map<string, string>();
    const commands: string[] = [];
    const exec = async (command: string) => {
      commands.push(command);
      const name = command.match(/ \/v (\S+)/)?.[1] ?? '';
      const ok = command.startsWith('reg add') ? (values.set(name, command.match(/\/d "(.*)" \/f$/)![1]!), true) : values.has(name);
      if (command.startsWith('reg delete')) values.delete(name);
      return { exitCode: ok ? 0 : 1, stdOut: '', stdErr: ok ? '' : 'ERROR: The system was unable to find the specified registry key or value.' };
    };
    return { values, commands, exec };
  }
  const exe = 'C:/Program Files/IM/intranet-messenger-win_x64.exe';

  it('sets the Run value with reg add, idempotently', async () => {
    const reg = fakeReg();
    const autostart = osAutostart({ ...host.native(), exec: reg.exec }, 'Windows', exe)!;
    await autostart.setEnabled(true);
    await autostart.setEnabled(true);
    expect(reg.values).toEqual(new Map([['IntranetMessenger', '\\"C:\\Program Files\\IM\\intranet-messenger-win_x64.exe\\"']]));
    expect(reg.commands).toEqual([
      `reg add "${RUN_KEY}" /v IntranetMessenger /t REG_SZ /d "\\"C:\\Program Files\\IM\\intranet-messenger-win_x64.exe\\"" /f`,
      `reg add "${RUN_KEY}" /v IntranetMessenger /t REG_SZ /d "\\"C:\\Program Files\\IM\\intranet-messenger-win_x64.exe\\"" /f`,
    ]);
    expect(RUN_KEY).toBe('HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run');
    expect(await autostart.isEnabled()).toBe(true);
  });

  it('deletes it with reg delete, and not at all when it is absent', async () => {
    const reg = fakeReg();
    const autostart = osAutostart({ ...host.native(), exec: reg.exec }, 'Windows', exe)!;
    await autostart.setEnabled(false);
    expect(reg.commands).toEqual([regCommands(exe).query]);
    await autostart.setEnabled(true);
    await autostart.setEnabled(false);
    expect(reg.commands.slice(-2)).toEqual([`reg query "${RUN_KEY}" /v IntranetMessenger`, `reg delete "${RUN_KEY}" /v IntranetMessenger /f`]);
    expect(reg.values.size).toBe(0);
    expect(await autostart.isEnabled()).toBe(false);
  });

  it('rejects when reg fails', async () => {
    const failing = async () => ({ exitCode: 1, stdOut: '', stdErr: 'ERROR: Access is denied.' });
    const autostart = osAutostart({ ...host.native(), exec: failing }, 'Windows', exe)!;
    await expect(autostart.setEnabled(true)).rejects.toThrow(/exited 1: ERROR: Access is denied/);
  });
});
