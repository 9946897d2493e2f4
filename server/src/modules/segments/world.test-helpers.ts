import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { LIFECYCLE_STAGES, RFM_CELLS, TIER_CODES } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import type { MemMember, MemOrder, MemWorld } from './evaluate.test-helpers';

const DAY_MS = 86_400_000;

/** A small seeded PRNG (mulberry32): the same seed gives the same members and definitions. */
export function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(values: readonly T[]): T => values[int(0, values.length - 1)]!;
  const chance = (p: number) => next() < p;
  const some = <T>(values: readonly T[], max = values.length): T[] => {
    const shuffled = [...values].sort(() => next() - 0.5);
    return shuffled.slice(0, int(1, Math.min(max, values.length)));
  };
  return { next, int, pick, chance, some };
}
export type Rng = ReturnType<typeof prng>;

export const CITIES = ['深圳市', '广州市', '上海市', '北京市'];
const CONSENT_CHANNELS = ['sms', 'wecom', 'subscribe', 'personalized'] as const;

async function insertId(db: Executor, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ id: number }>(db, query);
  if (!row) throw new Error('insert returned nothing');
  return Number(row.id);
}

export interface WorldRefs {
  categoryIds: number[];
  productIds: number[];
  tagIds: number[];
  channelIds: number[];
  templateIds: number[];
}

/**
 * Writes `count` random members with everything a segment can look at (facts or none, accounts, tags,
 * touches, orders with lines, views, coupons, consents) around `now`, and returns the in-memory copy.
 * Catalog, tags, channels and coupon templates are created here too (raw rows: only ids matter).
 */
