import { sql } from 'drizzle-orm';
import { expiryFor, type SegmentDefinition } from '@siyu/shared';
import type { Db, Executor } from '../db/client';
import { addresses, appMeta, behaviourEvents, memberAccounts, memberAttribution, memberNotes, members, segments, tagGroups, tags } from '../db/schema';
import { PhoneCrypto } from '../lib/phone-crypto';
import { queryRows } from '../lib/sql';
import { appendEvents, type NewDomainEvent } from '../modules/events';
import type { DomainEventType } from '../modules/events/types';
import { loadMembershipSettings } from '../modules/membership/settings';
import { computeThresholds, crmSettingsOf, refreshMemberFacts, saveCrmSettings } from '../modules/member-facts';
import { applyRuleTags, recordSegmentCounts } from '../modules/segments';
import {
  chinaDate,
  chunks,
  CITIES,
  DAY,
  demoRng,
  GIVEN,
  HOUR,
  MINUTE,
  SURNAMES,
  type PlannedMember,
  type PlannedOrder,
  type SellableSku,
} from './demo-channels';
import { loadSellableSkus, seedDemoOrders } from './seed-channel-orders';
import { insertLotsWithEntries, seedDemoOrderPoints, seedDemoRefundsAndStock } from './seed-channel-refunds';

/**
 * Demo customer data (issue 14), after the channel seed: the channel demo's buyers all bought within its 120
 * days, so the demo gets a few dozen earlier customers (organic, registered up to two years ago) whose paid
 * orders — inserted by the channel seed's own order, payment, refund, stock and points helpers, so every ledger
 * reconciles — put members in every RFM cell and every lifecycle stage; then tag groups with manual and rule
 * tags, saved segments, product views, staff notes, and the member facts and rule tags computed once.
 */

export const DEMO_CRM_MARKER = 'demo_crm';
/** The designed customers' order numbers start here (the channel demo's use 0 … ~1,000). */
const CRM_ORDER_NUMBER_BASE = 100_000;

/** One designed customer: days since the last paid order, orders (20 days apart, going back), yuan per order. */
interface Profile {
  lastDaysAgo: number;
  orders: number;
  yuanEach: number;
}

/**
 * The designs, by the cell / stage they aim at (thresholds are the median of the paying members, mostly the
 * channel demo's: F 1–3, M a few hundred yuan, R a few weeks): high F is 7 orders, high M ¥4,000+, low M ¥30.
 */
const PROFILES: { aim: string; count: number; profile: (i: number) => Profile }[] = [
  { aim: '101 重要发展 · 新客', count: 4, profile: (i) => ({ lastDaysAgo: 2 + i * 4, orders: 1, yuanEach: 4_500 + i * 300 }) },
  { aim: '100 一般发展 · 新客', count: 4, profile: (i) => ({ lastDaysAgo: 3 + i * 5, orders: 1, yuanEach: 25 + i * 3 }) },
  { aim: '110 一般价值 · 活跃', count: 4, profile: (i) => ({ lastDaysAgo: 2 + i * 3, orders: 7, yuanEach: 25 + i * 2 }) },
  { aim: '111 重要价值 · 活跃', count: 3, profile: (i) => ({ lastDaysAgo: 1 + i * 2, orders: 7, yuanEach: 900 + i * 100 }) },
  { aim: '011 重要保持 · 沉默', count: 5, profile: (i) => ({ lastDaysAgo: 95 + i * 16, orders: 7, yuanEach: 800 + i * 50 }) },
  { aim: '001 重要挽留 · 沉默', count: 5, profile: (i) => ({ lastDaysAgo: 100 + i * 15, orders: 1, yuanEach: 5_000 + i * 400 }) },
  { aim: '010 一般保持 · 流失风险', count: 4, profile: (i) => ({ lastDaysAgo: 185 + i * 12, orders: 7, yuanEach: 22 + i * 2 }) },
  { aim: '001 重要挽留 · 流失风险', count: 3, profile: (i) => ({ lastDaysAgo: 200 + i * 40, orders: 1, yuanEach: 4_200 + i * 500 }) },
  { aim: '000 一般挽留 · 流失风险', count: 4, profile: (i) => ({ lastDaysAgo: 190 + i * 40, orders: 1, yuanEach: 28 + i * 4 }) },
  { aim: '000 一般挽留 · 已流失', count: 6, profile: (i) => ({ lastDaysAgo: 380 + i * 50, orders: 1 + (i % 3), yuanEach: 60 + i * 40 }) },
];

