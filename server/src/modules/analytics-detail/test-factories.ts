import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ProductRole } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { appendEvent } from '../events';

/*
 * Source rows of the detail roll-up inserted directly (products, orders with lines and promotion claims,
 * refunds of lines, lifecycle changes), each with the domain event its real flow emits.
 */

async function one<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await queryRows<T>(db, query);
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function insertCategory(db: Executor, name = `类目${crypto.randomBytes(3).toString('hex')}`): Promise<number> {
  return Number((await one<{ id: number }>(db, sql`insert into categories (name) values (${name}) returning id`)).id);
}

export interface CatalogItem {
  productId: number;
  skuId: number;
  categoryId: number;
  costFen: number;
}

/** A product of `role` in a category with one SKU of this cost price. */
export async function insertProduct(db: Executor, input: { categoryId: number; role: ProductRole; costFen: number; title?: string }): Promise<CatalogItem> {
  const title = input.title ?? `商品${crypto.randomBytes(3).toString('hex')}`;
  const product = await one<{ id: number }>(
    db,
    sql`insert into products (category_id, title, role, status) values (${input.categoryId}, ${title}, ${input.role}, 'on_sale') returning id`,
  );
  const sku = await one<{ id: number }>(
    db,
    sql`insert into skus (product_id, specs, public_price_fen, private_price_fen, cost_price_fen, stock)
      values (${product.id}, '{}'::jsonb, 100000, 100000, ${input.costFen}, 1000) returning id`,
  );
  return { productId: Number(product.id), skuId: Number(sku.id), categoryId: input.categoryId, costFen: input.costFen };
}

export interface LineInput {
  item: CatalogItem;
  quantity: number;
  payableFen: number;
}

export interface ClaimInput {
  kind: 'coupon' | 'store_promotion' | 'promo_code' | 'flash_sale';
  /** member_coupons.id for a coupon, else the promotion's id. */
  refId: number;
  discountFen: number;
}

/** An order with lines (paid at `paidAt`, or unpaid when null), its claims, and its order.paid event. */
export async function insertOrderWithLines(
  db: Executor,
  input: { memberId: number; paidAt: Date | null; lines: LineInput[]; claims?: ClaimInput[]; liveSessionId?: number | null; createdAt?: Date },
): Promise<number> {
  const orderNo = `D${crypto.randomBytes(8).toString('hex')}`;
  const payable = input.lines.reduce((sum, line) => sum + line.payableFen, 0);
  const paidAt = input.paidAt?.toISOString() ?? null;
  const created = (input.createdAt ?? input.paidAt ?? new Date()).toISOString();
  const { id } = await one<{ id: number }>(
    db,
    sql`insert into orders (order_no, member_id, status, goods_subtotal_fen, discount_fen, shipping_fen, payable_fen, address, idempotency_key,
      request_hash, payment_expires_at, paid_at, live_session_id, created_at)
    values (${orderNo}, ${input.memberId}, ${paidAt ? 'paid' : 'pending_payment'}, ${payable}, 0, 0, ${payable}, '{}'::jsonb,
      ${orderNo}, 'h', ${created}::timestamptz, ${paidAt}::timestamptz, ${input.liveSessionId ?? null}, ${created}::timestamptz)
    returning id`,
  );
  const orderId = Number(id);
  let lineNo = 0;
  for (const line of input.lines) {
    lineNo += 1;
    await db.execute(sql`
      insert into order_lines (order_id, line_no, sku_id, product_id, title, specs, quantity, unit_price_fen, public_price_fen, subtotal_fen,
        discount_fen, payable_fen)
      values (${orderId}, ${lineNo}, ${line.item.skuId}, ${line.item.productId}, '商品', '{}'::jsonb, ${line.quantity},
        ${Math.floor(line.payableFen / line.quantity)}, ${Math.floor(line.payableFen / line.quantity)}, ${line.payableFen}, 0, ${line.payableFen})`);
  }
  for (const claim of input.claims ?? []) {
    await db.execute(sql`
      insert into order_promotion_claims (order_id, member_id, kind, ref_id, discount_fen)
      values (${orderId}, ${input.memberId}, ${claim.kind}, ${claim.refId}, ${claim.discountFen})`);
  }
  if (input.paidAt && paidAt) {
    await appendEvent(db, { type: 'order.paid', occurredAt: input.paidAt, memberId: input.memberId, orderId, payload: { paidFen: payable, paidAt } });
  }
  return orderId;
}

/** Closes an unpaid order, with its order.cancelled event. */
export async function cancelOrder(db: Executor, orderId: number, memberId: number, at: Date): Promise<void> {
  await db.execute(sql`update orders set status = 'cancelled', cancelled_at = ${at.toISOString()}::timestamptz where id = ${orderId}`);
  await appendEvent(db, { type: 'order.cancelled', occurredAt: at, memberId, orderId, payload: { reason: 'test' } });
}