export async function seedWorld(db: Executor, rng: Rng, now: Date, count: number): Promise<{ world: MemWorld; refs: WorldRefs }> {
  const at = (maxDays: number) => new Date(now.getTime() - rng.int(0, maxDays * DAY_MS));
  const stamp = crypto.randomBytes(4).toString('hex');
  const categories: MemWorld['categories'] = [];
  for (let i = 0; i < 3; i += 1) {
    const root = await insertId(db, sql`insert into categories (name) values (${`根${stamp}${i}`}) returning id`);
    categories.push({ id: root, parentId: null });
    const child = await insertId(db, sql`insert into categories (name, parent_id) values (${`子${stamp}${i}`}, ${root}) returning id`);
    categories.push({ id: child, parentId: root });
    const grandchild = await insertId(db, sql`insert into categories (name, parent_id) values (${`孙${stamp}${i}`}, ${child}) returning id`);
    categories.push({ id: grandchild, parentId: child });
  }
  const products: MemWorld['products'] = [];
  const skuOf = new Map<number, number>();
  for (let i = 0; i < 9; i += 1) {
    const categoryId = categories[i]!.id;
    const id = await insertId(db, sql`insert into products (category_id, title, role) values (${categoryId}, ${`商品${i}`}, 'hero') returning id`);
    products.push({ id, categoryId });
    skuOf.set(
      id,
      await insertId(
        db,
        sql`insert into skus (product_id, specs, public_price_fen, private_price_fen, cost_price_fen) values (${id}, '{}'::jsonb, 1000, 900, 500) returning id`,
      ),
    );
  }
  const groupId = await insertId(db, sql`insert into tag_groups (name) values (${`组${stamp}`}) returning id`);
  const tags: MemWorld['tags'] = [];
  for (let i = 0; i < 4; i += 1) {
    const status = i === 3 ? 'archived' : 'active';
    tags.push({
      id: await insertId(db, sql`insert into tags (group_id, name, kind, status) values (${groupId}, ${`标签${i}`}, 'manual', ${status}) returning id`),
      status,
    });
  }
  const channelIds: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    channelIds.push(await insertId(db, sql`insert into channels (kind, name) values ('package_card', ${`渠道${stamp}${i}`}) returning id`));
  }
  const templateIds: number[] = [];
  for (let i = 0; i < 2; i += 1) {
    templateIds.push(
      await insertId(
        db,
        sql`insert into coupon_templates (name, rule, scope, stacking_group, validity_kind, valid_from, valid_to, visibility, face_value_fen)
          values (${`券${stamp}${i}`}, '{"kind":"fixed_off","offFen":100}'::jsonb, '{"kind":"all"}'::jsonb, 'coupon', 'window',
            ${new Date(now.getTime() - DAY_MS)}, ${new Date(now.getTime() + 30 * DAY_MS)}, 'hidden', 100) returning id`,
      ),
    );
  }

  const members: MemMember[] = [];
  for (let i = 0; i < count; i += 1) {
    const createdAt = at(500);
    const tierCode = rng.pick(TIER_CODES);
    const hasPhone = rng.chance(0.6);
    const id = await insertId(
      db,
      sql`insert into members (openid, nickname, tier_code, phone_hash, created_at) values (${`oseg${stamp}${i}`}, ${`会员${i}`}, ${tierCode}, ${hasPhone ? `h${stamp}${i}` : null}, ${createdAt}) returning id`,
    );
    const member: MemMember = {
      id,
      tierCode,
      hasPhone,
      createdAt,
      facts: null,
      account: null,
      tagIds: [],
      touchChannelIds: [],
      orders: [],
      views: [],
      coupons: [],
      consents: [],
    };
    if (rng.chance(0.8)) {
      const paid = rng.chance(0.75);
      const lastPaidAt = paid ? at(400) : null;
      const facts = {
        paidOrders: paid ? rng.int(1, 6) : 0,
        netPaidFen: paid ? rng.int(0, 60_000) : 0,
        aovFen: paid ? rng.int(0, 30_000) : 0,
        refundCount: rng.int(0, 3),
        couponShareBp: rng.pick([0, 2500, 5000, 8000, 10_000]),
        windowOrders: paid ? rng.int(0, 5) : 0,
        windowNetFen: paid ? rng.int(0, 50_000) : 0,
        rScore: paid ? rng.int(1, 5) : null,
        fScore: paid ? rng.int(1, 5) : null,
        mScore: paid ? rng.int(1, 5) : null,
        firstPaidAt: lastPaidAt ? new Date(lastPaidAt.getTime() - rng.int(0, 200 * DAY_MS)) : null,
        lastPaidAt,
        lastActiveAt: rng.chance(0.8) ? at(300) : null,
        rfmCell: paid ? rng.pick(RFM_CELLS).code : null,
        lifecycle: paid ? rng.pick(LIFECYCLE_STAGES.map((s) => s.code).filter((c) => c !== 'prospect')) : 'prospect',
        firstChannelId: rng.chance(0.5) ? rng.pick(channelIds) : null,
        lastChannelId: rng.chance(0.5) ? rng.pick(channelIds) : null,
        city: rng.chance(0.7) ? rng.pick(CITIES) : null,
      };
      member.facts = facts;
      await db.execute(sql`insert into member_facts (member_id, registered_at, first_paid_at, last_paid_at, paid_orders, net_paid_fen, refund_count, aov_fen,
          coupon_share_bp, window_orders, window_net_fen, rfm_cell, r_score, f_score, m_score, lifecycle, first_channel_id, last_channel_id, last_active_at, city)
        values (${id}, ${createdAt}, ${facts.firstPaidAt}, ${facts.lastPaidAt}, ${facts.paidOrders}, ${facts.netPaidFen}, ${facts.refundCount}, ${facts.aovFen},
          ${facts.couponShareBp}, ${facts.windowOrders}, ${facts.windowNetFen}, ${facts.rfmCell}, ${facts.rScore}, ${facts.fScore}, ${facts.mScore}, ${facts.lifecycle},
          ${facts.firstChannelId}, ${facts.lastChannelId}, ${facts.lastActiveAt}, ${facts.city})`);
    }
    if (rng.chance(0.8)) {
      const account = {
        pointsBalance: rng.int(0, 5000),
        birthday: rng.chance(0.7) ? `${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}` : null,
      };
      member.account = account;
      await db.execute(
        sql`insert into member_accounts (member_id, tier_since, points_balance, birthday) values (${id}, ${createdAt}, ${account.pointsBalance}, ${account.birthday})`,
      );
    }
    if (rng.chance(0.7)) {
      member.tagIds = rng.some(tags.map((tag) => tag.id));
      for (const tagId of member.tagIds) await db.execute(sql`insert into member_tags (member_id, tag_id, source) values (${id}, ${tagId}, 'manual')`);
    }
    if (rng.chance(0.3)) {
      const channelId = rng.pick(channelIds);
      member.touchChannelIds.push(channelId);
      await db.execute(
        sql`insert into touches (occurred_at, source, status, channel_id, member_id) values (${at(300)}, 'manual', 'matched', ${channelId}, ${id})`,
      );
    }
    for (let o = rng.int(0, 3); o > 0; o -= 1) {
      const status = rng.pick(['paid', 'completed', 'shipped', 'cancelled', 'refunded', 'partially_refunded', 'pending_payment']);
      const paidAt = status === 'pending_payment' || (status === 'cancelled' && rng.chance(0.5)) ? null : at(300);
      const order: MemOrder = {
        status,
        paidAt,
        firstChannelId: rng.chance(0.3) ? rng.pick(channelIds) : null,
        lastChannelId: rng.chance(0.3) ? rng.pick(channelIds) : null,
        productIds: [
          ...new Set(
            rng.some(
              products.map((p) => p.id),
              2,
            ),
          ),
        ],
      };
      member.orders.push(order);
      const orderId = await insertId(
        db,
        sql`insert into orders (order_no, member_id, status, goods_subtotal_fen, discount_fen, shipping_fen, payable_fen, address, idempotency_key, request_hash,
            payment_expires_at, paid_at, first_channel_id, last_channel_id)
          values (${`S${stamp}${i}x${o}`}, ${id}, ${status}, 1000, 0, 0, 1000, '{}'::jsonb, ${`k${stamp}${i}x${o}`}, 'h', ${now}, ${paidAt}, ${order.firstChannelId}, ${order.lastChannelId})
          returning id`,
      );
      let lineNo = 1;
      for (const productId of order.productIds) {
        await db.execute(sql`insert into order_lines (order_id, line_no, sku_id, product_id, title, specs, quantity, unit_price_fen, public_price_fen, subtotal_fen, discount_fen, payable_fen)
          values (${orderId}, ${lineNo}, ${skuOf.get(productId)!}, ${productId}, 't', '{}'::jsonb, 1, 1000, 1000, 1000, 0, 1000)`);
        lineNo += 1;
      }
    }
    for (let v = rng.int(0, 3); v > 0; v -= 1) {
      const view = { productId: rng.pick(products).id, at: at(120) };
      member.views.push(view);
      await db.execute(
        sql`insert into behaviour_events (type, occurred_at, member_id, product_id) values ('product_view', ${view.at}, ${id}, ${view.productId})`,
      );
    }
    // Another kind of event and an anonymous view never count.
    if (rng.chance(0.2))
      await db.execute(
        sql`insert into behaviour_events (type, occurred_at, member_id, product_id) values ('page_view', ${at(30)}, ${id}, ${rng.pick(products).id})`,
      );
    for (let c = rng.int(0, 2); c > 0; c -= 1) {
      const status = rng.pick(['available', 'used', 'locked']);
      const validFrom = new Date(now.getTime() + rng.int(-60, 5) * DAY_MS);
      const coupon = {
        templateId: rng.pick(templateIds),
        status,
        validFrom,
        expiresAt: new Date(validFrom.getTime() + rng.int(1, 90) * DAY_MS),
        usedAt: status === 'used' ? at(120) : null,
      };
      member.coupons.push(coupon);
      await db.execute(sql`insert into member_coupons (template_id, member_id, source, source_key, status, valid_from, expires_at, used_at)
        values (${coupon.templateId}, ${id}, 'issue', ${`seg:${stamp}:${i}:${c}`}, ${coupon.status}, ${coupon.validFrom}, ${coupon.expiresAt}, ${coupon.usedAt})`);
    }
    for (const channel of CONSENT_CHANNELS) {
      if (!rng.chance(0.4)) continue;
      const granted = rng.chance(0.6);
      member.consents.push({ channel, granted });
      await db.execute(sql`insert into member_consents (member_id, channel, granted, source) values (${id}, ${channel}, ${granted}, 'test')`);
    }
    members.push(member);
  }
  return {
    world: { categories, products, tags, members },
    refs: { categoryIds: categories.map((c) => c.id), productIds: products.map((p) => p.id), tagIds: tags.map((t) => t.id), channelIds, templateIds },
  };
}