/**
 * Lines adding up to about `targetFen` (cheap SKUs for small orders, dear ones for big ones, ≤ 3 each), within
 * the stock left (at least 20 kept, as the channel seed does).
 */
function linesFor(byPrice: readonly SellableSku[], stockLeft: Map<number, number>, targetFen: number, seed: number): PlannedOrder['lines'] {
  const take = (sku: SellableSku, quantity: number): boolean => {
    const left = stockLeft.get(sku.id) ?? 0;
    if (left - quantity < 20) return false;
    stockLeft.set(sku.id, left - quantity);
    return true;
  };
  const isSmall = targetFen <= (byPrice[0]?.privatePriceFen ?? 0) * 2;
  const candidates = isSmall ? byPrice.slice(0, 6) : byPrice.slice(-Math.max(6, Math.floor(byPrice.length / 2))).reverse();
  const lines: PlannedOrder['lines'] = [];
  let total = 0;
  for (let k = 0; k < candidates.length && lines.length < 3 && total < targetFen; k += 1) {
    const sku = candidates[(seed + k) % candidates.length]!;
    if (lines.some((line) => line.sku.id === sku.id)) continue;
    const quantity = isSmall ? 1 : Math.max(1, Math.min(3, Math.round((targetFen - total) / sku.privatePriceFen)));
    if (!take(sku, quantity)) continue;
    lines.push({ sku, quantity });
    total += sku.privatePriceFen * quantity;
  }
  return lines;
}

/** The designed customers: members with default addresses, accounts and sign-up points, as login leaves them. */
async function seedCrmMembers(db: Executor, now: Date, crypto: PhoneCrypto): Promise<{ planned: PlannedMember[]; profiles: Profile[]; ids: number[] }> {
  const { pick, between } = demoRng(20_261_400);
  const planned: PlannedMember[] = [];
  const profiles: Profile[] = [];
  for (const group of PROFILES) {
    for (let i = 0; i < group.count; i += 1) {
      const profile = group.profile(i);
      const index = planned.length;
      const firstOrderDaysAgo = profile.lastDaysAgo + (profile.orders - 1) * 20;
      const phone = `198${String(20_000_000 + index * 8_111).padStart(8, '0')}`;
      planned.push({
        index,
        channelKey: null,
        registeredAt: new Date(now.getTime() - (firstOrderDaysAgo + between(0, 6)) * DAY - between(1, 20) * HOUR),
        openid: `odemo-crm-${String(index + 1)}`,
        unionid: `udemo-crm-${String(index + 1)}`,
        deviceId: `demo_crm_device_${String(index + 1).padStart(4, '0')}`,
        phone,
        phoneHash: crypto.hash(phone),
        nickname: `${pick([...SURNAMES])}${pick(GIVEN)}`,
      });
      profiles.push(profile);
    }
  }
  const suffixHash = (crypto as unknown as { suffixHash?: (phone: string) => string }).suffixHash;
  const rows = await db
    .insert(members)
    .values(
      planned.map((member) => ({
        openid: member.openid,
        unionid: member.unionid,
        nickname: member.nickname,
        phoneCipher: crypto.encrypt(member.phone),
        phoneHash: member.phoneHash,
        ...(typeof suffixHash === 'function' ? { phoneSuffixHash: suffixHash.call(crypto, member.phone) } : {}),
        createdAt: member.registeredAt,
        lastLoginAt: member.registeredAt,
      })),
    )
    .returning({ id: members.id });
  const ids = rows.map((row) => row.id);
  await db.insert(addresses).values(
    planned.map((member, index) => {
      const city = CITIES[(index * 5) % CITIES.length];
      return {
        memberId: ids[index] ?? 0,
        recipientName: member.nickname,
        phoneCipher: crypto.encrypt(member.phone),
        regionCodes: city?.codes ?? [],
        regionText: city?.text ?? '',
        detail: `${city?.street ?? ''} ${String(200 + index)} 号`,
        isDefault: true,
        createdAt: member.registeredAt,
        updatedAt: member.registeredAt,
      };
    }),
  );
  const settings = await loadMembershipSettings(db);
  const signup = settings.signupPoints;
  if (signup > 0) {
    await insertLotsWithEntries(
      db,
      planned.map((member, index) => ({
        memberId: ids[index] ?? 0,
        amount: signup,
        remaining: signup,
        source: 'signup',
        sourceKey: `signup:${String(ids[index] ?? 0)}`,
        availableAt: member.registeredAt,
        expiresAt: expiryFor(member.registeredAt, settings.pointsExpiryYears),
        createdAt: member.registeredAt,
      })),
      () => '注册有礼',
    );
  }
  await db
    .insert(memberAccounts)
    .values(planned.map((member, index) => ({ memberId: ids[index] ?? 0, tierSince: member.registeredAt, pointsBalance: signup })));
  return { planned, profiles, ids };
}

