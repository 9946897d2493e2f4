import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { orderEvents, orderLines, orders, payments, products, skus } from '../db/schema';
import type { PhoneCrypto } from '../lib/phone-crypto';
import type { NewDomainEvent } from '../modules/events';
import type { DomainEventType } from '../modules/events/types';
import {
  BASE62,
  chunks,
  CITIES,
  DAY,
  HOUR,
  lastTouch,
  MINUTE,
  type Code,
  type DemoCodes,
  type DemoRng,
  type PlannedOrder,
  type SellableSku,
} from './demo-channels';
import { codeLaunch, type DemoPeople, type TouchRow } from './seed-channel-members';

/** An order header as inserted (the refund and points steps read it back). */
export type DemoOrderHeader = typeof orders.$inferInsert & { orderNo: string; memberId: number; payableFen: number; paidAt: Date; createdAt: Date };

/** On-sale, undeleted SKUs everyone may buy, with no purchase limit and stock to spare. */
export async function loadSellableSkus(db: Executor): Promise<SellableSku[]> {
  const rows = await db
    .select({
      id: skus.id,
      productId: skus.productId,
      title: products.title,
      images: products.images,
      specs: skus.specs,
      publicPriceFen: skus.publicPriceFen,
      privatePriceFen: skus.privatePriceFen,
      stock: skus.stock,
    })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(and(eq(products.status, 'on_sale'), isNull(skus.deletedAt), isNull(skus.minTier), isNull(skus.purchaseLimit), gt(skus.stock, 100)))
    .orderBy(skus.id);
  return rows.map(({ images, ...row }) => ({ ...row, image: images[0] ?? null }));
}

/** Lines (1–3 SKUs, 1–3 each) adding up to about `targetFen`, within the stock left (at least 20 kept). */
function pickLines(sellable: readonly SellableSku[], stockLeft: Map<number, number>, targetFen: number, random: () => number) {
  const lines: { sku: SellableSku; quantity: number }[] = [];
  let total = 0;
  for (let attempt = 0; attempt < 12 && lines.length < 3 && total < targetFen; attempt += 1) {
    const sku = sellable[Math.floor(random() * sellable.length)];
    if (!sku || lines.some((line) => line.sku.id === sku.id)) continue;
    const wanted = Math.max(1, Math.min(3, Math.round((targetFen - total) / sku.privatePriceFen)));
    const left = stockLeft.get(sku.id) ?? 0;
    if (left - wanted < 20) continue;
    stockLeft.set(sku.id, left - wanted);
    lines.push({ sku, quantity: wanted });
    total += sku.privatePriceFen * wanted;
  }
  return lines;
}

/**
 * ~80 % of the members buy within hours or days of joining, then come back every 1–4 weeks (a quarter stop
 * after each order); before some repurchases a re-engagement touch (member-day SMS, a WeCom message, an
 * article) is planned 2 h – 6 days earlier, so last touch differs from first touch for some orders.
 */
