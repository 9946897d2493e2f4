import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { checkLedger } from '../modules/points';

/**
 * npm run ledger:check: checks the points ledger of the configured database (the embedded one by
 * default, DATABASE_URL for a server) and exits 1 when any member's balance, entries and lots disagree.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  await database.migrate();
  try {
    const result = await checkLedger(database.db);
    process.stdout.write(`points ledger: ${result.members} members checked, ${result.mismatches.length} mismatches\n`);
    for (const found of result.mismatches) {
      process.stdout.write(`  member ${found.memberId}: balance ${found.balance}, Σ entries ${found.entries}, Σ lots remaining ${found.lots}\n`);
    }
    process.exitCode = result.mismatches.length > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
