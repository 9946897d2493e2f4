import { eq } from 'drizzle-orm';
import type { MeResponse, MeUpdateBody, OrderCounts } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { members } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { countMemberOrders } from '../orders';
import { normalizeAvatar, saveAvatar } from './avatar';
import { findMemberById, toMeResponse } from './repo';

/** PATCH /api/me: the nickname the member typed (WeChat's `type="nickname"` input). */
export async function updateMe(sc: ServiceContext, deps: AppDeps, memberId: number, body: MeUpdateBody): Promise<MeResponse> {
  const [row] = await sc.db.update(members).set({ nickname: body.nickname }).where(eq(members.id, memberId)).returning();
  if (!row) throw new AppError('MEMBER_NOT_FOUND');
  return toMeResponse(row, deps.phoneCrypto);
}

/** POST /api/me/avatar: the picture from chooseAvatar, checked by its content, stored small. */
export async function uploadAvatar(sc: ServiceContext, deps: AppDeps, memberId: number, base64: string): Promise<MeResponse> {
  const webp = await normalizeAvatar(Buffer.from(base64, 'base64'));
  return inTransaction(sc, async (tx) => {
    if (!(await findMemberById(tx.db, memberId))) throw new AppError('MEMBER_NOT_FOUND');
    await saveAvatar(tx.db, memberId, webp, tx.now);
    const row = await findMemberById(tx.db, memberId);
    if (!row) throw new AppError('MEMBER_NOT_FOUND');
    return toMeResponse(row, deps.phoneCrypto);
  });
}

/** GET /api/me/order-counts: the caller's own badges. */
export function myOrderCounts(sc: ServiceContext, memberId: number): Promise<OrderCounts> {
  return countMemberOrders(sc.db, memberId);
}
