import { eq, like } from 'drizzle-orm';
import { DEFAULT_MEMBERSHIP_SETTINGS, expiryFor, TIER_CODES, type TierCode } from '@siyu/shared';
import type { Executor } from '../db/client';
import {
  couponTemplates,
  growthEntries,
  memberAccounts,
  members,
  memberTierHistory,
  pointsEntries,
  pointsLots,
  pointsMallItems,
  products,
  skus,
  tiers,
} from '../db/schema';

const DAY = 24 * 60 * 60 * 1000;

interface DemoMember {
  nickname: string;
  tier: TierCode;
  /** Growth credited, oldest first, as [days ago, amount]. */
  growth: [number, number][];
  /** Points lots as [days ago, amount, pending?]. */
  points: [number, number, boolean?][];
  birthday?: string;
}

/** Two demo members per tier, with growth that explains their tier, tier histories and points lots. */
const DEMO_MEMBERS: readonly DemoMember[] = [
  {
    nickname: '青铜·小林',
    tier: 'bronze',
    growth: [[20, 120]],
    points: [
      [20, 100],
      [2, 45, true],
    ],
  },
  { nickname: '青铜·阿宝', tier: 'bronze', growth: [], points: [[5, 100]] },
  {
    nickname: '白银·周周',
    tier: 'silver',
    growth: [
      [200, 300],
      [60, 380],
    ],
    points: [
      [200, 420],
      [60, 460],
      [3, 120, true],
    ],
    birthday: '03-14',
  },
  { nickname: '白银·青青', tier: 'silver', growth: [[90, 820]], points: [[90, 980]] },
  {
    nickname: '黄金·大卫',
    tier: 'gold',
    growth: [
      [300, 900],
      [120, 800],
      [30, 700],
    ],
    points: [
      [300, 1350],
      [120, 1200],
      [30, 1050],
      [1, 300, true],
    ],
  },
  { nickname: '黄金·米粒', tier: 'gold', growth: [[45, 2600]], points: [[45, 3900]], birthday: '11-30' },
  {
    nickname: '铂金·老陈',
    tier: 'platinum',
    growth: [
      [330, 2500],
      [150, 2100],
      [20, 1600],
    ],
    points: [
      [330, 4500],
      [150, 3780],
      [20, 2880],
    ],
  },
  { nickname: '铂金·Lily', tier: 'platinum', growth: [[70, 6400]], points: [[70, 11520]] },
  {
    nickname: '钻石·王姐',
    tier: 'diamond',
    growth: [
      [340, 4200],
      [200, 3900],
      [60, 3300],
    ],
    points: [
      [340, 8400],
      [200, 7800],
      [60, 6600],
      [4, 900, true],
    ],
    birthday: '06-01',
  },
  { nickname: '钻石·Tony', tier: 'diamond', growth: [[100, 12800]], points: [[100, 25600]] },
];

export interface MembershipSeedCounts {
  members: number;
  mallItems: number;
}

/**
 * Demo members in every tier: growth entries (source 'seed') that reach their tier, the upgrades that
 * got them there in the tier history, points lots (some still pending) with matching ledger entries and
 * balances (so `npm run ledger:check` reports 0 mismatches), and a points mall.
 */