/** A succeeded refund of `quantity` units (and `amountFen`) of one line, as the refund flow settles it. */
export async function refundLine(db: Executor, orderId: number, lineNo: number, quantity: number, amountFen: number, succeededAt: Date): Promise<number> {
  const iso = succeededAt.toISOString();
  const lines = JSON.stringify([{ lineNo, quantity, amountFen }]);
  const { id } = await one<{ id: number }>(
    db,
    sql`insert into refunds (order_id, out_refund_no, status, lines, amount_fen, reason, order_status_before, completed_at, created_at, updated_at)
    values (${orderId}, ${`RF${crypto.randomBytes(8).toString('hex')}`}, 'succeeded', ${lines}::jsonb, ${amountFen}, '测试', 'paid', ${iso}::timestamptz,
      ${iso}::timestamptz, ${iso}::timestamptz)
    returning id`,
  );
  await db.execute(
    sql`update order_lines set refunded_quantity = refunded_quantity + ${quantity}, refunded_fen = refunded_fen + ${amountFen}
      where order_id = ${orderId} and line_no = ${lineNo}`,
  );
  await db.execute(sql`update orders set refunded_fen = refunded_fen + ${amountFen} where id = ${orderId}`);
  await appendEvent(db, { type: 'refund.succeeded', occurredAt: succeededAt, orderId, payload: { refundId: Number(id), amountFen, succeededAt: iso } });
  return Number(id);
}

/** A member.lifecycle_changed event (the member facts consumer emits these). */
export async function recordLifecycleChange(db: Executor, memberId: number, from: string, to: string, at: Date): Promise<void> {
  await appendEvent(db, { type: 'member.lifecycle_changed', occurredAt: at, memberId, payload: { from, to } });
}

/** A coupon template (满 0 减 face value), with a budget when given. */
export async function insertCouponTemplate(db: Executor, input: { name?: string; budgetFen?: number | null; faceValueFen?: number } = {}): Promise<number> {
  const face = input.faceValueFen ?? 1000;
  const rule = JSON.stringify({ kind: 'fixed_off', thresholdFen: 0, offFen: face });
  const row = await one<{ id: number }>(
    db,
    sql`insert into coupon_templates (name, rule, scope, stacking_group, validity_kind, valid_days, visibility, budget_fen, face_value_fen)
      values (${input.name ?? '测试券'}, ${rule}::jsonb, '{"kind":"all"}'::jsonb, 'coupon', 'after_claim', 30, 'public', ${input.budgetFen ?? null},
        ${face}) returning id`,
  );
  return Number(row.id);
}

/** A coupon of the template a member claimed at `claimedAt`. */
export async function insertMemberCoupon(db: Executor, templateId: number, memberId: number, claimedAt: Date): Promise<number> {
  const iso = claimedAt.toISOString();
  const row = await one<{ id: number }>(
    db,
    sql`insert into member_coupons (template_id, member_id, source, source_key, valid_from, expires_at, created_at)
      values (${templateId}, ${memberId}, 'claim', ${`test:${crypto.randomUUID()}`}, ${iso}::timestamptz, ${iso}::timestamptz + interval '30 days',
        ${iso}::timestamptz) returning id`,
  );
  return Number(row.id);
}

/** A store promotion (满减活动) over a window. */
export async function insertStorePromotion(db: Executor, name: string, startsAt: Date, endsAt: Date): Promise<number> {
  const rule = JSON.stringify({ kind: 'fixed_off', thresholdFen: 0, offFen: 500 });
  const row = await one<{ id: number }>(
    db,
    sql`insert into store_promotions (name, rule, scope, starts_at, ends_at)
      values (${name}, ${rule}::jsonb, '{"kind":"all"}'::jsonb, ${startsAt.toISOString()}::timestamptz, ${endsAt.toISOString()}::timestamptz) returning id`,
  );
  return Number(row.id);
}

/** A live session with one promo code; answers both ids. */
export async function insertLiveSession(
  db: Executor,
  title: string,
  startsAt: Date,
  endsAt: Date,
): Promise<{ sessionId: number; codeId: number; code: string }> {
  const scene = `live=${crypto.randomBytes(4).toString('hex')}`;
  const session = await one<{ id: number }>(
    db,
    sql`insert into live_sessions (title, platform, room_id, host_name, starts_at, ends_at, scene_code)
      values (${title}, 'channels', 'room', '主播', ${startsAt.toISOString()}::timestamptz, ${endsAt.toISOString()}::timestamptz, ${scene}) returning id`,
  );
  const code = `LIVE${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
  const rule = JSON.stringify({ kind: 'fixed_off', thresholdFen: 0, offFen: 300 });
  const promo = await one<{ id: number }>(
    db,
    sql`insert into promo_codes (session_id, code, rule, scope) values (${session.id}, ${code}, ${rule}::jsonb, '{"kind":"all"}'::jsonb) returning id`,
  );
  return { sessionId: Number(session.id), codeId: Number(promo.id), code };
}
