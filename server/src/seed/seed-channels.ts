import { inArray } from 'drizzle-orm';
import { SCENE_PREFIX } from '@siyu/shared';
import type { Db, Executor } from '../db/client';
import { appMeta, channelCodeBatches, channelCodes, channelReach, channels, channelSettings, staff } from '../db/schema';
import { PhoneCrypto } from '../lib/phone-crypto';
import { appendEvents } from '../modules/events';
import {
  BASE62,
  CARD_BATCH_SIZE,
  CARD_BATCH_WITH_ORDER_NO,
  chinaDate,
  chunks,
  DAY,
  DEMO_CHANNEL_DAYS,
  DEMO_CHANNELS,
  DEMO_CHANNELS_MARKER,
  demoRng,
  HOUR,
  WINDOW_DAYS,
  type ChannelSeedCounts,
  type Code,
  type DemoCodes,
  type DemoRng,
} from './demo-channels';
import { recordDemoTouches, seedDemoMembers } from './seed-channel-members';
import { loadSellableSkus, planDemoOrders, seedDemoOrders } from './seed-channel-orders';
import { seedDemoOrderPoints, seedDemoRefundsAndStock } from './seed-channel-refunds';

export { DEMO_CHANNEL_DAYS, DEMO_CHANNELS, DEMO_CHANNELS_MARKER, lastTouch, type ChannelSeedCounts } from './demo-channels';

/**
 * Demo channels (issue 13): the playbook's four planned channels (包裹卡, AI外呼, 企微活码, 公众号) and a small
 * 短信 channel, their entry codes, and 120 days of simulated actuals — reach, a few hundred members whose
 * touches come before their registration, and real paid orders (lines, payments, stock movements, points)
 * with first/last-touch attribution fixed as the attribution rules say, some refunded. Deterministic: one
 * seeded PRNG, so two fresh installs get the same demo. Every row goes in with bulk inserts (first start
 * stays fast), and the domain events the flows emit are appended so the report roll-up computes the report.
 */

/**
 * Seeds the demo channels once (guarded by the `demo_channels` marker, in the caller's transaction). With a
 * phone key the simulated actuals (members with encrypted phones, orders with address snapshots) are seeded
 * too; without one only the channels, codes and reach (nothing could decrypt the phones).
 */
