import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { MIGRATIONS_DIR, openDatabase, dumpPglite, type Database } from '../db/client';
import { TEST_PG_URL, type TestDriver } from './drivers';

/** A hash of the migrations, so templates are rebuilt exactly when the schema changes. */
function migrationsHash(): string {
  const hash = crypto.createHash('sha256');
  for (const file of fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(file).update(fs.readFileSync(path.join(MIGRATIONS_DIR, file)));
  }
  return hash.digest('hex').slice(0, 12);
}

export function pgliteTemplatePath(): string {
  return path.join(os.tmpdir(), `siyu-pglite-template-${migrationsHash()}.tar`);
}

export function pgTemplateName(): string {
  return `siyu_tpl_${migrationsHash()}`;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Builds the migrated templates once per run (jest globalSetup). */
export async function buildTemplates(drivers: TestDriver[]): Promise<void> {
  if (drivers.includes('pglite') && !fs.existsSync(pgliteTemplatePath())) {
    const database = await openDatabase({ driver: 'pglite' });
    await database.migrate();
    const blob = await dumpPglite(database);
    await database.close();
    const tmp = `${pgliteTemplatePath()}.${process.pid}`;
    fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    fs.renameSync(tmp, pgliteTemplatePath());
  }
  if (drivers.includes('postgres') && !(await pgDatabaseExists(pgTemplateName()))) {
    // Built under a private name and renamed when complete, so concurrent runs (several developers'
    // test runs on one server) never see a half-migrated template and never drop one in use.
    const building = `${pgTemplateName()}_b${process.pid}`;
    await adminQuery(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${building}`);
    const database = await openDatabase({ driver: 'postgres', url: withDatabase(TEST_PG_URL, building), poolSize: 1 });
    await database.migrate();
    await database.close();
    try {
      await adminQuery(`ALTER DATABASE ${building} RENAME TO ${pgTemplateName()}`);
    } catch (error) {
      await adminQuery(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      if (!(await pgDatabaseExists(pgTemplateName()))) throw error;
    }
  }
}

async function pgDatabaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    const result = await client.query('select 1 from pg_database where datname = $1', [name]);
    return (result.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  database: Database;
  /** The server database's URL (null on PGlite): a second pool on it is a second process's view. */
  url: string | null;
  /** Closes the connection and drops a server database. */
  dispose(): Promise<void>;
}

/** Another pool on the server database of `owner` (as a second server process would have); dispose closes only it. */
export async function openSameTestDatabase(owner: TestDatabase, options: { poolSize?: number } = {}): Promise<TestDatabase> {
  if (!owner.url) throw new Error('only a server database can be shared by two app instances');
  const database = await openDatabase({ driver: 'postgres', url: owner.url, poolSize: options.poolSize ?? 10 });
  return { database, url: owner.url, dispose: () => database.close().catch(() => undefined) };
}

/** A fresh, migrated, empty database owned by one test file. */
export async function createTestDatabase(driver: TestDriver, options: { poolSize?: number } = {}): Promise<TestDatabase> {
  if (driver === 'pglite') {
    const bytes = fs.readFileSync(pgliteTemplatePath());
    const database = await openDatabase({ driver: 'pglite', loadDataDir: new Blob([bytes]) });
    return { database, url: null, dispose: () => database.close().catch(() => undefined) };
  }
  const name = `siyu_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${pgTemplateName()}`);
  const url = withDatabase(TEST_PG_URL, name);
  const database = await openDatabase({ driver: 'postgres', url, poolSize: options.poolSize ?? 10 });
  return {
    database,
    url,
    dispose: async () => {
      await database.close().catch(() => undefined); // already closed by a test that takes the database down
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