/** The designed customers' orders, through the channel seed's helpers (payments, timeline, stock, refunds, points, events). */
async function seedCrmOrders(
  db: Executor,
  now: Date,
  crypto: PhoneCrypto,
  people: { planned: PlannedMember[]; profiles: Profile[]; ids: number[] },
): Promise<number> {
  const rng = demoRng(20_261_401);
  const sellable = await loadSellableSkus(db);
  if (sellable.length === 0) return 0;
  const byPrice = [...sellable].sort((a, b) => a.privatePriceFen - b.privatePriceFen || a.id - b.id);
  const stockLeft = new Map(sellable.map((sku) => [sku.id, sku.stock]));
  const plan: PlannedOrder[] = [];
  for (const [index, member] of people.planned.entries()) {
    const profile = people.profiles[index];
    if (!profile) continue;
    for (let k = profile.orders - 1; k >= 0; k -= 1) {
      const createdAt = new Date(now.getTime() - (profile.lastDaysAgo + k * 20) * DAY - rng.between(1, 10) * HOUR);
      const lines = linesFor(byPrice, stockLeft, profile.yuanEach * 100, index * 7 + k);
      if (lines.length === 0) continue;
      plan.push({
        member,
        memberId: people.ids[index] ?? 0,
        createdAt,
        paidAt: new Date(createdAt.getTime() + rng.between(20, 300) * 1000),
        lines,
        refunded: false,
      });
    }
  }
  // One order of a frequent buyer refunded (a 退款 in the 360 timeline; net paid counts it out).
  const frequent = plan.find((order) => (people.profiles[order.member.index]?.orders ?? 0) > 1);
  if (frequent) frequent.refunded = true;
  plan.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  // Organic registrations (no touch before them), as the login flow records them.
  await db
    .insert(memberAttribution)
    .values(people.planned.map((member, index) => ({ memberId: people.ids[index] ?? 0, registeredAt: member.registeredAt, updatedAt: member.registeredAt })));
  const events: NewDomainEvent<DomainEventType>[] = people.planned.map((member, index) => ({
    type: 'member.registered' as const,
    occurredAt: member.registeredAt,
    memberId: people.ids[index] ?? 0,
    payload: { registeredAt: member.registeredAt.toISOString(), deviceId: null },
  }));
  const empty = { touchesOf: new Map(), firstChannelOf: new Map<number, number | null>() };
  const { headers, ids } = await seedDemoOrders(db, now, crypto, rng, plan, empty, events, CRM_ORDER_NUMBER_BASE);
  await seedDemoRefundsAndStock(db, now, rng, sellable, { plan, headers, ids }, events);
  await seedDemoOrderPoints(db, now, { plan, headers, ids });
  events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const part of chunks(events)) await appendEvents(db, part);
  return ids.length;
}

