import { eq, like } from 'drizzle-orm';
import type { PromotionRule, PromotionScope } from '@siyu/shared';
import type { Executor } from '../db/client';
import { couponTemplates, flashSales, liveSessionProducts, liveSessions, products, promoCodes, skus, storePromotions } from '../db/schema';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface PromotionSeedCounts {
  couponTemplates: number;
  storePromotions: number;
  liveSessions: number;
  promoCodes: number;
  flashSales: number;
}

interface DemoCoupon {
  name: string;
  description: string;
  rule: PromotionRule;
  faceValueFen: number;
  visibility: 'public' | 'hidden';
  validDays: number;
  totalCount: number | null;
  budgetFen: number | null;
  perMemberCap: number;
  stackingGroup: 'coupon' | 'shipping_coupon';
}

/** The coupon center of the demo brand: a new-customer coupon, the ¥50-off-¥199 favourite, a 9折 coupon, free shipping. */
const DEMO_COUPONS: readonly DemoCoupon[] = [
  {
    name: '新人首单立减10元',
    description: '新会员首单可用，满¥39使用',
    rule: { kind: 'new_customer', offFen: 1000, thresholdFen: 3900 } as PromotionRule,
    faceValueFen: 1000,
    visibility: 'public',
    validDays: 7,
    totalCount: 5000,
    budgetFen: 5_000_000,
    perMemberCap: 1,
    stackingGroup: 'coupon',
  },
  {
    name: '满199减50',
    description: '全场通用，复购首选',
    rule: { kind: 'threshold_off', tiers: [{ thresholdFen: 19900, offFen: 5000 }] } as PromotionRule,
    faceValueFen: 5000,
    visibility: 'public',
    validDays: 14,
    totalCount: 2000,
    budgetFen: null,
    perMemberCap: 2,
    stackingGroup: 'coupon',
  },
  {
    name: '9折券 最高减20元',
    description: '满¥59可用',
    rule: { kind: 'percent_off', offBp: 1000, capFen: 2000, thresholdFen: 5900 } as PromotionRule,
    faceValueFen: 2000,
    visibility: 'public',
    validDays: 10,
    totalCount: 1000,
    budgetFen: 2_000_000,
    perMemberCap: 1,
    stackingGroup: 'coupon',
  },
  {
    name: '包邮券',
    description: '任意金额免运费',
    rule: { kind: 'free_shipping', thresholdFen: 0 } as PromotionRule,
    faceValueFen: 800,
    visibility: 'public',
    validDays: 30,
    totalCount: null,
    budgetFen: null,
    perMemberCap: 3,
    stackingGroup: 'shipping_coupon',
  },
  {
    name: '客服补偿 无门槛5元',
    description: '客服发放',
    rule: { kind: 'fixed_off', offFen: 500 } as PromotionRule,
    faceValueFen: 500,
    visibility: 'hidden',
    validDays: 30,
    totalCount: null,
    budgetFen: 500_000,
    perMemberCap: 5,
    stackingGroup: 'coupon',
  },
];

/**
 * Demo promotions, relative to the moment of seeding: a 满减 ladder running for 30 days, the coupon
 * center, a live session on air now with the code LIVE88 (and one tomorrow), and a flash sale that
 * starts 3 minutes after start-up (another one running now).
 */
