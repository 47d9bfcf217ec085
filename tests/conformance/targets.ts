import path from 'node:path';
import { binaryInEmptyDir, buildBinary } from '../helpers/binary.ts';
import { buildClient } from '../helpers/client-build.ts';
import { buildServerBundle, root } from '../helpers/entry.ts';

/** How to start the server on one runtime: the command, and what it needs besides DATA_DIR. */
export interface Launch {
  command: string;
  args: string[];
  /** Settings besides PORT, HOST and DATA_DIR. */
  env: Record<string, string>;
  cwd?: string;
  /** Only `env` and the settings: no inherited environment. */
  cleanEnv?: boolean;
  cleanup?(): void;
}

export interface Target {
  name: string;
  /** Build what the target runs (once per file) and say how to start it. */
  launch(): Promise<Launch>;
}

const bin = (name: string) => path.join(root, 'node_modules/.bin', name);

/** Node on the esbuild bundle that `npm start` builds. */
export const node: Target = {
  name: 'node',
  async launch() {
    const bundle = buildServerBundle();
    return { command: process.execPath, args: [bundle.file], env: { CLIENT_DIR: await buildClient() }, cleanup: bundle.cleanup };
  },
};

/** Bun (the `bun` devDependency) straight on the TypeScript sources, as `npm run start:bun`. */
export const bun: Target = {
  name: 'bun',
  launch: async () => ({ command: bin('bun'), args: ['server/entry/bun.ts'], env: { CLIENT_DIR: await buildClient() } }),
};

/** Deno (the `deno` devDependency) through `deno task start`: its task runner must pass SIGTERM on. */
export const deno: Target = {
  name: 'deno',
  launch: async () => ({ command: bin('deno'), args: ['task', 'start'], env: { CLIENT_DIR: await buildClient() } }),
};

/** The single binary, alone in an empty folder, with only PATH, HOME and its settings. */
export const binary: Target = {
  name: 'binary',
  async launch() {
    const copy = binaryInEmptyDir(await buildBinary());
    return { command: copy.file, args: [], cwd: copy.dir, cleanEnv: true, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: copy.dir }, cleanup: copy.cleanup };
  },
};
