import { asc, eq } from 'drizzle-orm';
import { staffRoleSchema, type Staff } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { staff } from '../../db/schema';

export type StaffRow = typeof staff.$inferSelect;

export async function findStaffById(db: Executor, id: number): Promise<StaffRow | undefined> {
  const [row] = await db.select().from(staff).where(eq(staff.id, id));
  return row;
}

export async function findStaffByUsername(db: Executor, username: string): Promise<StaffRow | undefined> {
  const [row] = await db.select().from(staff).where(eq(staff.username, username));
  return row;
}

export async function listStaffRows(db: Executor): Promise<StaffRow[]> {
  return db.select().from(staff).orderBy(asc(staff.id));
}

/** The public shape of a staff account: never the hash or the token version. */
export function toStaff(row: StaffRow): Staff {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: staffRoleSchema.parse(row.role),
    isDisabled: row.isDisabled,
    createdAt: row.createdAt.toISOString(),
  };
}
