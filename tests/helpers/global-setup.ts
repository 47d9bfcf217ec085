import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder for this run's build products (the web client), removed after the run. */
    runDir: string;
  }
}

/** Once per `vitest run`, in the main process: test files run in child processes that vitest may
 * end without an 'exit' event, so what they build goes under one folder removed here. */
export default function setup(project: TestProject): () => void {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-test-run-'));
  project.provide('runDir', runDir);
  return () => fs.rmSync(runDir, { recursive: true, force: true });
}
