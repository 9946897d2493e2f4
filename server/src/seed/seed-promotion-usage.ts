import { sql } from 'drizzle-orm';
import { inTransaction, type ServiceContext } from '../context';
import type { Db } from '../db/client';
import type { AppDeps } from '../deps';
import { placeOrder } from '../flows/checkout';
import { applyPayment } from '../flows/payment';
import type { StaffActor } from '../http/types';
import { AppError } from '../lib/errors';
import { queryRows } from '../lib/sql';
import { findDefaultAddress } from '../modules/addresses';
import { createAddress } from '../modules/addresses/service';
import { shipInTransaction } from '../modules/admin-orders/service';
import { claimCoupon } from '../modules/coupons/member-service';
import { createFlashSale } from '../modules/flash-sales/admin-service';
import { confirmReceipt } from '../modules/orders/service';
import { quoteCheckout } from '../modules/promotions';
import { setStaffWecomUser } from '../modules/staff-tasks/admin-service';
import { chinaDate, type Fen, type StaffRole } from '@siyu/shared';
import { DAY, demoRng, HOUR, MINUTE } from './demo-channels';
import { loadSellableSkus } from './seed-channel-orders';

/** The app_meta marker: set with the demo's promotion orders and WeCom owners, so a database gets them at most once. */
export const DEMO_PROMOTION_USAGE_MARKER = 'demo_promotion_usage';
const DAYS = 30;
/** The demo staff who own WeCom customers, with their (demo) WeCom userids. */
const DEMO_WECOM_USERS: readonly { username: string; wecomUserId: string }[] = [
  { username: 'operator', wecomUserId: 'DemoLin' },
  { username: 'service', wecomUserId: 'DemoZhou' },
  { username: 'owner', wecomUserId: 'DemoOwner' },
];

/** What checkout needs of the app's wiring (no close job: these orders are paid at once). */
export type SeedCheckoutDeps = Pick<AppDeps, 'config' | 'phoneCrypto'>;

export interface PromotionUsageCounts {
  orders: number;
  byKind: Record<'coupon' | 'store_promotion' | 'promo_code' | 'flash_sale', number>;
  ownedMembers: number;
}

type Kind = keyof PromotionUsageCounts['byKind'];
interface Window {
  from: number;
  to: number;
}

/** [max(start, since), min(end, now − 2 min)], or null when empty. */
function windowOf(start: Date | string, end: Date | string | null, since: number, now: number): Window | null {
  const from = Math.max(new Date(start).getTime(), since);
  const to = Math.min(end === null ? now : new Date(end).getTime(), now - 2 * MINUTE);
  return to > from ? { from, to } : null;
}

/**
 * Demo orders that used the demo's promotions (issue 16: 促销效果, the live session's orders, 员工业绩), placed
 * through checkout and paid through the function the pay notification uses, each at its own past moment
 * (the service context's clock): coupons the member claimed first, the store's 满减, the live session's code,
 * a past flash sale (created for it). So claims, adjustments, used coupons, code uses, points and outbox events agree.
 * The demo's 满减 and coupon center were created at seeding time: when still running, their start (claim start)
 * is moved back 30 days so the orders spread over the month. The demo operator, customer service and owner get
 * WeCom userids (the staff service, as the owner) and become the WeCom owners of some paying members.
 * Once per database (marker, all in one transaction); only on a seeded demo database. Null when not run.
 */
