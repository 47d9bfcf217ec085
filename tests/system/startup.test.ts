import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitOf, spawnServer } from '../helpers/entry.ts';
import { api } from '../helpers/http.ts';

/** The runtimes themselves (Node, Bun, Deno, the binary) are covered by tests/conformance/; here,
 * the npm scripts a process manager would run. npm forwards SIGTERM only to its own child, so each
 * script execs the server instead of leaving it as a shell's child. */
const scripts = [
  { script: 'start', server: /^(\S*\/)?node\0.*dist\/server\.mjs/, memory: true },
  { script: 'start:bun', server: /^(\S*\/)?bun(\.exe)?\0server\/entry\/bun\.ts/ },
  { script: 'start:deno', server: /^(\S*\/)?deno\0run\0.*server\/entry\/deno\.ts/ },
];

describe.each(scripts)('npm run $script', ({ script, server, memory }) => {
  it('serves, and passes SIGTERM to the server: npm and the server both end, gracefully', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-npm-start-'));
    try {
      const { proc, url, log } = await spawnServer('npm', ['run', '--silent', script], { DATA_DIR: dataDir });
      expect((await api(url).get('/api/system/health')).status).toBe(401);
      // The server process is npm's own child (the script execs it), not a shell's grandchild.
      const children = fs.readFileSync(`/proc/${proc.pid}/task/${proc.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
      const serverPid = children.find((pid) => server.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')));
      expect(serverPid).toBeDefined();
      if (memory) {
        // docs/operations.md "Memory": the allocator reads these at exec, V8 its flag at start.
        const environ = fs.readFileSync(`/proc/${serverPid}/environ`, 'utf8').split('\0');
        expect(environ).toContain('MALLOC_ARENA_MAX=1');
        expect(fs.readFileSync(`/proc/${serverPid}/cmdline`, 'utf8').split('\0')).toContain('--max-semi-space-size=2');
      }
      const exited = exitOf(proc);
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      const shutdown = log().split('\n').find((line) => line.includes('"msg":"shutting down"'));
      expect(shutdown).toContain('"signal":"SIGTERM"');
      expect(fs.existsSync(`/proc/${serverPid}`)).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