export async function seedDemoPromotions(db: Executor, now: Date): Promise<PromotionSeedCounts> {
  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);
  const all: PromotionScope = { kind: 'all' };
  await db.insert(storePromotions).values({
    name: '全场满减 满99减10／满199减30',
    rule: {
      kind: 'threshold_off',
      tiers: [
        { thresholdFen: 9900, offFen: 1000 },
        { thresholdFen: 19900, offFen: 3000 },
      ],
    },
    scope: all,
    startsAt: at(-MINUTE),
    endsAt: at(30 * DAY),
  });
  await db.insert(couponTemplates).values(
    DEMO_COUPONS.map((coupon) => ({
      name: coupon.name,
      description: coupon.description,
      rule: coupon.rule,
      scope: all,
      stackingGroup: coupon.stackingGroup,
      validityKind: 'after_claim',
      validDays: coupon.validDays,
      claimStartsAt: at(-MINUTE),
      claimEndsAt: at(60 * DAY),
      visibility: coupon.visibility,
      totalCount: coupon.totalCount,
      budgetFen: coupon.budgetFen,
      faceValueFen: coupon.faceValueFen,
      perMemberCap: coupon.perMemberCap,
    })),
  );
  const onSale = await db.select({ id: products.id }).from(products).where(eq(products.status, 'on_sale')).orderBy(products.id).limit(6);
  const [live] = await db
    .insert(liveSessions)
    .values({
      title: '冬季囤奶专场直播',
      platform: 'channels',
      roomId: 'sphDemo2026',
      hostName: '小思',
      startsAt: at(-10 * MINUTE),
      endsAt: at(3 * 60 * MINUTE),
      sceneCode: 'live=demo1',
    })
    .returning({ id: liveSessions.id });
  const [tomorrow] = await db
    .insert(liveSessions)
    .values({
      title: '早餐好物直播',
      platform: 'miniprogram_live',
      roomId: '1001',
      hostName: '小语',
      startsAt: at(DAY),
      endsAt: at(DAY + 2 * 60 * MINUTE),
      sceneCode: 'live=demo2',
    })
    .returning({ id: liveSessions.id });
  if (!live || !tomorrow) throw new Error('live session insert returned nothing');
  await db.insert(liveSessionProducts).values(onSale.map((product, index) => ({ sessionId: live.id, productId: product.id, sort: index })));
  await db.insert(promoCodes).values([
    {
      sessionId: live.id,
      code: 'LIVE88',
      rule: { kind: 'threshold_off', tiers: [{ thresholdFen: 8800, offFen: 1800 }] },
      scope: all,
      graceMinutes: 30,
      perMemberCap: 1,
      totalCap: 500,
    },
    { sessionId: tomorrow.id, code: 'ZAOCAN20', rule: { kind: 'fixed_off', offFen: 2000 }, scope: all, graceMinutes: 0, perMemberCap: 1, totalCap: 200 },
  ]);
  // Flash sales on two hero products the other demo flows do not buy: one running, one starting 3 minutes after start-up.
  const flashSku = async (title: string) => {
    const [row] = await db
      .select({ id: skus.id, privatePriceFen: skus.privatePriceFen, costPriceFen: skus.costPriceFen })
      .from(skus)
      .innerJoin(products, eq(products.id, skus.productId))
      .where(like(products.title, `${title}%`))
      .orderBy(skus.id)
      .limit(1);
    if (!row) throw new Error(`no demo SKU for ${title}`);
    return row;
  };
  const first = await flashSku('咖啡大师燕麦奶');
  const second = await flashSku('无糖黑豆浆粉');
  // Flash prices a merchant would print: a round ¥x9.90 about a third under the private price, never below cost.
  const flashPrice = (sku: { privatePriceFen: number; costPriceFen: number }) => {
    const target = Math.round((sku.privatePriceFen * 2) / 3 / 1000) * 1000 - 10;
    return Math.max(sku.costPriceFen, target);
  };
  await db.insert(flashSales).values([
    {
      title: '整点秒杀',
      skuId: first.id,
      flashPriceFen: flashPrice(first),
      totalUnits: 50,
      perMemberLimit: 2,
      startsAt: at(-5 * MINUTE),
      endsAt: at(2 * 60 * MINUTE),
    },
    {
      title: '开播秒杀',
      skuId: second.id,
      flashPriceFen: flashPrice(second),
      totalUnits: 20,
      perMemberLimit: 1,
      startsAt: at(3 * MINUTE),
      endsAt: at(63 * MINUTE),
    },
  ]);
  return { couponTemplates: DEMO_COUPONS.length, storePromotions: 1, liveSessions: 2, promoCodes: 2, flashSales: 2 };
}