export async function upgradeDemoPromotionUsage(db: Db, deps: SeedCheckoutDeps, now = new Date()): Promise<PromotionUsageCounts | null> {
  const [seeded] = await queryRows<{ key: string }>(db, sql`select key from app_meta where key = 'demo_seed'`);
  if (!seeded) return null;
  return db.transaction(async (tx) => {
    const marker = await queryRows<{ key: string }>(
      tx,
      sql`insert into app_meta (key, value) values (${DEMO_PROMOTION_USAGE_MARKER}, ${JSON.stringify({ seededAt: now.toISOString() })}::jsonb)
        on conflict (key) do nothing returning key`,
    );
    if (marker.length === 0) return null;
    const base: ServiceContext = { db: tx, requestId: 'demo-promotion-usage', now, ip: null };
    const staffRows = await queryRows<{ id: number; username: string; role: StaffRole; wecom_user_id: string | null }>(
      tx,
      sql`select id, username, role, wecom_user_id from staff where username in ('owner', 'operator', 'service') and not is_disabled order by id`,
    );
    const actorOf = (username: string): StaffActor | null => {
      const row = staffRows.find((candidate) => candidate.username === username);
      return row ? { id: Number(row.id), role: row.role, username: row.username } : null;
    };
    const counts = await placePromotionOrders(base, deps as AppDeps, now, actorOf('operator') ?? actorOf('owner'));
    counts.ownedMembers = await assignWecomOwners(base, now, staffRows, actorOf('owner'));
    return counts;
  });
}

