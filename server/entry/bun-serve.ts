// Bun's own HTTP server for the Bun entries (bun.ts, binary.ts): Bun.serve carries the Hono app,
// and socket.io runs on @socket.io/bun-engine (Bun's native WebSocket server) instead of
// node:http + ws. `npm run bench` measured it faster than node:http on Bun (README, "Runtimes").
import { Server as Engine } from '@socket.io/bun-engine';
import type { NativeServe } from '../server.ts';

interface BunServer {
  port: number;
  requestIP(req: Request): { address: string } | null;
  stop(closeActiveConnections?: boolean): Promise<void>;
}
declare const Bun: { serve(options: Record<string, unknown>): BunServer };

export const bunServe: NativeServe = {
  async listen({ port, host, tls, maxBodyBytes, fetch, io, engine: options }) {
    const engine = new Engine(options);
    io.bind(engine as never);
    const { websocket, idleTimeout } = engine.handler();
    const server = Bun.serve({
      port,
      hostname: host,
      tls: tls ?? undefined,
      websocket,
      // Long-polling requests wait up to a ping interval; uploads are limited by the app itself.
      idleTimeout,
      maxRequestBodySize: maxBodyBytes + 1024 * 1024,
      fetch(req: Request, srv: BunServer) {
        if (new URL(req.url).pathname === options.path) return engine.handleRequest(req, srv as never);
        return fetch(req, { remoteAddress: srv.requestIP(req)?.address });
      },
    });
    return { port: server.port, close: () => server.stop() };
  },
};
