// Bun entry: `bun server/entry/bun.ts [command]` (`npm run start:bun`). HTTP and socket.io run on
// Bun's native server (bun-serve.ts); everything else is the same server as on Node.
import { runCli } from '../cli/run.ts';
import { bunServe } from './bun-serve.ts';

await runCli(process.argv.slice(2), { serve: bunServe });
