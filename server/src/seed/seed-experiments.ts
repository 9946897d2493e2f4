import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/client';
import { campaigns, experiments, messageIntents, orderLines, orders } from '../db/schema';
import { queryRows } from '../lib/sql';
import { armFor } from '../modules/experiments/assign';
import { armSql } from '../modules/experiments/assign-sql';
import { chunks, demoRandom } from './demo-channels';
import { loadSellableSkus } from './seed-channel-orders';

/** Set once the demo experiment is written (issue 15). */
export const DEMO_EXPERIMENTS_MARKER = 'demo_experiments';

const DAY = 86_400_000;
const SALT = 'demo-double12-warmup';
const HOLDOUT_BP = 2000;
const SPLIT_BP = 5000;
const CONVERSION_DAYS = 7;
/** The demo's truth: A (coupon reminder) lifts conversion most, B a little, the holdout buys on its own. */
const PLAN = { A: { rate: 0.16, quantity: 2 }, B: { rate: 0.12, quantity: 1 }, holdout: { rate: 0.08, quantity: 1 } } as const;

/**
 * Writes the finished demo campaign 「双十二预热群发」 with an A/B + holdout experiment over the demo members: the
 * assignments (armSql), the delivered in-app sends of A and B, and the members' orders (one line each, paid
 * within the 7-day window) so the 实验报告 shows numbers. Returns false when there is nothing to build on.
 */