export function planDemoOrders(now: Date, rng: DemoRng, people: DemoPeople, codes: DemoCodes, sellable: SellableSku[]): PlannedOrder[] {
  const { random, pick, between } = rng;
  const stockLeft = new Map(sellable.map((sku) => [sku.id, sku.stock]));
  const smsCode = codes.codesOf('sms')[0];
  const reengage: Code[] = [...(smsCode ? [smsCode] : []), ...codes.codesOf('wecom'), ...codes.codesOf('oa')];
  const plan: PlannedOrder[] = [];
  for (const member of people.planned) {
    if (random() > 0.8 || sellable.length === 0) continue;
    const memberId = people.memberIdOf.get(member.index) ?? 0;
    let at = member.registeredAt.getTime() + between(5, 90) * MINUTE + (random() < 0.3 ? between(1, 4) * DAY : 0);
    for (let count = 0; at < now.getTime() - 10 * MINUTE && count < 8; count += 1) {
      if (count > 0 && random() < 0.45 && reengage.length > 0) {
        const code = pick(reengage);
        const wxScene = code.id === smsCode?.id ? 1194 : 1011;
        people.touchPlan.push(codeLaunch(member, new Date(at - between(2, 144) * HOUR), code, wxScene, memberId));
      }
      const lines = pickLines(sellable, stockLeft, between(8_000, 50_000), random);
      if (lines.length === 0) break;
      plan.push({ member, memberId, createdAt: new Date(at), paidAt: new Date(at + between(20, 300) * 1000), lines, refunded: random() < 0.05 });
      if (random() < 0.25) break;
      at += between(8, 30) * DAY + between(-8, 8) * HOUR;
    }
  }
  return plan.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** `S` + China time stamp + 8 base62 characters (like newOrderNo), deterministic per index. */
function demoOrderNo(at: Date, index: number): string {
  const stamp = new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 19).replace(/[-T:]/g, '');
  let suffix = 'D';
  let n = index * 2_654_435_761 + 12_345;
  for (let i = 0; i < 7; i += 1) {
    suffix += BASE62[n % 62];
    n = Math.floor(n / 62) + 7_919 * (i + 1);
  }
  return `S${stamp}${suffix}`;
}

/**
 * Inserts the orders as checkout + payment (+ shipping, completion) leave them: header with its attribution
 * (first-touch channel of the member, last touch within the window), lines at the member price, the
 * succeeded payment, the order timeline, and the order.created / order.paid events. Refunded orders get
 * their refund in seedDemoRefunds. Answers the headers and their ids.
 */
