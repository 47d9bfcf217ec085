import { describe, expect, it } from 'vitest';
import { desktopLaunch, serverArg } from './launch.ts';

describe('serverArg (the launcher’s --server=<url>)', () => {
  it('finds it among the runtime’s own arguments, the last one winning', () => {
    expect(serverArg(['/opt/messenger/intranet-messenger', '--load-dir-res', '--server=https://chat.example.com'])).toBe('https://chat.example.com');
    expect(serverArg(['--server=http://a:5000', '--path=.', '--server= http://b:5000/ '])).toBe('http://b:5000/');
  });

  it('is null without one, or when it is empty', () => {
    expect(serverArg(['/opt/messenger/intranet-messenger', '--window-width=800'])).toBeNull();
    expect(serverArg(['--server='])).toBeNull();
    expect(serverArg(['--server', 'http://a'])).toBeNull(); // only the documented --server=<url> form
    expect(serverArg()).toBeNull();
  });
});

describe('desktopLaunch', () => {
  it('answers from the injected globals and opens pages through the runtime', async () => {
    const opened: string[] = [];
    const launch = desktopLaunch({ NL_ARGS: ['app', '--server=http://10.0.0.5:5000'], NL_APPVERSION: '1.2.0' }, async (url) => void opened.push(url));
    expect(launch.launchServerUrl()).toBe('http://10.0.0.5:5000');
    expect(launch.appVersion()).toBe('1.2.0');
    launch.openExternal('https://example.com/download');
    expect(opened).toEqual(['https://example.com/download']);
  });

  it('has no version or server when the runtime injected none, and a failed open stays quiet', async () => {
    const launch = desktopLaunch({}, () => Promise.reject(new Error('NE_RT_NATPRME')));
    expect(launch.launchServerUrl()).toBeNull();
    expect(launch.appVersion()).toBeNull();
    expect(() => launch.openExternal('https://example.com')).not.toThrow();
  });
});
