// Deno entry: `npm run start:deno` / `deno task start`. Deno runs the same node:http + socket.io
// server through its Node compatibility layer, on the packages in node_modules.
import { runCli } from '../cli/run.ts';

await runCli(process.argv.slice(2));
