import { describe, expect, it } from 'vitest';
import { fillPath, routeMethod, routePath } from './route-paths.ts';
import { restRoutes } from './routes.ts';

describe('REST route table', () => {
  it('keys every route as METHOD /api/path', () => {
    for (const key of Object.keys(restRoutes) as Array<keyof typeof restRoutes>) {
      expect(['GET', 'POST', 'PUT', 'DELETE']).toContain(routeMethod(key));
      expect(routePath(key)).toMatch(/^\/api\/[\w/:-]+$/);
    }
  });

  it('fills path parameters, escaped', () => {
    expect(fillPath('GET /api/rooms/:id/info', { id: 7 })).toBe('/api/rooms/7/info');
    expect(fillPath('DELETE /api/rooms/:id/members/:target', { id: 3, target: 9 })).toBe('/api/rooms/3/members/9');
    expect(fillPath('GET /api/i18n/:domain', { domain: 'a/b' })).toBe('/api/i18n/a%2Fb');
    expect(fillPath('GET /api/rooms', {})).toBe('/api/rooms');
  });
});
