import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/client';
import { appMeta, behaviourEvents } from '../db/schema';
import { queryRows } from '../lib/sql';
import { chinaMonth, ensureBehaviourPartitions, visitsOf } from '../modules/behaviour';
import { appendEvents, type NewDomainEvent } from '../modules/events';
import { chunks, DAY, demoRng, MINUTE } from './demo-channels';

/** The app_meta marker: set with the demo behaviour events, so a database gets them at most once. */
export const DEMO_BEHAVIOUR_MARKER = 'demo_behaviour';
/** How far back the demo's behaviour events go. */
/** 60 days: the home's 近 30 天 compares with the 30 days before, which need visitors too (else 支付转化率 > 100 %). */
const DEMO_BEHAVIOUR_DAYS = 60;
/** Anonymous devices that browse (most never buy). */
const DEMO_ANONYMOUS_DEVICES = 480;

type Row = typeof behaviourEvents.$inferInsert;

const HOME = 'pages/index/index';
const CATEGORY = 'pages/category/index';
const PRODUCT = 'pages/product/index';
const CART = 'pages/cart/index';
const CHECKOUT = 'pages/checkout/index';

/** A demo device id (the mini-program's are 16–64 of [A-Za-z0-9_-]). */
const deviceOf = (kind: 'm' | 'a', n: number) => `demo_${kind}${String(n).padStart(12, '0')}`;

export interface BehaviourSeedCounts {
  events: number;
  orderJourneys: number;
  anonymousDevices: number;
}

/**
 * The demo's behaviour events of the last 60 days (once: the `demo_behaviour` marker, in the caller's
 * transaction): every demo order paid in that span gets its journey on its day — home, the product, add to
 * cart, checkout — under its member and a device of theirs; some members browse without buying; a few hundred
 * anonymous devices browse, some add to cart, a few start a checkout and leave. One `behaviour.recorded` (with
 * its visits) per written chunk, so the dashboards' roll-up counts them like live events.
 */
