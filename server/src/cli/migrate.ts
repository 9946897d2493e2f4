import { loadConfig } from '../config';
import { openDatabase } from '../db/client';

/** npm run migrate: applies pending migrations to the configured database. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  await database.migrate();
  await database.close();
  process.stdout.write(`migrations applied (${database.driver})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
