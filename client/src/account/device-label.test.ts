import { describe, expect, it } from 'vitest';
import { browserLabel } from './device-label.ts';

describe('browserLabel', () => {
  it('names the browser and the system of common user agents', () => {
    expect(browserLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0')).toBe('Edge · Windows');
    expect(browserLabel('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36')).toBe('Chrome · Linux');
    expect(browserLabel('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15')).toBe('Safari · macOS');
    expect(browserLabel('Mozilla/5.0 (Android 14; Mobile; rv:120.0) Gecko/120.0 Firefox/120.0')).toBe('Firefox · Android');
  });

  it('is null for nothing it knows', () => {
    expect(browserLabel(null)).toBeNull();
    expect(browserLabel('curl/8.0')).toBeNull();
  });
});
