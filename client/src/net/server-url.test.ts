import { describe, expect, it } from 'vitest';
import { normalizeServerUrl } from './server-url.ts';

describe('normalizeServerUrl', () => {
  it('keeps http(s) addresses without the trailing slash', () => {
    expect(normalizeServerUrl(' https://chat.example.com/ ')).toBe('https://chat.example.com');
    expect(normalizeServerUrl('http://10.0.0.5:5000')).toBe('http://10.0.0.5:5000');
    expect(normalizeServerUrl('HTTP://Chat.Example.com:443/messenger//')).toBe('http://chat.example.com:443/messenger');
    expect(normalizeServerUrl('https://chat.example.com:443')).toBe('https://chat.example.com');
  });

  it('refuses what is not a server address', () => {
    for (const bad of ['', 'chat.example.com', 'localhost:5000', 'http://', 'ftp://chat.example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@chat.example.com', 'https://chat.example.com/?x=1', 'https://chat.example.com/#a']) {
      expect(normalizeServerUrl(bad), bad).toBeNull();
    }
  });
});
