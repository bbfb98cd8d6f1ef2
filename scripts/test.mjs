#!/usr/bin/env node
// `npm test`: every tier (unit, integration, end-to-end), then one closing line with the totals.
// Exits non-zero when any test fails or a tier could not run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, 'test-results');
mkdirSync(out, { recursive: true });
const only = process.argv.slice(2); // e.g. `npm test -- unit integration`
const want = (tier) => only.length === 0 || only.includes(tier);

let passed = 0;
let failed = 0;
let skipped = 0;
let broken = false;

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

if (want('unit') || want('integration')) {
  const projects = ['unit', 'integration'].filter(want).flatMap((p) => ['--project', p]);
  const report = path.join(out, 'vitest.json');
  rmSync(report, { force: true });
  const code = run('npx', [
    'vitest',
    'run',
    ...projects,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    if (code !== 0 && r.numFailedTests === 0) broken = true;
  } else if (code !== 0) broken = true;
}

if (want('e2e') && existsSync(path.join(root, 'playwright.config.ts'))) {
  const report = path.join(out, 'playwright.json');
  rmSync(report, { force: true });
  const code = run('npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report });
  if (existsSync(report)) {
    const s = JSON.parse(readFileSync(report, 'utf8')).stats ?? {};
    passed += (s.expected ?? 0) + (s.flaky ?? 0);
    failed += s.unexpected ?? 0;
    skipped += s.skipped ?? 0;
    if (code !== 0 && !s.unexpected) broken = true;
  } else if (code !== 0) broken = true;
  // The E2E server's own log (playwright.config.ts): its end, for a failure in CI, where nothing else is kept.
  const serverLog = path.join(root, 'e2e/.data/server.log');
  if (code !== 0 && existsSync(serverLog)) {
    const lines = readFileSync(serverLog, 'utf8').trimEnd().split('\n');
    console.log(`\n== the last ${Math.min(300, lines.length)} lines of ${path.relative(root, serverLog)}`);
    console.log(lines.slice(-300).join('\n'));
  }
}

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
if (broken) console.error('A test tier did not complete (see above).');
process.exit(failed > 0 || broken ? 1 : 0);
