// Bun entry: `bun server/entry/bun.ts [command]`. Bun runs the same node:http + socket.io server.
import { runCli } from '../cli/run.ts';

await runCli(process.argv.slice(2));
