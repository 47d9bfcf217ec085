// Single-binary entry (`npm run build:bin` → dist/bin/intranet-messenger): the Bun runtime, this
// server, the migrations and the built web client in one file. The build plugin supplies
// `embedded:client` (the client's files) and makes the libSQL addon a static require.
import clientFiles from 'embedded:client';
import { runCli } from '../cli/run.ts';

const files = clientFiles.map(([rel, base64]): [string, Uint8Array] => [rel, new Uint8Array(Buffer.from(base64, 'base64'))]);
await runCli(process.argv.slice(2), { clientFiles: files });