export async function seedDemoMembership(db: Executor, now: Date): Promise<MembershipSeedCounts> {
  const thresholds = new Map((await db.select({ code: tiers.code, threshold: tiers.growthThreshold }).from(tiers)).map((row) => [row.code, row.threshold]));
  for (const [index, demo] of DEMO_MEMBERS.entries()) {
    const createdAt = new Date(now.getTime() - 365 * DAY);
    const [member] = await db
      .insert(members)
      .values({
        openid: `odemo-member-${String(index + 1)}`,
        nickname: demo.nickname,
        tierCode: demo.tier,
        createdAt,
        lastLoginAt: new Date(now.getTime() - index * DAY),
      })
      .returning({ id: members.id });
    if (!member) throw new Error('demo member insert returned nothing');
    let total = 0;
    let current: TierCode = 'bronze';
    let tierSince = createdAt;
    for (const [step, [daysAgo, amount]] of demo.growth.entries()) {
      const at = new Date(now.getTime() - daysAgo * DAY);
      total += amount;
      await db.insert(growthEntries).values({
        memberId: member.id,
        delta: amount,
        source: 'seed',
        sourceKey: `seed:${String(member.id)}:growth:${String(step)}`,
        reason: '演示数据：历史订单成长值',
        createdAt: at,
      });
      const reached = [...TIER_CODES].reverse().find((code) => total >= (thresholds.get(code) ?? Number.MAX_SAFE_INTEGER)) ?? 'bronze';
      if (TIER_CODES.indexOf(reached) > TIER_CODES.indexOf(current) && TIER_CODES.indexOf(reached) <= TIER_CODES.indexOf(demo.tier)) {
        await db
          .insert(memberTierHistory)
          .values({ memberId: member.id, fromTier: current, toTier: reached, reason: 'upgrade', growthValue: total, createdAt: at });
        current = reached;
        tierSince = at;
      }
    }
    if (current !== demo.tier) {
      await db
        .insert(memberTierHistory)
        .values({ memberId: member.id, fromTier: current, toTier: demo.tier, reason: 'seed', growthValue: total, createdAt: now });
      tierSince = now;
    }
    let balance = 0;
    for (const [step, [daysAgo, amount, pending]] of demo.points.entries()) {
      const earnedAt = new Date(now.getTime() - daysAgo * DAY);
      const availableAt = pending ? new Date(earnedAt.getTime() + 7 * DAY) : earnedAt;
      const sourceKey = `seed:${String(member.id)}:points:${String(step)}`;
      const [lot] = await db
        .insert(pointsLots)
        .values({
          memberId: member.id,
          amount,
          remaining: amount,
          source: 'seed',
          sourceKey,
          availableAt,
          expiresAt: expiryFor(earnedAt, DEFAULT_MEMBERSHIP_SETTINGS.pointsExpiryYears),
          createdAt: earnedAt,
        })
        .returning({ id: pointsLots.id });
      await db.insert(pointsEntries).values({
        memberId: member.id,
        delta: amount,
        kind: 'earn',
        sourceKey,
        operationKey: sourceKey,
        lotId: lot?.id ?? null,
        reason: pending ? '演示数据：订单积分（待入账）' : '演示数据：历史积分',
        createdAt: earnedAt,
      });
      balance += amount;
    }
    await db.insert(memberAccounts).values({ memberId: member.id, tierSince, pointsBalance: balance, birthday: demo.birthday ?? null });
  }
  const mallItems = await seedPointsMall(db);
  return { members: DEMO_MEMBERS.length, mallItems };
}

async function seedPointsMall(db: Executor): Promise<number> {
  const [freeShipping] = await db.select({ id: couponTemplates.id }).from(couponTemplates).where(eq(couponTemplates.name, '包邮券'));
  const [fiveOff] = await db.select({ id: couponTemplates.id }).from(couponTemplates).where(like(couponTemplates.name, '客服补偿%'));
  const [trial] = await db
    .select({ id: skus.id })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(like(products.title, '低脂牛奶尝鲜装%'))
    .limit(1);
  const items: (typeof pointsMallItems.$inferInsert)[] = [];
  if (freeShipping)
    items.push({ title: '包邮券', kind: 'coupon', couponTemplateId: freeShipping.id, pointsPrice: 200, stock: 1000, perMemberLimit: 3, sortOrder: 1 });
  if (fiveOff)
    items.push({ title: '无门槛5元券', kind: 'coupon', couponTemplateId: fiveOff.id, pointsPrice: 450, stock: 500, perMemberLimit: 2, sortOrder: 2 });
  if (trial) {
    items.push({ title: '低脂牛奶尝鲜装（积分兑）', kind: 'goods', skuId: trial.id, pointsPrice: 990, stock: 50, perMemberLimit: 1, sortOrder: 3 });
    items.push({
      title: '尝鲜装 积分+1元购',
      kind: 'goods',
      skuId: trial.id,
      pointsPrice: 300,
      cashFen: 100,
      stock: 30,
      perMemberLimit: 1,
      minTier: 'silver',
      sortOrder: 4,
    });
  }
  if (items.length > 0) await db.insert(pointsMallItems).values(items);
  return items.length;
}
