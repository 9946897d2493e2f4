import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { seedDemo } from '../seed/seed';

/** npm run seed: seeds the demo brand into the configured database, once. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  await database.migrate();
  const result = await seedDemo(database.db, config.media.dir, config.phoneKey);
  await database.close();
  process.stdout.write(result.seeded ? `demo data seeded: ${JSON.stringify(result)}\n` : 'demo data already present: nothing done\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
