#!/usr/bin/env node
// Runs every jest suite (shared, server on PGlite and on the PostgreSQL server, start-up, concurrency)
// and ends with one plain summary line: "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

if (process.env.SIYU_TEST_PG === 'off') {
  console.warn('SIYU_TEST_PG=off: server tests run on PGlite only; concurrency tests do not run.');
} else {
  const probe = spawnSync(process.execPath, ['-e', `
    const pg = require('pg'); const c = new pg.Client({ connectionString: ${JSON.stringify(pgUrl)} });
    c.connect().then(() => c.end()).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });
  `], { cwd: path.join(root, 'server'), stdio: 'inherit' });
  if (probe.status !== 0) {
    console.error(`No PostgreSQL server answers at ${pgUrl}.\nStart one (see .ci/run), set TEST_DATABASE_URL, or run PGlite only with SIYU_TEST_PG=off.`);
    process.exit(1);
  }
}

// Browser tests run against fresh front-end builds; SIYU_SKIP_BUILD=1 reuses the existing ones.
if (process.env.SIYU_SKIP_BUILD !== '1') {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('front-end build failed');
    process.exit(1);
  }
}

const report = path.join(os.tmpdir(), `siyu-jest-${process.pid}.json`);
const jestBin = path.join(root, 'node_modules/jest/bin/jest.js');
// Without a server there is nothing that can race: concurrency files are left out (and announced above).
const ignore = process.env.SIYU_TEST_PG === 'off' ? ['--testPathIgnorePatterns=/node_modules/', '--testPathIgnorePatterns=\\.concurrency\\.test\\.ts$'] : [];
// The caller's path patterns come first: jest's array options would swallow arguments that follow them.
const result = spawnSync(process.execPath, [jestBin, ...process.argv.slice(2), '--json', `--outputFile=${report}`, ...ignore], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() },
});
if (fs.existsSync(report)) {
  const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
  fs.rmSync(report);
  console.log(`\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
  if (summary.numPendingTests || summary.numTodoTests) {
    console.log(`(${summary.numPendingTests} skipped, ${summary.numTodoTests} todo: these are not passes)`);
  }
}
process.exit(result.status ?? 1);
