/** The PostgreSQL server the tests use; the README's `npm test` expects one (CI starts it). */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDriver = 'pglite' | 'postgres';

/**
 * Server tests run on both drivers. Setting SIYU_TEST_PG=off runs PGlite only; it is a deliberate
 * local choice, never a silent skip (the test runner prints it in its summary).
 */
export function testDrivers(): TestDriver[] {
  return process.env.SIYU_TEST_PG === 'off' ? ['pglite'] : ['pglite', 'postgres'];
}

/** Drivers for concurrency tests: only a server can race (PGlite runs one transaction at a time). */
export function concurrencyDrivers(): TestDriver[] {
  return testDrivers().filter((driver) => driver === 'postgres');
}