async function placePromotionOrders(base: ServiceContext, deps: AppDeps, now: Date, shipper: StaffActor | null): Promise<PromotionUsageCounts> {
  const db = base.db;
  const { between, pick, random } = demoRng(20_261_606);
  const since = now.getTime() - DAYS * DAY;
  const sinceIso = new Date(since).toISOString();
  const nowIso = now.toISOString();
  // The demo's 满减 and coupon center started at seeding: when still running, they have run for the month.
  await db.execute(sql`update store_promotions set starts_at = ${sinceIso}::timestamptz - interval '1 hour'
    where status = 'active' and ends_at > ${nowIso}::timestamptz and starts_at > ${sinceIso}::timestamptz`);
  await db.execute(sql`update coupon_templates set claim_starts_at = ${sinceIso}::timestamptz - interval '2 days'
    where status = 'active' and visibility = 'public' and (claim_ends_at is null or claim_ends_at > ${nowIso}::timestamptz)
      and claim_starts_at > ${sinceIso}::timestamptz`);

  const stores = await queryRows<{ starts_at: string; ends_at: string }>(
    db,
    sql`select starts_at, ends_at from store_promotions where status = 'active' and approval_status in ('not_required', 'approved') order by id limit 1`,
  );
  const coupons = await queryRows<{ id: number; claim_starts_at: string | null; claim_ends_at: string | null; threshold: number }>(
    db,
    sql`select id, claim_starts_at, claim_ends_at, coalesce((rule->>'thresholdFen')::int, (rule->'tiers'->0->>'thresholdFen')::int, 0) as threshold
        from coupon_templates where status = 'active' and visibility = 'public' and stacking_group = 'coupon'
          and approval_status in ('not_required', 'approved') and rule->>'kind' in ('threshold_off', 'percent_off') order by id`,
  );
  const codes = await queryRows<{ code: string; starts_at: string; ends_at: string; threshold: number }>(
    db,
    sql`select p.code, s.starts_at, s.ends_at, coalesce((p.rule->'tiers'->0->>'thresholdFen')::int, (p.rule->>'thresholdFen')::int, 0) as threshold
        from promo_codes p join live_sessions s on s.id = p.session_id
        where s.starts_at < ${nowIso}::timestamptz and s.ends_at > ${sinceIso}::timestamptz order by s.starts_at desc limit 1`,
  );
  const flashSkuIds = new Set((await queryRows<{ sku_id: number }>(db, sql`select sku_id from flash_sales`)).map((row) => Number(row.sku_id)));
  const sellable = (await loadSellableSkus(db)).filter((sku) => !flashSkuIds.has(sku.id));
  const members = (
    await queryRows<{ id: number; created_at: string; openid: string | null; nickname: string | null }>(
      db,
      sql`select id, created_at, openid, nickname from members where created_at < ${nowIso}::timestamptz - interval '1 day' order by id`,
    )
  ).map((row) => ({ id: Number(row.id), createdAt: new Date(row.created_at).getTime(), openid: row.openid, nickname: row.nickname }));

  const counts: PromotionUsageCounts = { orders: 0, byKind: { coupon: 0, store_promotion: 0, promo_code: 0, flash_sale: 0 }, ownedMembers: 0 };
  if (sellable.length === 0 || members.length === 0) return counts;
  const usedBy = new Map<string, Set<number>>();
  const memberFor = (kind: string, at: number, cap: number): (typeof members)[number] | null => {
    const taken = usedBy.get(kind) ?? new Set<number>();
    usedBy.set(kind, taken);
    const eligible = members.filter((member) => member.createdAt < at - DAY && !taken.has(member.id));
    if (eligible.length === 0) return null;
    const member = pick(eligible);
    if (taken.size < cap) taken.add(member.id);
    return member;
  };
  /** Lines adding up to at least `minFen` (1–3 SKUs). */
  const linesFor = (minFen: number, extraFen: number) => {
    const lines: { skuId: number; quantity: number }[] = [];
    let total = 0;
    const goal = minFen + between(0, extraFen);
    for (let attempt = 0; attempt < 10 && (total < goal || lines.length === 0) && lines.length < 3; attempt += 1) {
      const sku = pick(sellable);
      if (lines.some((line) => line.skuId === sku.id)) continue;
      const quantity = Math.max(1, Math.min(3, Math.ceil((goal - total) / sku.privatePriceFen)));
      lines.push({ skuId: sku.id, quantity });
      total += sku.privatePriceFen * quantity;
    }
    return lines;
  };

  const place = async (
    kind: Kind,
    member: (typeof members)[number],
    at: number,
    lines: { skuId: number; quantity: number }[],
    choice: { couponId?: number | 'none'; promoCode?: string },
  ): Promise<boolean> => {
    const sc = { ...base, now: new Date(at), memberId: member.id };
    try {
      const address = (await findDefaultAddress(sc.db, member.id))?.id ?? (await demoAddress(sc, deps, member, at));
      const body = { lines, couponId: choice.couponId ?? ('none' as const), shippingCouponId: 'auto' as const, usePoints: false, promoCode: choice.promoCode };
      const quote = await quoteCheckout(sc, deps, member.id, { ...body, addressId: address });
      const { order } = await placeOrder(sc, deps, member.id, `demo-promo-${kind}-${String(counts.orders + 1)}`, {
        ...body,
        addressId: address,
        remark: '',
        expectedPayableFen: quote.payableTotalFen,
      });
      const paidAt = new Date(at + between(20, 240) * 1000);
      // The payment row pay-start writes, then the verified transaction applied like a pay notification's.
      await sc.db.execute(sql`insert into payments (order_id, out_trade_no, prepay_id, status, amount_fen, created_at, updated_at)
        values (${order.id}, ${order.orderNo}, ${`wx_demo_${order.orderNo}`}, 'prepaid', ${order.payableFen}, ${sc.now.toISOString()}::timestamptz,
          ${sc.now.toISOString()}::timestamptz)`);
      await applyPayment(
        { ...base, now: paidAt },
        {
          appid: deps.config.wechat.appid,
          mchid: deps.config.pay.mchid,
          outTradeNo: order.orderNo,
          transactionId: `4200${String(3_000_000_000 + counts.orders * 17)}${order.orderNo.slice(-8)}`,
          tradeType: 'JSAPI',
          tradeState: 'SUCCESS',
          tradeStateDesc: '支付成功',
          bankType: 'OTHERS',
          attach: null,
          successTime: paidAt.toISOString(),
          payerOpenid: member.openid,
          amount: { totalFen: order.payableFen as Fen, payerTotalFen: order.payableFen as Fen, currency: 'CNY' },
        },
      );
      // Like the other demo orders: shipped 4–30 h after payment when older than 2 days (by the operator), received 7–10 days after.
      const age = now.getTime() - paidAt.getTime();
      if (shipper && age > 2 * DAY) {
        const shippedAt = new Date(paidAt.getTime() + between(4, 30) * HOUR);
        const trackingNo = `SF${String(1_500_000_000_000 + order.id * 7_331)}`;
        await inTransaction({ ...base, now: shippedAt, staff: shipper }, (ship) => shipInTransaction(ship, order.id, { carrier: '顺丰速运', trackingNo }));
        if (age > 12 * DAY)
          await confirmReceipt({ ...base, now: new Date(paidAt.getTime() + between(7, 10) * DAY), memberId: member.id }, deps, member.id, order.id);
      }
      counts.orders += 1;
      counts.byKind[kind] += 1;
      return true;
    } catch (error) {
      // A choice that does not apply (a cap reached, a threshold missed): this demo order is left out.
      if (error instanceof AppError) return false;
      throw error;
    }
  };
  const momentIn = (window: Window) => window.from + Math.floor(random() * (window.to - window.from));

  // Coupons: claimed from the coupon center 1–72 h before the order (a 满199减50, a 9折), used at checkout.
  for (let i = 0; i < 16 && coupons.length > 0; i += 1) {
    const template = coupons[i % coupons.length]!;
    const window = windowOf(template.claim_starts_at ?? sinceIso, template.claim_ends_at, since, now.getTime());
    if (!window) continue;
    const claimAt = momentIn(window);
    const orderAt = Math.min(claimAt + between(1, 72) * HOUR, now.getTime() - 5 * MINUTE);
    const member = memberFor(`coupon:${template.id}`, claimAt, 10_000);
    if (!member) continue;
    let couponId: number;
    try {
      couponId = (await claimCoupon({ ...base, now: new Date(claimAt), memberId: member.id }, member.id, Number(template.id))).id;
    } catch (error) {
      if (error instanceof AppError) continue;
      throw error;
    }
    await place('coupon', member, orderAt, linesFor(Number(template.threshold) + 1_000, 20_000), { couponId });
  }
  // The store's 满减 on its own (no coupon).
  const store = stores[0] ? windowOf(stores[0].starts_at, stores[0].ends_at, since, now.getTime()) : null;
  for (let i = 0; i < 18 && store; i += 1) {
    const at = momentIn(store);
    const member = memberFor('store', at, 0);
    if (member) await place('store_promotion', member, at, linesFor(between(0, 1) === 0 ? 10_000 : 20_000, 15_000), { couponId: 'none' });
  }
  // The live session's code, during the session (one use per member).
  const code = codes[0];
  const live = code ? windowOf(code.starts_at, code.ends_at, since, now.getTime()) : null;
  for (let i = 0; i < 8 && code && live; i += 1) {
    const at = momentIn(live);
    const member = memberFor('code', at, 10_000);
    if (member) await place('promo_code', member, at, linesFor(Number(code.threshold) + 500, 12_000), { couponId: 'none', promoCode: code.code });
  }
  // A past flash sale (the demo's running ones are left whole for the shop): created by the operator the day before,
  // two evening hours 10 days ago, on a SKU the other demo orders also sell.
  const flashSku = sellable.find((sku) => sku.privatePriceFen >= 5_000) ?? sellable[0];
  const flashStart = Date.parse(`${chinaDate(new Date(now.getTime() - 10 * DAY))}T20:00:00+08:00`);
  if (shipper && flashSku) {
    const [cost] = await queryRows<{ cost: number | null }>(db, sql`select cost_price_fen as cost from skus where id = ${flashSku.id}`);
    const target = Math.round((flashSku.privatePriceFen * 3) / 4 / 100) * 100 - 10;
    // A refusal (the SKU already has a sale then) leaves the flash-sale orders out.
    const sale = await createFlashSale(
      { ...base, now: new Date(flashStart - DAY), staff: shipper },
      {
        title: '周末限时秒杀',
        skuId: flashSku.id,
        flashPriceFen: Math.max(Number(cost?.cost ?? 0), target) as Fen,
        totalUnits: 30,
        perMemberLimit: 2,
        startsAt: new Date(flashStart),
        endsAt: new Date(flashStart + 2 * HOUR),
      },
    ).catch((error: unknown) => {
      if (error instanceof AppError) return null;
      throw error;
    });
    const flashWindow = sale ? windowOf(sale.startsAt, sale.endsAt, since, now.getTime()) : null;
    for (let i = 0; i < 6 && flashWindow; i += 1) {
      const at = momentIn(flashWindow);
      const member = memberFor('flash', at, 10_000);
      if (member) await place('flash_sale', member, at, [{ skuId: flashSku.id, quantity: 1 + (i % 2) }], { couponId: 'none' });
    }
  }
  return counts;
}

