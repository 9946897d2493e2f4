import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Staff, StaffListItem, staffCreateBodySchema, staffUpdateBodySchema } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { staff } from '../../db/schema';
import { AppError, isUniqueViolation } from '../../lib/errors';
import { clearRateLimit, currentWindows } from '../../lib/rate-limit';
import { recordAudit } from '../audit';
import { STAFF_LOGIN_FAILURES_PER_USER, staffLockKey } from './auth-service';
import { hashPassword } from './passwords';
import { findStaffById, listStaffRows, toStaff, type StaffRow } from './repo';

/** The accounts with their lockout state (failed logins in the current window; locked at the limit). */
async function withLockouts(sc: ServiceContext, rows: readonly StaffRow[]): Promise<StaffListItem[]> {
  const { counts, endsAt } = await currentWindows(
    sc.db,
    rows.map((row) => staffLockKey(row.username)),
    STAFF_LOGIN_FAILURES_PER_USER,
    sc.now,
  );
  return rows.map((row) => {
    const loginFailures = counts.get(staffLockKey(row.username)) ?? 0;
    const isLocked = loginFailures >= STAFF_LOGIN_FAILURES_PER_USER.limit;
    return { ...toStaff(row), loginFailures, lockedUntil: isLocked ? endsAt.toISOString() : null };
  });
}

/** GET /api/admin/staff: every account with its login lockout. */
export async function listStaff(sc: ServiceContext): Promise<StaffListItem[]> {
  return withLockouts(sc, await listStaffRows(sc.db));
}

/** POST /api/admin/staff/:id/unlock: forgets the account's failed logins (ends a lockout); audited with what was cleared. */
export async function unlockStaff(sc: ServiceContext, id: number): Promise<StaffListItem> {
  return inTransaction(sc, async (tx) => {
    const row = await findStaffById(tx.db, id);
    if (!row) throw new AppError('STAFF_NOT_FOUND');
    const [before] = await withLockouts(tx, [row]);
    if (!before) throw new Error('lockout state of a known account is missing');
    const cleared = await clearRateLimit(tx.db, staffLockKey(row.username));
    // Every window of the key is gone: nothing failed, nothing locked.
    const after: StaffListItem = { ...before, loginFailures: 0, lockedUntil: null };
    await recordAudit(tx, {
      action: 'staff.unlock',
      targetType: 'staff',
      targetId: id,
      before: { loginFailures: before.loginFailures, lockedUntil: before.lockedUntil },
      after: { loginFailures: after.loginFailures, lockedUntil: after.lockedUntil, clearedEvents: cleared },
    });
    return after;
  });
}

/** POST /api/admin/staff: a new account with an argon2id hash; audited without the password. */
export async function createStaffAccount(sc: ServiceContext, body: z.output<typeof staffCreateBodySchema>): Promise<Staff> {
  const passwordHash = await hashPassword(body.password);
  return inTransaction(sc, async (tx) => {
    try {
      const [row] = await tx.db
        .insert(staff)
        .values({ username: body.username, displayName: body.displayName, role: body.role, passwordHash, createdAt: tx.now, updatedAt: tx.now })
        .returning();
      if (!row) throw new Error('staff insert returned nothing');
      const created = toStaff(row);
      await recordAudit(tx, { action: 'staff.create', targetType: 'staff', targetId: row.id, after: created });
      return created;
    } catch (error) {
      if (isUniqueViolation(error, 'staff_username_key')) throw new AppError('USERNAME_TAKEN', undefined, { field: 'body.username' });
      throw error;
    }
  });
}

/**
 * PATCH /api/admin/staff/:id. A role change or disabling bumps the token version, which ends the
 * account's sessions. An owner cannot disable or demote themselves (the shop would lose its owner).
 */
export async function updateStaffAccount(sc: ServiceContext, id: number, body: z.output<typeof staffUpdateBodySchema>): Promise<Staff> {
  const actor = requireStaffActor(sc);
  if (id === actor.id && (body.isDisabled === true || (body.role !== undefined && body.role !== actor.role))) {
    throw new AppError('CANNOT_CHANGE_SELF');
  }
  return inTransaction(sc, async (tx) => {
    const before = await findStaffById(tx.db, id);
    if (!before) throw new AppError('STAFF_NOT_FOUND');
    const endsSessions = (body.role !== undefined && body.role !== before.role) || (body.isDisabled === true && !before.isDisabled);
    const [row] = await tx.db
      .update(staff)
      .set({ ...body, updatedAt: tx.now, ...(endsSessions ? { tokenVersion: sql`${staff.tokenVersion} + 1` } : {}) })
      .where(eq(staff.id, id))
      .returning();
    if (!row) throw new AppError('STAFF_NOT_FOUND');
    const after = toStaff(row);
    await recordAudit(tx, { action: 'staff.update', targetType: 'staff', targetId: id, before: toStaff(before), after });
    return after;
  });
}

/** POST /api/admin/staff/:id/password: sets a new password and ends the account's sessions. */
export async function resetStaffPassword(sc: ServiceContext, id: number, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await inTransaction(sc, async (tx) => {
    const [row] = await tx.db
      .update(staff)
      .set({ passwordHash, tokenVersion: sql`${staff.tokenVersion} + 1`, updatedAt: tx.now })
      .where(eq(staff.id, id))
      .returning({ id: staff.id });
    if (!row) throw new AppError('STAFF_NOT_FOUND');
    await recordAudit(tx, { action: 'staff.password_reset', targetType: 'staff', targetId: id });
  });
}
