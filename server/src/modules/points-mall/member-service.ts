import { and, asc, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { PointsMallItemView, PointsMallRedemptionView, pointsMallRedemptionsQuerySchema } from '@siyu/shared';
import type { z } from 'zod';
import type { ServiceContext } from '../../context';
import { orders, pointsMallItems, pointsMallRedemptions } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { findMemberById } from '../members';
import { availablePoints } from '../points';
import { refusalOf, type MemberState } from './eligibility';
import { findItem, memberCounts } from './repo';
import { toItemView, toRedemptionView, type ItemRow } from './views';

async function memberState(sc: ServiceContext, memberId: number, itemIds: number[]): Promise<MemberState> {
  const member = await findMemberById(sc.db, memberId);
  if (!member) throw new AppError('MEMBER_NOT_FOUND');
  return { tierCode: member.tierCode, points: await availablePoints(sc.db, memberId, sc.now), counts: await memberCounts(sc.db, memberId, itemIds) };
}

function toShopView(row: ItemRow, member: MemberState | null): PointsMallItemView {
  if (!member) return { ...toItemView(row), redeemedByMe: 0, canRedeem: false, reason: 'UNAUTHENTICATED' };
  const reason = refusalOf(row, member);
  return { ...toItemView(row), redeemedByMe: member.counts.get(row.id) ?? 0, canRedeem: reason === null, reason };
}

/** GET /api/points-mall/items: items on sale in display order; for a member, whether each is redeemable and why not. */
export async function listShopItems(sc: ServiceContext, memberId: number | undefined): Promise<{ items: PointsMallItemView[] }> {
  const rows = await sc.db
    .select()
    .from(pointsMallItems)
    .where(eq(pointsMallItems.status, 'on_sale'))
    .orderBy(asc(pointsMallItems.sortOrder), asc(pointsMallItems.id));
  const member =
    memberId === undefined
      ? null
      : await memberState(
          sc,
          memberId,
          rows.map((row) => row.id),
        );
  return { items: rows.map((row) => toShopView(row, member)) };
}

/** GET /api/points-mall/items/:id: an item on sale (404 POINTS_MALL_ITEM_NOT_FOUND otherwise). */
export async function getShopItem(sc: ServiceContext, memberId: number | undefined, id: number): Promise<PointsMallItemView> {
  const row = await findItem(sc.db, id);
  if (!row || row.status !== 'on_sale') throw new AppError('POINTS_MALL_ITEM_NOT_FOUND');
  const member = memberId === undefined ? null : await memberState(sc, memberId, [row.id]);
  return toShopView(row, member);
}

/** GET /api/me/points-mall/redemptions: the member's redemptions, newest first, keyset-paginated by id. */
export async function listMyRedemptions(
  sc: ServiceContext,
  memberId: number,
  query: z.output<typeof pointsMallRedemptionsQuerySchema>,
): Promise<{ items: PointsMallRedemptionView[]; nextCursor: string | null }> {
  const conditions: SQL[] = [eq(pointsMallRedemptions.memberId, memberId)];
  if (query.cursor) conditions.push(lt(pointsMallRedemptions.id, decodeCursor(query.cursor, ['id'])[0]));
  const rows = await sc.db
    .select({
      redemption: pointsMallRedemptions,
      item: { title: pointsMallItems.title, kind: pointsMallItems.kind, image: pointsMallItems.image },
      orderStatus: orders.status,
    })
    .from(pointsMallRedemptions)
    .innerJoin(pointsMallItems, eq(pointsMallItems.id, pointsMallRedemptions.itemId))
    .leftJoin(orders, eq(orders.id, pointsMallRedemptions.orderId))
    .where(and(...conditions))
    .orderBy(desc(pointsMallRedemptions.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => toRedemptionView(row.redemption, row.orderStatus, row.item)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.redemption.id]) : null,
  };
}