const yuan = (value: number) => value * 100;

/** Tag groups and tags (manual and rule), the manual ones given to members; answers the tag ids by name. */
async function seedCrmTags(db: Executor, now: Date, ownerId: number | null): Promise<Map<string, number>> {
  const groups = await db
    .insert(tagGroups)
    .values([
      { name: '客户身份', sort: 10 },
      { name: '消费偏好', sort: 20 },
      { name: '服务记录', sort: 30 },
    ])
    .onConflictDoNothing()
    .returning({ id: tagGroups.id, name: tagGroups.name });
  const groupOf = new Map(groups.map((group) => [group.name, group.id]));
  const categoryIds = (
    await queryRows<{ id: number }>(
      db,
      sql`select c.id from categories c left join categories p on p.id = c.parent_id where c.name = '营养滋补' or p.name = '营养滋补' order by c.id`,
    )
  ).map((row) => Number(row.id));
  const rule = (conditions: SegmentDefinition['groups'][number]['conditions']): SegmentDefinition => ({ match: 'all', groups: [{ match: 'all', conditions }] });
  const specs = [
    { group: '客户身份', name: 'VIP', kind: 'manual', color: '#d4380d', description: '累计消费前 10 % 的客户，专人维护' },
    { group: '客户身份', name: '团购客户', kind: 'manual', color: '#08979c', description: '企业或社群团购下单' },
    { group: '服务记录', name: '投诉过', kind: 'manual', color: '#8c8c8c', description: '有过投诉，沟通时注意语气' },
    {
      group: '消费偏好',
      name: '价格敏感',
      kind: 'rule',
      color: '#faad14',
      description: '≥ 80 % 的订单用了券',
      rule: rule([
        { type: 'fact', fact: 'couponShareBp', op: 'gte', value: 8000 },
        { type: 'fact', fact: 'paidOrders', op: 'gte', value: 1 },
      ]),
    },
    {
      group: '消费偏好',
      name: '滋补常客',
      kind: 'rule',
      color: '#389e0d',
      description: '180 天内至少 2 次买营养滋补（演示店没有母婴类目，用营养滋补代替）',
      rule: categoryIds.length > 0 ? rule([{ type: 'bought', categoryIds, withinDays: 180, minTimes: 2 }]) : null,
    },
    {
      group: '消费偏好',
      name: '高客单',
      kind: 'rule',
      color: '#722ed1',
      description: '客单价 ≥ ¥300',
      rule: rule([{ type: 'fact', fact: 'aovFen', op: 'gte', value: yuan(300) }]),
    },
  ].filter((spec) => spec.kind === 'manual' || spec.rule);
  const rows = await db
    .insert(tags)
    .values(
      specs.map((spec) => ({
        groupId: groupOf.get(spec.group) ?? 0,
        name: spec.name,
        kind: spec.kind,
        color: spec.color,
        description: spec.description,
        rule: spec.rule ?? null,
        createdBy: ownerId,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning({ id: tags.id, name: tags.name });
  const tagOf = new Map(rows.map((row) => [row.name, row.id]));
  // VIP: the top 10 % of buyers by net paid; 团购客户: a few who bought 3 of one SKU; 投诉过: a few who refunded.
  await db.execute(sql`
    insert into member_tags (member_id, tag_id, source, staff_id, created_at)
    select member_id, ${tagOf.get('VIP') ?? 0}::int, 'manual', ${ownerId}::int, ${now.toISOString()}::timestamptz from (
      select member_id, sum(payable_fen - refunded_fen) as net from orders where paid_at is not null group by member_id
    ) s where net > 0 order by net desc, member_id limit greatest(1, (select count(distinct member_id) from orders where paid_at is not null) / 10)
    on conflict do nothing`);
  await db.execute(sql`
    insert into member_tags (member_id, tag_id, source, staff_id, created_at)
    select distinct o.member_id, ${tagOf.get('团购客户') ?? 0}::int, 'manual', ${ownerId}::int, ${now.toISOString()}::timestamptz
    from orders o join order_lines l on l.order_id = o.id where l.quantity >= 3 and o.paid_at is not null
    order by o.member_id limit 12 on conflict do nothing`);
  await db.execute(sql`
    insert into member_tags (member_id, tag_id, source, staff_id, created_at)
    select distinct o.member_id, ${tagOf.get('投诉过') ?? 0}::int, 'manual', ${ownerId}::int, ${now.toISOString()}::timestamptz
    from orders o where o.refunded_fen > 0 order by o.member_id limit 8 on conflict do nothing`);
  return tagOf;
}

/** Saved segments the playbooks start from. */
async function seedCrmSegments(db: Executor, now: Date, ownerId: number | null, tagOf: Map<string, number>): Promise<void> {
  const one = (conditions: SegmentDefinition['groups'][number]['conditions']): SegmentDefinition => ({ match: 'all', groups: [{ match: 'all', conditions }] });
  const vip = tagOf.get('VIP');
  const specs: { name: string; description: string; definition: SegmentDefinition }[] = [
    { name: '高价值', description: 'RFM 重要价值（最近买过、买得多、花得多）', definition: one([{ type: 'rfmCell', cells: ['111'] }]) },
    { name: '活跃 0–90 天', description: '短信：活跃买家的新品和会员日', definition: one([{ type: 'lifecycle', stages: ['new', 'active'] }]) },
    {
      name: '沉默 91–180 天 VIP挽留',
      description: '沉默的 VIP：专属券 + 企微一对一问候',
      definition: one([{ type: 'lifecycle', stages: ['silent'] }, ...(vip ? [{ type: 'tag' as const, op: 'any' as const, tagIds: [vip] }] : [])]),
    },
    { name: '重要挽留', description: 'RFM 001：花得多、有一阵没来了', definition: one([{ type: 'rfmCell', cells: ['001'] }]) },
  ];
  const categoryIds = (await queryRows<{ id: number }>(db, sql`select id from categories order by id limit 200`)).map((row) => Number(row.id));
  if (categoryIds.length > 0) {
    specs.push({
      name: '看了没买（30 天）',
      description: '30 天内看过商品却没买',
      definition: one([{ type: 'viewedNotBought', categoryIds, withinDays: 30 }]),
    });
  }
  await db.insert(segments).values(specs.map((spec) => ({ ...spec, createdBy: ownerId, createdAt: now, updatedAt: now })));
}

/** Product views of the last 30 days: recent buyers browse (some of what they view they did not buy). */
async function seedCrmViews(db: Executor, now: Date): Promise<number> {
  const { between, pick, random } = demoRng(20_261_402);
  const buyers = await queryRows<{ member_id: number }>(
    db,
    sql`select member_id from orders where paid_at > ${new Date(now.getTime() - 60 * DAY).toISOString()}::timestamptz group by member_id order by member_id limit 150`,
  );
  const products = (await queryRows<{ id: number }>(db, sql`select id from products where status = 'on_sale' order by id`)).map((row) => Number(row.id));
  if (products.length === 0) return 0;
  const rows: (typeof behaviourEvents.$inferInsert)[] = [];
  for (const { member_id: memberId } of buyers) {
    if (random() < 0.3) continue;
    const views = between(1, 6);
    for (let k = 0; k < views; k += 1) {
      const at = new Date(now.getTime() - between(1, 29 * 24) * HOUR - between(0, 59) * MINUTE);
      rows.push({ type: 'product_view', occurredAt: at, deviceId: null, memberId: Number(memberId), productId: pick(products), data: {}, receivedAt: at });
    }
  }
  for (const part of chunks(rows)) await db.insert(behaviourEvents).values(part);
  return rows.length;
}

/** Staff notes on a few customers (the 360 timeline shows them). */
async function seedCrmNotes(db: Executor, now: Date, staffId: number | null, memberIds: number[]): Promise<void> {
  if (staffId === null || memberIds.length === 0) return;
  const bodies = ['电话回访：对燕麦口味很满意，想要无糖款', '投诉快递慢，已补发优惠券致歉', '公司团购负责人，逢年过节订礼盒', '偏好周末收货，备注勿打电话'];
  await db
    .insert(memberNotes)
    .values(
      memberIds
        .slice(0, bodies.length)
        .map((memberId, index) => ({ memberId, staffId, body: bodies[index] ?? '', createdAt: new Date(now.getTime() - (index + 1) * 3 * DAY) })),
    );
}

/** The facts, thresholds and rule tags computed once (the nightly job keeps them current afterwards). */
export async function computeDemoCrm(db: Executor, now: Date): Promise<void> {
  const { settings } = await crmSettingsOf(db);
  const thresholds = await computeThresholds(db, settings, now);
  await saveCrmSettings(db, { thresholds });
  await refreshMemberFacts(db, null, now, { settings, thresholds, recordTransitions: false });
  await applyRuleTags(db, null, now);
  await recordSegmentCounts(db, chinaDate(now), now);
}

export interface CrmSeedCounts {
  members: number;
  orders: number;
  views: number;
}

/**
 * Seeds the demo customer data once (the `demo_crm` marker, in the caller's transaction). Needs the phone key
 * (the designed customers have phones); without one only the tags and segments go in.
 */
export async function seedDemoCrm(db: Executor, now: Date, phoneKey: Buffer | null): Promise<CrmSeedCounts | null> {
  const marker = await db
    .insert(appMeta)
    .values({ key: DEMO_CRM_MARKER, value: { seededAt: now.toISOString() } })
    .onConflictDoNothing()
    .returning({ key: appMeta.key });
  if (marker.length === 0) return null;
  const staffIds = new Map(
    (await queryRows<{ id: number; username: string }>(db, sql`select id, username from staff`)).map((row) => [row.username, Number(row.id)]),
  );
  const counts: CrmSeedCounts = { members: 0, orders: 0, views: 0 };
  if (phoneKey) {
    const crypto = new PhoneCrypto(phoneKey);
    const people = await seedCrmMembers(db, now, crypto);
    counts.members = people.ids.length;
    counts.orders = await seedCrmOrders(db, now, crypto, people);
    await seedCrmNotes(
      db,
      now,
      staffIds.get('service') ?? staffIds.get('owner') ?? null,
      [people.ids[0] ?? 0, people.ids[20] ?? 0, people.ids[10] ?? 0, people.ids[5] ?? 0].filter((id) => id > 0),
    );
  }
  const ownerId = staffIds.get('owner') ?? null;
  const tagOf = await seedCrmTags(db, now, ownerId);
  await seedCrmSegments(db, now, ownerId, tagOf);
  counts.views = await seedCrmViews(db, now);
  await computeDemoCrm(db, now);
  return counts;
}

/** A demo seeded before issue 14: its customer data, once, on a later start (the lead wires it in main.ts). */
export async function upgradeDemoCrm(db: Db, phoneKey: Buffer | null, now = new Date()): Promise<boolean> {
  const keys = new Set(
    (await queryRows<{ key: string }>(db, sql`select key from app_meta where key in ('demo_seed', ${DEMO_CRM_MARKER})`)).map((row) => row.key),
  );
  if (!keys.has('demo_seed') || keys.has(DEMO_CRM_MARKER)) return false;
  return (await db.transaction((tx) => seedDemoCrm(tx, now, phoneKey))) !== null;
}
