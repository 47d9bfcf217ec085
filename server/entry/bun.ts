// Bun entry: `bun server/entry/bun.ts`. Bun runs the same node:http + socket.io server.
import { start } from './start.ts';

await start();
