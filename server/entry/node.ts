// Node entry: `npm start` (built) and operator commands (`node dist/server.mjs <command>`).
// The app itself is runtime-neutral.
import { runCli } from '../cli/run.ts';

await runCli(process.argv.slice(2));
