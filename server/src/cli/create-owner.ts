import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { passwordSchema } from '@siyu/shared';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { staff } from '../db/schema';
import { hashPassword } from '../modules/staff';

/**
 * npm run create-owner -- --username boss [--password …] [--name 老板]
 * The password may also come from SIYU_OWNER_PASSWORD; when neither is given one is generated and printed once.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { username: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } } });
  const username = values.username ?? 'owner';
  if (!/^[a-z][a-z0-9_.-]{2,31}$/.test(username)) throw new Error('username must be 3–32 lowercase letters, digits, "_", "." or "-"');
  const given = values.password ?? process.env.SIYU_OWNER_PASSWORD;
  const password = given ?? crypto.randomBytes(12).toString('base64url');
  const checked = passwordSchema.safeParse(password);
  if (!checked.success) throw new Error(`password ${checked.error.issues[0]?.message ?? 'is invalid'}`);
  const config = loadConfig();
  const database = await openDatabase(config.database);
  await database.migrate();
  const rows = await database.db
    .insert(staff)
    .values({ username, displayName: values.name ?? '店主', role: 'owner', passwordHash: await hashPassword(password) })
    .onConflictDoNothing()
    .returning({ id: staff.id });
  await database.close();
  if (rows.length === 0) throw new Error(`a staff account named "${username}" already exists`);
  process.stdout.write(`owner "${username}" created${given ? '' : ` with password: ${password} (shown once)`}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
