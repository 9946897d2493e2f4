import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { staff, wecomContacts } from '../../db/schema';
import type { TestApp } from '../../testing/test-app';

/** A live WeCom contact of `memberId` followed by `followUserId`. */
export async function addWecomContact(
  t: TestApp,
  memberId: number,
  followUserId: string,
  externalUserId = `wm${crypto.randomBytes(8).toString('hex')}`,
): Promise<string> {
  await t.deps.db.insert(wecomContacts).values({ externalUserId, memberId, followUserId, addedAt: t.clock.now(), fetchedAt: t.clock.now() });
  return externalUserId;
}

export async function setStaffWecomUser(t: TestApp, staffId: number, wecomUserId: string | null): Promise<void> {
  await t.deps.db.update(staff).set({ wecomUserId }).where(eq(staff.id, staffId));
}

export const randomUserId = (): string => `sales-${crypto.randomBytes(4).toString('hex')}`;
