import { and, eq, sql } from 'drizzle-orm';
import { adminRefundSchema, refundSchema, type AdminRefund, type AdminSku, type Order, type Refund } from '@siyu/shared';
import { orderLines, orders } from '../../db/schema';
import { loginMember, type TestMember } from '../../testing/fixtures';
import type { TestApp } from '../../testing/test-app';
import type { Auth } from '../catalog/test-factories';
import { createAddress, createSellableSku, orderOf, placeOrder } from '../orders/test-factories';

/** Test data for refunds: orders are placed and paid through the API and the pay simulator. */

export interface PaidLine {
  priceFen: number;
  quantity: number;
  /** Rewrites the line's payable before payment, as a prorated discount would (e.g. 1000 over 3 units). */
  payableFen?: number;
  stock?: number;
}

export interface PaidOrder {
  member: TestMember;
  order: Order;
  skus: AdminSku[];
}

/** Overwrites line payables (and the order's totals to match) on an unpaid order. */
async function setLinePayables(t: TestApp, orderId: number, lines: PaidLine[]): Promise<void> {
  for (const [index, line] of lines.entries()) {
    if (line.payableFen === undefined) continue;
    await t.deps.db
      .update(orderLines)
      .set({ payableFen: line.payableFen, discountFen: sql`${orderLines.subtotalFen} - ${line.payableFen}` })
      .where(and(eq(orderLines.orderId, orderId), eq(orderLines.lineNo, index + 1)));
  }
  const [sum] = await t.deps.db
    .select({ payable: sql<number>`sum(${orderLines.payableFen})::int`, discount: sql<number>`sum(${orderLines.discountFen})::int` })
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId));
  await t.deps.db
    .update(orders)
    .set({ payableFen: sql`${sum?.payable ?? 0} + ${orders.shippingFen}`, discountFen: sum?.discount ?? 0 })
    .where(eq(orders.id, orderId));
}

/** An order of one fresh SKU per line, paid by a new member (or `member`). */
export async function createPaidOrder(t: TestApp, staffAuth: Auth, lines: PaidLine[], member?: TestMember): Promise<PaidOrder> {
  const buyer = member ?? (await loginMember(t));
  const skus = await Promise.all(
    lines.map((line) =>
      createSellableSku(t, staffAuth, { privatePriceFen: line.priceFen, publicPriceFen: line.priceFen * 2, costPriceFen: 1, stock: line.stock ?? 10 }),
    ),
  );
  const placed = await placeOrder(
    t,
    buyer,
    await createAddress(t, buyer),
    lines.map((line, index) => ({ skuId: skus[index]?.id ?? 0, quantity: line.quantity })),
  );
  if (placed.status !== 201) throw new Error(`order: ${placed.status} ${JSON.stringify(placed.body)}`);
  const { id, orderNo } = orderOf(placed.body);
  await setLinePayables(t, id, lines);
  const pay = await t.request().post(`/api/orders/${id}/pay`).set(buyer.auth);
  if (pay.status !== 200) throw new Error(`pay: ${pay.status} ${JSON.stringify(pay.body)}`);
  await t.paySimulator.pay(orderNo);
  return { member: buyer, order: await fetchOrder(t, buyer, id), skus };
}

export async function fetchOrder(t: TestApp, member: TestMember, orderId: number): Promise<Order> {
  const res = await t.request().get(`/api/orders/${orderId}`).set(member.auth);
  if (res.status !== 200) throw new Error(`GET order: ${res.status} ${JSON.stringify(res.body)}`);
  return orderOf(res.body);
}

export function postRefund(t: TestApp, member: TestMember, orderId: number, lines: { lineNo: number; quantity: number }[], reason = '不想要了') {
  return t.request().post(`/api/orders/${orderId}/refunds`).set(member.auth).send({ lines, reason });
}

/** A refund request that must succeed. */
export async function createRefund(t: TestApp, member: TestMember, orderId: number, lines: { lineNo: number; quantity: number }[]): Promise<Refund> {
  const res = await postRefund(t, member, orderId, lines);
  if (res.status !== 201) throw new Error(`refund: ${res.status} ${JSON.stringify(res.body)}`);
  return refundSchema.parse(res.body);
}

/** Approves a refund (WeChat answers PROCESSING), expecting 200. */
export async function approveRefund(t: TestApp, staffAuth: Auth, refundId: number, restock: boolean): Promise<AdminRefund> {
  const res = await t.request().post(`/api/admin/refunds/${refundId}/approve`).set(staffAuth).send({ restock });
  if (res.status !== 200) throw new Error(`approve: ${res.status} ${JSON.stringify(res.body)}`);
  return adminRefundSchema.parse(res.body);
}

/** Request → approve → WeChat settles it and notifies: the whole path for `lines`. */
export async function refundThrough(
  t: TestApp,
  staffAuth: Auth,
  paid: PaidOrder,
  lines: { lineNo: number; quantity: number }[],
  restock = false,
): Promise<Refund> {
  const refund = await createRefund(t, paid.member, paid.order.id, lines);
  await approveRefund(t, staffAuth, refund.id, restock);
  const deliveries = await t.paySimulator.completeRefund(refund.outRefundNo);
  if (deliveries.some((delivery) => delivery.status !== 204)) throw new Error(`refund notification: ${JSON.stringify(deliveries)}`);
  return refund;
}