/** The member's first shipping address, through the address service (as the shop adds it), at the order's moment. */
async function demoAddress(sc: ServiceContext, deps: AppDeps, member: { id: number; nickname: string | null }, at: number): Promise<number> {
  const address = await createAddress({ ...sc, now: new Date(at - 2 * MINUTE) }, deps.phoneCrypto, member.id, {
    recipientName: member.nickname?.slice(0, 20) || '演示会员',
    phone: `139${String(10_000_000 + member.id).slice(-8)}`,
    regionCodes: ['310000', '310100', '310115'],
    regionText: '上海市 浦东新区',
    detail: `世纪大道 ${String(100 + (member.id % 800))} 号`,
    isDefault: true,
  });
  return address.id;
}

/**
 * The demo operator, customer service and owner get WeCom userids (the staff service, acting as the owner, audited),
 * and the WeCom contacts of the members who paid in the last 30 days are split among them (every other member:
 * a contact added the day after they joined, followed by one of the three).
 */
async function assignWecomOwners(
  base: ServiceContext,
  now: Date,
  staffRows: readonly { id: number; username: string; wecom_user_id: string | null }[],
  actor: StaffActor | null,
): Promise<number> {
  const db = base.db;
  if (!actor) return 0;
  const followers: string[] = [];
  for (const { username, wecomUserId } of DEMO_WECOM_USERS) {
    const row = staffRows.find((candidate) => candidate.username === username);
    if (!row) continue;
    if (row.wecom_user_id) {
      followers.push(row.wecom_user_id);
      continue;
    }
    try {
      await setStaffWecomUser({ ...base, staff: actor }, Number(row.id), wecomUserId);
      followers.push(wecomUserId);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  if (followers.length === 0) return 0;
  const since = new Date(now.getTime() - DAYS * DAY).toISOString();
  const paying = await queryRows<{ id: number; unionid: string | null; created_at: string }>(
    db,
    sql`select m.id, m.unionid, m.created_at from members m
        where exists (select 1 from orders o where o.member_id = m.id and o.paid_at >= ${since}::timestamptz)
          and not exists (select 1 from wecom_contacts c where c.member_id = m.id)
        order by m.id`,
  );
  let owned = 0;
  for (const [index, member] of paying.entries()) {
    if (index % 2 === 1) continue;
    const follower = followers[owned % followers.length]!;
    const addedAt = new Date(Math.min(new Date(member.created_at).getTime() + DAY, now.getTime() - HOUR)).toISOString();
    await db.execute(sql`insert into wecom_contacts (external_user_id, unionid, member_id, follow_user_id, state, added_at, fetched_at, created_at, updated_at)
      values (${`wmDemo${String(member.id).padStart(8, '0')}`}, ${member.unionid}, ${member.id}, ${follower}, 'demo', ${addedAt}::timestamptz,
        ${addedAt}::timestamptz, ${addedAt}::timestamptz, ${addedAt}::timestamptz)
      on conflict (external_user_id) do nothing`);
    owned += 1;
  }
  return owned;
}
