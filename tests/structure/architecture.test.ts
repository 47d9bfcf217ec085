import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeMethod, routePath } from '../../protocol/route-paths.ts';
import { type RouteKey, restRoutes } from '../../protocol/routes.ts';
import { root } from '../helpers/entry.ts';
import { useServer } from '../helpers/suite.ts';
import { cycles, importGraph, sourceFiles } from './import-graph.ts';

/** The shape every feature is built in (docs/architecture.md), checked so it cannot drift. */

const rel = (f: string) => path.relative(root, f);
const read = (f: string) => fs.readFileSync(f, 'utf8');
const serverFiles = sourceFiles(root, ['server']).filter((f) => !/\.test\.tsx?$/.test(f));

describe('imports', () => {
  it('have no cycle in server/, client/src/ or protocol/', () => {
    const files = sourceFiles(root, ['server', 'client/src', 'protocol']);
    expect(files.length).toBeGreaterThan(100);
    expect(cycles(importGraph(files)).map((group) => group.map(rel))).toEqual([]);
  });

  it('the check itself finds a cycle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
      ['e', ['e']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
  });

  it('keep the layers: protocol imports nothing of ours; client and server never import each other or tests', () => {
    const graph = importGraph(sourceFiles(root, ['server', 'client/src', 'protocol', 'tests']));
    const bad: string[] = [];
    for (const [file, deps] of graph) {
      const from = rel(file).split(path.sep)[0]!;
      for (const dep of deps) {
        const to = rel(dep).split(path.sep)[0]!;
        const allowed = from === 'tests' || to === from || to === 'protocol';
        if (!allowed) bad.push(`${rel(file)} → ${rel(dep)}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('the client', () => {
  it('loads no zod: the protocol modules it runs are zod-free (schemas stay on the server)', () => {
    const files = sourceFiles(root, ['client/src', 'protocol']).filter((f) => !/\.test\.tsx?$/.test(f));
    const graph = importGraph(files, { runtimeOnly: true });
    const loaded = new Set<string>();
    const visit = (f: string) => {
      if (loaded.has(f)) return;
      loaded.add(f);
      for (const d of graph.get(f) ?? []) visit(d);
    };
    visit(path.join(root, 'client/src/main.tsx'));
    const withZod = [...loaded].filter((f) => /^\s*import\s+(?!type\b)[^;]*from\s*['"]zod['"]/m.test(read(f)));
    expect(loaded.size).toBeGreaterThan(50);
    expect(withZod.map(rel)).toEqual([]);
  });
});

describe('server features', () => {
  it('run SQL only in their repo.ts, the message writer and the database layer', () => {
    const sqlCall = /\.(execute|batch|executeMultiple|transaction)\(/;
    const allowed = (f: string) => f.endsWith(`${path.sep}repo.ts`) || rel(f) === path.join('server', 'messages', 'writer.ts') || rel(f).startsWith(path.join('server', 'db') + path.sep);
    expect(serverFiles.filter((f) => sqlCall.test(read(f)) && !allowed(f)).map(rel)).toEqual([]);
  });

  it('reach sockets only through the broadcast port (no io.to / socket.to elsewhere)', () => {
    const port = path.join('server', 'realtime', 'broadcast.ts');
    expect(serverFiles.filter((f) => rel(f) !== port && /\b\w+\.to\(/.test(read(f))).map(rel)).toEqual([]);
  });

  it('are wired in server.ts alone: no service bag', () => {
    expect(serverFiles.filter((f) => /\bServices\b/.test(read(f))).map(rel)).toEqual([]);
  });

  it('register API routes only through the route table (http/route.ts)', () => {
    const direct = /\bapp\.(get|post|put|delete|patch|on|all)\(\s*['"`]\/api/;
    expect(serverFiles.filter((f) => direct.test(read(f))).map(rel)).toEqual([]);
  });
});

describe('integration tests', () => {
  it('set their server up with useServer (tests/helpers/suite.ts), not by hand', () => {
    // The offline e2e stops its server and starts it again on the same port and data mid-file.
    const restarts = new Set([path.join('tests', 'e2e', 'messenger.test.ts')]);
    const byHand = sourceFiles(root, ['tests'])
      .filter((f) => /\.test\.tsx?$/.test(f) && !restarts.has(rel(f)))
      .filter((f) => /beforeAll\((?:(?!\n\}\);)[\s\S])*startTestServer\(/.test(read(f)));
    expect(byHand.map(rel)).toEqual([]);
  });
});

describe('the route table', () => {
  const env = useServer();

  it('is answered by the server for every route (none is missing)', async () => {
    const missing: string[] = [];
    for (const key of Object.keys(restRoutes) as RouteKey[]) {
      const url = env.t.url + routePath(key).replace(/:domain/, 'client').replace(/:\w+/g, '1');
      const res = await fetch(url, { method: routeMethod(key), headers: { 'content-type': 'application/json' }, body: routeMethod(key) === 'GET' ? undefined : '{}' });
      const body = (await res.json()) as { error_code?: string };
      if (body.error_code === 'NOT_FOUND' || body.error_code === 'METHOD_NOT_ALLOWED') missing.push(key);
    }
    expect(missing).toEqual([]);
  });
});