export async function seedDemoExperiments(db: Executor, now: Date): Promise<boolean> {
  const memberIds = (await queryRows<{ id: number }>(db, sql`select id from members order by id limit 4000`)).map((row) => Number(row.id));
  const skus = (await loadSellableSkus(db)).filter((sku) => sku.privatePriceFen >= 1000).slice(0, 12);
  const [template] = await queryRows<{ address: unknown }>(db, sql`select address from orders where address ? 'phoneCipher' order by id limit 1`);
  if (memberIds.length < 50 || skus.length === 0 || !template) return false;
  // Each member's own latest shipping address where they have ordered before (the template otherwise).
  const addressOf = new Map(
    (
      await queryRows<{ member_id: number; address: unknown }>(
        db,
        sql`select distinct on (member_id) member_id, address from orders where address ? 'phoneCipher' order by member_id, id desc`,
      )
    ).map((row) => [Number(row.member_id), row.address]),
  );

  const assignedAt = new Date(now.getTime() - 20 * DAY);
  const [campaign] = await db
    .insert(campaigns)
    .values({
      name: '双十二预热群发',
      kind: 'broadcast',
      purpose: 'marketing',
      scheduledAt: assignedAt,
      status: 'done',
      enqueued: memberIds.length,
      createdAt: assignedAt,
      updatedAt: assignedAt,
    })
    .returning({ id: campaigns.id });
  const [experiment] = await db
    .insert(experiments)
    .values({
      name: '双十二预热：券提醒 vs 新品推荐',
      kind: 'campaign',
      campaignId: campaign!.id,
      salt: SALT,
      holdoutBp: HOLDOUT_BP,
      splitBp: SPLIT_BP,
      conversionDays: CONVERSION_DAYS,
      startedAt: assignedAt,
      endedAt: new Date(assignedAt.getTime() + CONVERSION_DAYS * DAY),
      createdAt: assignedAt,
    })
    .returning({ id: experiments.id });
  const experimentId = experiment!.id;
  await db
    .update(campaigns)
    .set({ experimentId })
    .where(sql`${campaigns.id} = ${campaign!.id}`);
  await db.execute(sql`insert into experiment_assignments (experiment_id, member_id, arm, assigned_at)
    select ${experimentId}, m.id, ${armSql(SALT, sql`m.id`, HOLDOUT_BP, SPLIT_BP)}, ${assignedAt.toISOString()}::timestamptz
    from members m where m.id in (select id from members order by id limit 4000)
    on conflict do nothing`);

  const random = demoRandom(20261212);
  const intents: (typeof messageIntents.$inferInsert)[] = [];
  const headers: (typeof orders.$inferInsert)[] = [];
  const lines: { sku: (typeof skus)[number]; quantity: number }[] = [];
  for (const memberId of memberIds) {
    const arm = armFor(SALT, memberId, HOLDOUT_BP, SPLIT_BP);
    const sentAt = new Date(assignedAt.getTime() + 10 * 60_000);
    if (arm !== 'holdout')
      intents.push({
        key: `demo-c${campaign!.id}:m${memberId}`,
        memberId,
        channel: 'inapp',
        purpose: 'marketing',
        template: 'campaign',
        variables: { title: arm === 'A' ? '双十二预热：你的满减券即将到期' : '双十二预热：新品抢先看', content: '点击查看' },
        status: random() < 0.9 ? 'delivered' : 'skipped',
        campaignId: campaign!.id,
        experimentId,
        arm,
        sentAt,
        deliveredAt: sentAt,
        createdAt: sentAt,
      });
    const plan = PLAN[arm];
    if (random() >= plan.rate) continue;
    const sku = skus[Math.floor(random() * skus.length)]!;
    const quantity = 1 + Math.floor(random() * plan.quantity);
    const paidAt = new Date(assignedAt.getTime() + Math.floor(random() * (CONVERSION_DAYS * DAY - 3_600_000)));
    const payableFen = sku.privatePriceFen * quantity;
    headers.push({
      orderNo: `DX${experimentId}M${memberId}`,
      memberId,
      status: 'completed',
      goodsSubtotalFen: payableFen,
      discountFen: 0,
      shippingFen: 0,
      payableFen,
      address: addressOf.get(memberId) ?? template.address,
      explanation: ['商品金额按会员价计算'],
      idempotencyKey: `demo-experiment-${experimentId}-${memberId}`,
      requestHash: 'demo',
      paymentExpiresAt: new Date(paidAt.getTime() + 30 * 60_000),
      paidAt,
      shippedAt: new Date(paidAt.getTime() + DAY),
      completedAt: new Date(paidAt.getTime() + 8 * DAY),
      createdAt: new Date(paidAt.getTime() - 60_000),
      updatedAt: paidAt,
    });
    lines.push({ sku, quantity });
  }
  for (const part of chunks(intents)) await db.insert(messageIntents).values(part);
  const ids: number[] = [];
  for (const part of chunks(headers)) ids.push(...(await db.insert(orders).values(part).returning({ id: orders.id })).map((row) => row.id));
  const lineValues = lines.map(({ sku, quantity }, index) => ({
    orderId: ids[index]!,
    lineNo: 1,
    skuId: sku.id,
    productId: sku.productId,
    title: sku.title,
    specs: sku.specs,
    image: sku.image,
    quantity,
    unitPriceFen: sku.privatePriceFen,
    publicPriceFen: sku.publicPriceFen,
    subtotalFen: sku.privatePriceFen * quantity,
    discountFen: 0,
    payableFen: sku.privatePriceFen * quantity,
  }));
  for (const part of chunks(lineValues)) await db.insert(orderLines).values(part);
  return true;
}

/**
 * On the demo database (app_meta 'demo_seed'), writes the demo experiment once (marker 'demo_experiments',
 * in one transaction with the data). Idempotent: later starts return false at once.
 */
export async function upgradeDemoExperiments(db: Db, now = new Date()): Promise<boolean> {
  const keys = new Set(
    (await queryRows<{ key: string }>(db, sql`select key from app_meta where key in ('demo_seed', ${DEMO_EXPERIMENTS_MARKER})`)).map((row) => row.key),
  );
  if (!keys.has('demo_seed') || keys.has(DEMO_EXPERIMENTS_MARKER)) return false;
  return db
    .transaction(async (tx) => {
      const [claimed] = await queryRows<{ key: string }>(
        tx,
        sql`insert into app_meta (key, value) values (${DEMO_EXPERIMENTS_MARKER}, ${JSON.stringify({ at: now.toISOString() })}::jsonb) on conflict (key) do nothing returning key`,
      );
      if (!claimed) return false;
      const written = await seedDemoExperiments(tx, now);
      if (!written) throw new RollbackSeed();
      return true;
    })
    .catch((error: unknown) => {
      if (error instanceof RollbackSeed) return false;
      throw error;
    });
}

/** Undoes the marker when there was nothing to seed (the next start tries again). */
class RollbackSeed extends Error {}