export async function seedDemoChannels(db: Executor, now: Date, phoneKey: Buffer | null): Promise<ChannelSeedCounts | null> {
  const marker = await db
    .insert(appMeta)
    .values({ key: DEMO_CHANNELS_MARKER, value: { seededAt: now.toISOString() } })
    .onConflictDoNothing()
    .returning({ key: appMeta.key });
  if (marker.length === 0) return null;
  const rng = demoRng(20_261_300);
  const { random, between } = rng;
  const usedScenes = new Set((await db.select({ scene: channelCodes.scene }).from(channelCodes)).map((row) => row.scene));
  const newScene = (length: number): string => {
    for (;;) {
      let scene = SCENE_PREFIX;
      for (let i = 0; i < length; i += 1) scene += BASE62[Math.floor(random() * 62)];
      if (!usedScenes.has(scene)) {
        usedScenes.add(scene);
        return scene;
      }
    }
  };

  // ── Channels, codes, settings ────────────────────────────────────────────────────────────────────
  const staffIds = new Map((await db.select({ id: staff.id, username: staff.username }).from(staff)).map((row) => [row.username, row.id]));
  const startsOn = chinaDate(now, -DEMO_CHANNEL_DAYS);
  const endsOn = chinaDate(now, 30);
  const channelRows = await db
    .insert(channels)
    .values(
      DEMO_CHANNELS.map((spec) => ({
        kind: spec.kind,
        name: spec.name,
        startsOn,
        endsOn,
        ownerStaffId: staffIds.get(spec.owner) ?? null,
        fixedCostFen: spec.fixedCostFen,
        unitCostMilliFen: spec.unitCostMilliFen,
        plannedReach: spec.plannedReach,
        plannedConversionBp: spec.plannedConversionBp,
        plannedOrdersPerMemberX100: spec.plannedOrdersPerMemberX100,
        plannedAovFen: spec.plannedAovFen,
        note: spec.note,
        createdAt: new Date(now.getTime() - (DEMO_CHANNEL_DAYS + 2) * DAY),
        updatedAt: new Date(now.getTime() - (DEMO_CHANNEL_DAYS + 2) * DAY),
      })),
    )
    .returning({ id: channels.id });
  const channelIdOf = new Map(DEMO_CHANNELS.map((spec, index) => [spec.key, channelRows[index]?.id ?? 0]));
  await db.insert(channelSettings).values({ id: 1, attributionWindowDays: WINDOW_DAYS }).onConflictDoNothing();

  const codesCreatedAt = new Date(now.getTime() - (DEMO_CHANNEL_DAYS + 1) * DAY);
  const singleCodes = await db
    .insert(channelCodes)
    .values(
      DEMO_CHANNELS.flatMap((spec) =>
        spec.codes.map((label) => ({ channelId: channelIdOf.get(spec.key) ?? 0, scene: newScene(6), label, createdAt: codesCreatedAt })),
      ),
    )
    .returning({ id: channelCodes.id, channelId: channelCodes.channelId, scene: channelCodes.scene });
  const cardChannelId = channelIdOf.get('card') ?? 0;
  const [batch] = await db
    .insert(channelCodeBatches)
    .values({
      channelId: cardChannelId,
      label: '第 1 批随单卡',
      quantity: CARD_BATCH_SIZE,
      createdByStaffId: staffIds.get('operator') ?? null,
      createdAt: codesCreatedAt,
    })
    .returning({ id: channelCodeBatches.id });
  const batchId = batch?.id ?? 0;
  const batchCodes: Code[] = await db
    .insert(channelCodes)
    .values(
      Array.from({ length: CARD_BATCH_SIZE }, (_, index) => ({
        channelId: cardChannelId,
        batchId,
        unitIndex: index + 1,
        scene: newScene(8),
        label: `第 1 批随单卡 #${String(index + 1)}`,
        marketplaceOrderNo: index < CARD_BATCH_WITH_ORDER_NO ? `TM${chinaDate(codesCreatedAt).replace(/-/g, '')}${String(880_000 + index * 7)}` : null,
        createdAt: codesCreatedAt,
      })),
    )
    .returning({ id: channelCodes.id, channelId: channelCodes.channelId, scene: channelCodes.scene });
  const codesOf = (key: string): Code[] => singleCodes.filter((code) => code.channelId === channelIdOf.get(key));

  // ── Reach: weekly rows over the 120 days ─────────────────────────────────────────────────────────
  const reachRows: (typeof channelReach.$inferInsert)[] = [];
  for (const spec of DEMO_CHANNELS) {
    const channelId = channelIdOf.get(spec.key) ?? 0;
    for (let week = 0; week * 7 < DEMO_CHANNEL_DAYS; week += 1) {
      const occurredAt = new Date(now.getTime() - (DEMO_CHANNEL_DAYS - week * 7) * DAY + 10 * HOUR);
      reachRows.push({
        channelId,
        codeId: spec.key === 'card' ? null : (codesOf(spec.key)[0]?.id ?? null),
        source: spec.reachSource,
        quantity: between(...spec.weeklyReach),
        occurredAt,
        details: { demo: true, week: week + 1 },
        dedupeKey: `demo:${spec.key}:week:${String(week + 1)}`,
      });
    }
  }
  await db.insert(channelReach).values(reachRows);

  const counts: ChannelSeedCounts = {
    channels: channelRows.length,
    codes: singleCodes.length + batchCodes.length,
    members: 0,
    touches: 0,
    orders: 0,
    refunds: 0,
  };
  if (!phoneKey) return counts;
  return seedActuals(db, now, new PhoneCrypto(phoneKey), rng, { channelIdOf, codesOf, batchCodes: [...batchCodes] }, counts);
}

/** Members, their touches and attribution, orders, refunds, stock and points; then the domain events, in time order. */
async function seedActuals(
  db: Executor,
  now: Date,
  crypto: PhoneCrypto,
  rng: DemoRng,
  codes: DemoCodes,
  counts: ChannelSeedCounts,
): Promise<ChannelSeedCounts> {
  const people = await seedDemoMembers(db, now, crypto, rng, codes);
  const sellable = await loadSellableSkus(db);
  const plan = planDemoOrders(now, rng, people, codes, sellable);
  const attribution = await recordDemoTouches(db, now, people);
  const { events } = attribution;
  const { headers, ids } = await seedDemoOrders(db, now, crypto, rng, plan, attribution, events);
  const refundCount = await seedDemoRefundsAndStock(db, now, rng, sellable, { plan, headers, ids }, events);
  await seedDemoOrderPoints(db, now, { plan, headers, ids });
  events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const part of chunks(events)) await appendEvents(db, part);
  return { ...counts, members: people.planned.length, touches: people.touchPlan.length, orders: ids.length, refunds: refundCount };
}

/**
 * A demo seeded before issue 13 has no channels: seed them (and their actuals) once, on a later start.
 * Only on a demo install (the `demo_seed` marker) and only once (the `demo_channels` marker). Answers
 * whether it seeded.
 */
export async function upgradeDemoChannels(db: Db, phoneKey: Buffer | null, now = new Date()): Promise<boolean> {
  const keys = new Set(
    (
      await db
        .select({ key: appMeta.key })
        .from(appMeta)
        .where(inArray(appMeta.key, ['demo_seed', DEMO_CHANNELS_MARKER]))
    ).map((row) => row.key),
  );
  if (!keys.has('demo_seed') || keys.has(DEMO_CHANNELS_MARKER)) return false;
  return (await db.transaction((tx) => seedDemoChannels(tx, now, phoneKey))) !== null;
}
