import { Hono } from 'hono';
import type { Context } from 'hono';
import type { Config } from '../config.ts';
import type { AppEnv } from '../http/env.ts';
import { errorResponse } from '../http/api-error.ts';
import type { Asset } from './assets.ts';
import { desktopOnlyNotice } from './desktop-only.ts';

function send(c: Context<AppEnv>, asset: Asset): Response {
  if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304, { ETag: asset.etag });
  const gzip = asset.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  const headers: Record<string, string> = {
    'Content-Type': asset.type,
    ETag: asset.etag,
    Vary: 'Accept-Encoding',
    'Cache-Control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (gzip) headers['Content-Encoding'] = 'gzip';
  return c.body((gzip ? asset.gzip! : asset.body) as Uint8Array<ArrayBuffer>, 200, headers);
}

/** Hybrid mode: the built client at / (index.html revalidated, hashed assets cached for a year).
 * Desktop-only mode: the notice page instead, and the web client's files are not served. */
export function webRoutes(assets: Map<string, Asset>, config: Pick<Config, 'desktopOnlyMode' | 'release'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => {
    if (config.desktopOnlyMode) return c.html(desktopOnlyNotice(config), 200, { 'Cache-Control': 'no-cache' });
    const index = assets.get('/index.html');
    if (!index) return errorResponse(c, 'SERVICE_UNAVAILABLE', 503);
    return send(c, index);
  });
  app.get('*', async (c, next) => {
    const asset = c.req.path.startsWith('/api/') ? undefined : assets.get(c.req.path);
    if (!asset || config.desktopOnlyMode) return next();
    return send(c, asset);
  });
  return app;
}