export async function seedDemoOrders(
  db: Executor,
  now: Date,
  crypto: PhoneCrypto,
  { between }: DemoRng,
  plan: PlannedOrder[],
  attribution: { touchesOf: Map<number, TouchRow[]>; firstChannelOf: Map<number, number | null> },
  events: NewDomainEvent<DomainEventType>[],
  /** Added to the index in order, tracking and transaction numbers (the customer-data seed's orders come after these). */
  numberBase = 0,
): Promise<{ headers: DemoOrderHeader[]; ids: number[] }> {
  const headers: DemoOrderHeader[] = plan.map((order, index) => {
    const last = lastTouch(attribution.touchesOf.get(order.member.index) ?? [], order.createdAt);
    const subtotal = order.lines.reduce((sum, line) => sum + line.sku.privatePriceFen * line.quantity, 0);
    const ageDays = (now.getTime() - order.paidAt.getTime()) / DAY;
    const status = order.refunded ? 'refunded' : ageDays > 12 ? 'completed' : ageDays > 2 ? 'shipped' : 'paid';
    const shippedAt = status === 'completed' || status === 'shipped' ? new Date(order.paidAt.getTime() + between(4, 30) * HOUR) : null;
    const city = CITIES[order.member.index % CITIES.length];
    return {
      orderNo: demoOrderNo(order.createdAt, index + numberBase),
      memberId: order.memberId,
      status,
      goodsSubtotalFen: subtotal,
      discountFen: 0,
      shippingFen: 0,
      payableFen: subtotal,
      refundedFen: order.refunded ? subtotal : 0,
      address: {
        recipientName: order.member.nickname,
        phoneCipher: crypto.encrypt(order.member.phone),
        regionCodes: city?.codes ?? [],
        regionText: city?.text ?? '',
        detail: `${city?.street ?? ''} ${String(10 + (order.member.index % 180))} 号`,
      },
      explanation: ['商品金额按会员价计算', '满额包邮'],
      idempotencyKey: `demo-channel-order-${String(index + 1)}`,
      requestHash: 'demo',
      paymentExpiresAt: new Date(order.createdAt.getTime() + 30 * MINUTE),
      paidAt: order.paidAt,
      shippedAt,
      carrier: shippedAt ? '顺丰速运' : null,
      trackingNo: shippedAt ? `SF${String(1_400_000_000_000 + (index + numberBase) * 7_331)}` : null,
      completedAt: status === 'completed' ? new Date(order.paidAt.getTime() + between(7, 10) * DAY) : null,
      firstChannelId: attribution.firstChannelOf.get(order.memberId) ?? null,
      lastChannelId: last?.channelId ?? null,
      lastCodeId: last?.codeId ?? null,
      lastTouchId: last?.id ?? null,
      createdAt: order.createdAt,
      updatedAt: order.paidAt,
    };
  });
  const ids: number[] = [];
  for (const part of chunks(headers)) ids.push(...(await db.insert(orders).values(part).returning({ id: orders.id })).map((row) => row.id));

  const lineValues: (typeof orderLines.$inferInsert)[] = [];
  const paymentValues: (typeof payments.$inferInsert)[] = [];
  const timeline: (typeof orderEvents.$inferInsert)[] = [];
  for (const [index, order] of plan.entries()) {
    const orderId = ids[index] ?? 0;
    const header = headers[index];
    if (!header) continue;
    for (const [lineIndex, { sku, quantity }] of order.lines.entries()) {
      const subtotal = sku.privatePriceFen * quantity;
      lineValues.push({
        orderId,
        lineNo: lineIndex + 1,
        skuId: sku.id,
        productId: sku.productId,
        title: sku.title,
        specs: sku.specs,
        image: sku.image,
        quantity,
        unitPriceFen: sku.privatePriceFen,
        publicPriceFen: sku.publicPriceFen,
        subtotalFen: subtotal,
        discountFen: 0,
        payableFen: subtotal,
        refundedQuantity: order.refunded ? quantity : 0,
        refundedFen: order.refunded ? subtotal : 0,
      });
    }
    paymentValues.push({
      orderId,
      outTradeNo: header.orderNo,
      prepayId: `wx_demo_${header.orderNo}`,
      status: 'succeeded',
      amountFen: header.payableFen,
      transactionId: `4200${String(2_000_000_000 + (index + numberBase) * 13)}${header.orderNo.slice(-8)}`,
      payerOpenid: order.member.openid,
      successAt: order.paidAt,
      createdAt: order.createdAt,
      updatedAt: order.paidAt,
    });
    const step = (type: string, fromStatus: string | null, toStatus: string, actorType: string, createdAt: Date, data: Record<string, unknown>) =>
      timeline.push({ orderId, type, fromStatus, toStatus, actorType, actorId: actorType === 'member' ? String(order.memberId) : null, data, createdAt });
    step('created', null, 'pending_payment', 'member', order.createdAt, { payableFen: header.payableFen });
    step('paid', 'pending_payment', 'paid', 'wechat', order.paidAt, { amountFen: header.payableFen });
    if (header.shippedAt) step('shipped', 'paid', 'shipped', 'staff', header.shippedAt, { carrier: header.carrier, trackingNo: header.trackingNo });
    if (header.completedAt) step('completed', 'shipped', 'completed', 'system', header.completedAt, {});
    const { firstChannelId = null, lastChannelId = null, lastCodeId = null } = header;
    events.push(
      {
        type: 'order.created',
        occurredAt: order.createdAt,
        memberId: order.memberId,
        orderId,
        payload: { payableFen: header.payableFen, firstChannelId, lastChannelId, lastCodeId },
      },
      {
        type: 'order.paid',
        occurredAt: order.paidAt,
        memberId: order.memberId,
        orderId,
        payload: { paidFen: header.payableFen, paidAt: order.paidAt.toISOString() },
      },
    );
  }
  for (const part of chunks(lineValues)) await db.insert(orderLines).values(part);
  for (const part of chunks(paymentValues)) await db.insert(payments).values(part);
  for (const part of chunks(timeline)) await db.insert(orderEvents).values(part);
  return { headers, ids };
}
