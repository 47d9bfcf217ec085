// Single-binary entry (`npm run build:bin` → dist/bin/intranet-messenger): the Bun runtime, this
// server, the migrations and the built web client in one file. The build plugin supplies
// `embedded:client` (the client, gzipped and hashed at build time, so a start does no such work)
// and makes the libSQL addon a static require.
import embedded from 'embedded:client';
import { runCli } from '../cli/run.ts';
import type { Asset } from '../web/assets.ts';

const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
const clientAssets = new Map<string, Asset>(embedded.map(({ path, body, gzip, ...rest }) => [path, { ...rest, body: bytes(body), gzip: gzip === null ? null : bytes(gzip) }]));
await runCli(process.argv.slice(2), { clientAssets, imagesOmitted: 'sharp is not part of the single binary' });