export async function seedDemoBehaviour(db: Executor, now: Date): Promise<BehaviourSeedCounts | null> {
  const marker = await db
    .insert(appMeta)
    .values({ key: DEMO_BEHAVIOUR_MARKER, value: { seededAt: now.toISOString() } })
    .onConflictDoNothing()
    .returning({ key: appMeta.key });
  if (marker.length === 0) return null;
  const { between, pick, random } = demoRng(20_261_601);
  const since = new Date(now.getTime() - DEMO_BEHAVIOUR_DAYS * DAY);
  const products = (await queryRows<{ id: number }>(db, sql`select id from products where status = 'on_sale' order by id`)).map((row) => Number(row.id));
  const orders = await queryRows<{
    id: number;
    member_id: number;
    paid_at: string | Date;
    product_id: number | null;
    sku_id: number | null;
    quantity: number | null;
    lines: number;
  }>(
    db,
    sql`select o.id, o.member_id, o.paid_at, l.product_id, l.sku_id, l.quantity, (select count(*)::int from order_lines x where x.order_id = o.id) as lines
        from orders o
        left join lateral (select product_id, sku_id, quantity from order_lines where order_id = o.id order by id limit 1) l on true
        where o.paid_at >= ${since} and o.paid_at <= ${now}
        order by o.paid_at, o.id`,
  );
  const rows: Row[] = [];
  const push = (row: Omit<Row, 'receivedAt' | 'data'> & { data?: Record<string, unknown> }) => {
    const at = row.occurredAt < since ? since : row.occurredAt;
    rows.push({ ...row, occurredAt: at, data: row.data ?? {}, receivedAt: at });
  };

  // Buyers: the journey to each paid order, minutes before it was paid (same China day unless paid right after midnight).
  for (const order of orders) {
    const paidAt = new Date(order.paid_at).getTime();
    const memberId = Number(order.member_id);
    const deviceId = deviceOf('m', memberId);
    const productId = order.product_id === null ? (products.length > 0 ? pick(products) : null) : Number(order.product_id);
    const start = paidAt - between(8, 25) * MINUTE;
    push({ type: 'page_view', occurredAt: new Date(start), deviceId, memberId, data: { page: HOME } });
    if (random() < 0.5) push({ type: 'page_view', occurredAt: new Date(start + MINUTE), deviceId, memberId, data: { page: CATEGORY } });
    if (productId !== null) {
      push({ type: 'page_view', occurredAt: new Date(start + 2 * MINUTE), deviceId, memberId, data: { page: PRODUCT } });
      push({ type: 'product_view', occurredAt: new Date(start + 2 * MINUTE), deviceId, memberId, productId });
      const cart: Record<string, unknown> = { quantity: Number(order.quantity ?? 1) };
      if (order.sku_id !== null) cart.skuId = Number(order.sku_id);
      push({ type: 'add_to_cart', occurredAt: new Date(start + 4 * MINUTE), deviceId, memberId, productId, data: cart });
    }
    push({ type: 'page_view', occurredAt: new Date(start + 5 * MINUTE), deviceId, memberId, data: { page: CART } });
    push({ type: 'page_view', occurredAt: new Date(paidAt - 3 * MINUTE), deviceId, memberId, data: { page: CHECKOUT } });
    push({ type: 'checkout_start', occurredAt: new Date(paidAt - 2 * MINUTE), deviceId, memberId, data: { itemCount: Math.max(1, Number(order.lines)) } });
    if (productId !== null && random() < 0.08) {
      push({
        type: 'share',
        occurredAt: new Date(paidAt + between(1, 30) * MINUTE),
        deviceId,
        memberId,
        productId,
        data: { target: random() < 0.7 ? 'friend' : 'timeline' },
      });
    }
  }

  // Members who come back to browse without buying (some of the buyers, on other days).
  const members = [...new Set(orders.map((order) => Number(order.member_id)))];
  for (const memberId of members) {
    if (random() < 0.5) continue;
    const visits = between(1, 4);
    for (let k = 0; k < visits; k += 1) {
      const at = now.getTime() - between(10, DEMO_BEHAVIOUR_DAYS * 24 * 60 - 10) * MINUTE;
      const deviceId = deviceOf('m', memberId);
      push({ type: 'page_view', occurredAt: new Date(at), deviceId, memberId, data: { page: HOME } });
      if (products.length > 0) push({ type: 'product_view', occurredAt: new Date(at + MINUTE), deviceId, memberId, productId: pick(products) });
    }
  }

  // Anonymous devices: browse, sometimes add to cart, rarely start a checkout (never logged in, never paid).
  for (let n = 1; n <= DEMO_ANONYMOUS_DEVICES; n += 1) {
    const deviceId = deviceOf('a', n);
    const visits = between(1, 3);
    for (let k = 0; k < visits; k += 1) {
      const at = now.getTime() - between(10, DEMO_BEHAVIOUR_DAYS * 24 * 60 - 10) * MINUTE;
      push({ type: 'page_view', occurredAt: new Date(at), deviceId, memberId: null, data: { page: HOME } });
      if (products.length === 0 || random() < 0.3) continue;
      const productId = pick(products);
      push({ type: 'page_view', occurredAt: new Date(at + MINUTE), deviceId, memberId: null, data: { page: PRODUCT } });
      push({ type: 'product_view', occurredAt: new Date(at + MINUTE), deviceId, memberId: null, productId });
      if (random() < 0.25) {
        push({ type: 'add_to_cart', occurredAt: new Date(at + 3 * MINUTE), deviceId, memberId: null, productId, data: { quantity: between(1, 2) } });
        if (random() < 0.3) push({ type: 'checkout_start', occurredAt: new Date(at + 5 * MINUTE), deviceId, memberId: null, data: { itemCount: 1 } });
      }
    }
  }

  rows.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const part of chunks(rows)) {
    await db.insert(behaviourEvents).values(part);
    const event: NewDomainEvent<'behaviour.recorded'> = {
      type: 'behaviour.recorded',
      occurredAt: now,
      payload: { count: part.length, visits: visitsOf(part) },
    };
    await appendEvents(db, [event]);
  }
  return { events: rows.length, orderJourneys: orders.length, anonymousDevices: DEMO_ANONYMOUS_DEVICES };
}

/**
 * Seeds the demo behaviour events once per demo database (fresh or upgraded): the months they fall in get
 * their partitions first (60 days back may reach two months before the last one).
 */
export async function upgradeDemoBehaviour(db: Db, now = new Date()): Promise<boolean> {
  const keys = new Set(
    (await queryRows<{ key: string }>(db, sql`select key from app_meta where key in ('demo_seed', ${DEMO_BEHAVIOUR_MARKER})`)).map((row) => row.key),
  );
  if (!keys.has('demo_seed') || keys.has(DEMO_BEHAVIOUR_MARKER)) return false;
  await ensureBehaviourPartitions(db, now, [chinaMonth(new Date(now.getTime() - DEMO_BEHAVIOUR_DAYS * DAY))]);
  return (await db.transaction((tx) => seedDemoBehaviour(tx, now))) !== null;
}
