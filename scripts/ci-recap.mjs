// The last lines of a CI run: for each suite, what failed and the first lines of why, the tests
// that passed only on a retry, and errors vitest caught outside any test (they fail a run whose
// tests all passed). CI keeps only the tail of a run's output, so this is printed last.
// Usage: node scripts/ci-recap.mjs <label> <results.json> <output.log> [<label> <json> <log> ...]
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');
const firstLines = (text, n) => plain(text).split('\n').filter((l) => l.trim()).slice(0, n).map((l) => `      ${l.trim().slice(0, 200)}`);

const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 3) {
  const [label, jsonPath, logPath] = args.slice(i, i + 3);
  const lines = [];
  if (existsSync(jsonPath)) {
    const report = JSON.parse(readFileSync(jsonPath, 'utf8'));
    for (const file of report.testResults) {
      const failed = file.assertionResults.filter((a) => a.status === 'failed');
      for (const a of failed) lines.push(`  FAILED ${relative(process.cwd(), file.name)} > ${a.fullName}`, ...firstLines(a.failureMessages.join('\n'), 6));
      // A file that failed without a failing test: it did not load, or a hook failed.
      if (file.status === 'failed' && failed.length === 0) lines.push(`  FAILED FILE ${relative(process.cwd(), file.name)}`, ...firstLines(file.message ?? '', 6));
    }
  } else {
    lines.push(`  no report (${jsonPath}): the run did not finish`);
  }
  if (existsSync(logPath)) {
    const log = plain(readFileSync(logPath, 'utf8')).split('\n');
    for (const l of log) if (/✓.*\(retry x\d+\)/.test(l)) lines.push(`  passed on a retry: ${l.trim()}`);
    const at = log.findIndex((l) => /Unhandled (Error|Rejection)s?/.test(l));
    if (at >= 0) lines.push('  errors outside any test:', ...log.slice(at, at + 30).map((l) => `      ${l}`));
  }
  console.log(`recap, ${label}: ${lines.length === 0 ? 'nothing failed, nothing retried' : ''}`);
  for (const l of lines) console.log(l);
}
