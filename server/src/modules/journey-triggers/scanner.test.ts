import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { JourneyDefinition, JourneyTrigger } from '@siyu/shared';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createSellableSku } from '../orders/test-factories';
import { scanTimeTriggers } from './scanner';
import { latestScheduledRun } from './schedule';
import { chinaDate, chinaDatePlus, chinaMidnight } from './time';

const MIN = 60_000;
const DAY = 86_400_000;

/** A fixed scan time: 2026-12-06 12:00 China time. */
const NOW = new Date('2026-12-06T04:00:00.000Z');

function definition(trigger: JourneyTrigger): JourneyDefinition {
  return {
    trigger,
    purpose: 'service',
    entryStepId: 'say',
    steps: [
      { id: 'say', type: 'send', content: { channel: 'inapp', template: 'text', variables: { title: '提醒', content: '你好' }, link: null }, next: null },
    ],
    goal: null,
    reentry: { mode: 'every_time', cooldownDays: 0 },
    experiment: null,
  };
}

/** An active journey with one published version (rows written directly: the engine's publish is tested there). */
async function journeyWith(t: TestApp, trigger: JourneyTrigger): Promise<number> {
  const json = JSON.stringify(definition(trigger));
  const [journey] = await queryRows<{ id: number }>(
    t.deps.db,
    sql`insert into journeys (name, purpose, status, draft) values (${`j-${trigger.type}-${crypto.randomBytes(3).toString('hex')}`}, 'service', 'active', ${json}::jsonb) returning id`,
  );
  const [version] = await queryRows<{ id: number }>(
    t.deps.db,
    sql`insert into journey_versions (journey_id, version, definition) values (${journey!.id}, 1, ${json}::jsonb) returning id`,
  );
  await t.deps.db.execute(sql`update journeys set current_version_id = ${version!.id} where id = ${journey!.id}`);
  return Number(journey!.id);
}

async function enrolled(t: TestApp, journeyId: number): Promise<{ member_id: number; occurrence: string; context: Record<string, unknown> }[]> {
  const rows = await queryRows<{ member_id: number; occurrence: string; context: Record<string, unknown> }>(
    t.deps.db,
    sql`select member_id, occurrence, context from journey_enrollments where journey_id = ${journeyId} order by member_id, occurrence`,
  );
  return rows.map((row) => ({ ...row, member_id: Number(row.member_id) }));
}

async function insertOrder(
  t: TestApp,
  memberId: number,
  fields: { status: string; createdAt: Date; paidAt?: Date; shippedAt?: Date; completedAt?: Date },
): Promise<number> {
  const no = `T${crypto.randomBytes(8).toString('hex')}`;
  const [row] = await queryRows<{ id: number }>(
    t.deps.db,
    sql`insert into orders (order_no, member_id, status, goods_subtotal_fen, discount_fen, shipping_fen, payable_fen, address, idempotency_key, request_hash,
        payment_expires_at, paid_at, shipped_at, completed_at, created_at)
      values (${no}, ${memberId}, ${fields.status}, 1000, 0, 0, 1000, '{}'::jsonb, ${no}, 'h', ${new Date(fields.createdAt.getTime() + 30 * MIN).toISOString()}::timestamptz,
        ${fields.paidAt?.toISOString() ?? null}::timestamptz, ${fields.shippedAt?.toISOString() ?? null}::timestamptz, ${fields.completedAt?.toISOString() ?? null}::timestamptz,
        ${fields.createdAt.toISOString()}::timestamptz)
      returning id`,
  );
  return Number(row!.id);
}

async function members(t: TestApp, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i += 1) ids.push((await createMemberDirect(t)).id);
  return ids;
}

async function account(t: TestApp, memberId: number, fields: { birthday?: string; downgradeAt?: Date }): Promise<void> {
  await t.deps.db.execute(sql`insert into member_accounts (member_id, tier_since, birthday, downgrade_to, downgrade_at)
    values (${memberId}, ${NOW.toISOString()}::timestamptz, ${fields.birthday ?? null}, ${fields.downgradeAt ? 'bronze' : null}, ${fields.downgradeAt?.toISOString() ?? null}::timestamptz)
    on conflict (member_id) do update set birthday = excluded.birthday, downgrade_to = excluded.downgrade_to, downgrade_at = excluded.downgrade_at`);
}

/** Scans twice: the second scan must enroll nobody new. */
async function scanTwice(t: TestApp, at: Date = NOW): Promise<void> {
  await scanTimeTriggers({ db: t.deps.db, now: () => at }, at);
  const again = await scanTimeTriggers({ db: t.deps.db, now: () => at }, at);
  expect(Object.values(again.entered).reduce((sum, n) => sum + n, 0)).toBe(0);
}

describe('latestScheduledRun', () => {
  it('is null before the start, the start for once, and the latest repeat after', () => {
    const start = '2026-01-31T02:00:00.000Z';
    expect(latestScheduledRun(start, 'daily', new Date('2026-01-31T01:59:59.000Z'))).toBeNull();
    expect(latestScheduledRun(start, 'once', new Date('2026-06-01T00:00:00.000Z'))?.toISOString()).toBe(start);
    expect(latestScheduledRun(start, 'daily', new Date('2026-02-02T01:59:59.000Z'))?.toISOString()).toBe('2026-02-01T02:00:00.000Z');
    expect(latestScheduledRun(start, 'weekly', new Date('2026-02-07T02:00:00.000Z'))?.toISOString()).toBe('2026-02-07T02:00:00.000Z');
    // 31 January monthly: the end of February, then 31 March.
    expect(latestScheduledRun(start, 'monthly', new Date('2026-03-30T00:00:00.000Z'))?.toISOString()).toBe('2026-02-28T02:00:00.000Z');
    expect(latestScheduledRun(start, 'monthly', new Date('2026-03-31T02:00:00.000Z'))?.toISOString()).toBe('2026-03-31T02:00:00.000Z');
  });
});

describe.each(testDrivers())('journey time triggers (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;

  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  it('order_unpaid: orders unpaid for N minutes and not older than N + 24 h, once per order', async () => {
    const journeyId = await journeyWith(t, { type: 'order_unpaid', minutes: 15 });
    const [early, due, old, paid] = await members(t, 4);
    await insertOrder(t, early!, { status: 'pending_payment', createdAt: new Date(NOW.getTime() - 15 * MIN + 1000) });
    const dueOrder = await insertOrder(t, due!, { status: 'pending_payment', createdAt: new Date(NOW.getTime() - 15 * MIN) });
    await insertOrder(t, old!, { status: 'pending_payment', createdAt: new Date(NOW.getTime() - 15 * MIN - DAY) });
    await insertOrder(t, paid!, { status: 'paid', createdAt: new Date(NOW.getTime() - 20 * MIN), paidAt: NOW });
    await scanTwice(t);
    expect(await enrolled(t, journeyId)).toEqual([{ member_id: due, occurrence: `order:${dueOrder}`, context: { orderId: dueOrder } }]);
  });

  it('delivered: N days after completion (or shipping), within the catch-up window', async () => {
    const journeyId = await journeyWith(t, { type: 'delivered', days: 3 });
    const [early, completed, shipped, stale] = await members(t, 4);
    await insertOrder(t, early!, { status: 'completed', createdAt: new Date(NOW.getTime() - 5 * DAY), completedAt: new Date(NOW.getTime() - 3 * DAY + 1000) });
    const a = await insertOrder(t, completed!, {
      status: 'completed',
      createdAt: new Date(NOW.getTime() - 5 * DAY),
      completedAt: new Date(NOW.getTime() - 3 * DAY),
    });
    const b = await insertOrder(t, shipped!, { status: 'shipped', createdAt: new Date(NOW.getTime() - 5 * DAY), shippedAt: new Date(NOW.getTime() - 4 * DAY) });
    await insertOrder(t, stale!, { status: 'shipped', createdAt: new Date(NOW.getTime() - 40 * DAY), shippedAt: new Date(NOW.getTime() - 30 * DAY) });
    await scanTwice(t);
    expect((await enrolled(t, journeyId)).map((row) => row.occurrence).sort()).toEqual([`order:${a}`, `order:${b}`].sort());
  });

  it('cart_abandoned: items left N minutes with no order since; occurrence per day of the last update', async () => {
    const journeyId = await journeyWith(t, { type: 'cart_abandoned', minutes: 60 });
    const sku = await createSellableSku(t, owner.auth);
    const [fresh, due, ordered] = await members(t, 3);
    const put = (memberId: number, at: Date) =>
      t.deps.db.execute(
        sql`insert into cart_items (member_id, sku_id, quantity, created_at, updated_at) values (${memberId}, ${sku.id}, 1, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz)`,
      );
    await put(fresh!, new Date(NOW.getTime() - 59 * MIN));
    await put(due!, new Date(NOW.getTime() - 60 * MIN));
    await put(ordered!, new Date(NOW.getTime() - 90 * MIN));
    await insertOrder(t, ordered!, { status: 'pending_payment', createdAt: new Date(NOW.getTime() - 80 * MIN) });
    await scanTwice(t);
    expect((await enrolled(t, journeyId)).map((row) => [row.member_id, row.occurrence])).toEqual([[due, `cart:${chinaDate(NOW)}`]]);
  });

  it('birthday: members whose birthday (MM-DD) is daysBefore days ahead in China time, once a year', async () => {
    const journeyId = await journeyWith(t, { type: 'birthday', daysBefore: 2 });
    const [yesterday, due, after] = await members(t, 3);
    await account(t, yesterday!, { birthday: chinaDatePlus(NOW, 1).slice(5) });
    await account(t, due!, { birthday: chinaDatePlus(NOW, 2).slice(5) });
    await account(t, after!, { birthday: chinaDatePlus(NOW, 3).slice(5) });
    await scanTwice(t);
    expect((await enrolled(t, journeyId)).map((row) => [row.member_id, row.occurrence])).toEqual([[due, 'birthday:2026']]);
  });

  it('downgrade_warning: a pending downgrade within daysBefore China days, once per review date', async () => {
    const journeyId = await journeyWith(t, { type: 'downgrade_warning', daysBefore: 7 });
    const [due, later, past] = await members(t, 3);
    const inSeven = new Date(chinaMidnight(chinaDatePlus(NOW, 7)).getTime() + 23 * 3600 * 1000);
    await account(t, due!, { downgradeAt: inSeven });
    await account(t, later!, { downgradeAt: chinaMidnight(chinaDatePlus(NOW, 8)) });
    await account(t, past!, { downgradeAt: new Date(NOW.getTime() - MIN) });
    await scanTwice(t);
    const rows = await enrolled(t, journeyId);
    expect(rows.map((row) => [row.member_id, row.occurrence])).toEqual([[due, `downgrade:${chinaDatePlus(NOW, 7)}`]]);
    expect(rows[0]!.context).toEqual({ toTier: 'bronze', date: chinaDatePlus(NOW, 7) });
  });

  it('points_expiring: remaining points of lots expiring within daysBefore days, summed per expiry date', async () => {
    const journeyId = await journeyWith(t, { type: 'points_expiring', daysBefore: 7 });
    const [due, later, spent] = await members(t, 3);
    const lot = (memberId: number, remaining: number, expiresAt: Date) =>
      t.deps.db.execute(sql`insert into points_lots (member_id, amount, remaining, source, source_key, available_at, expires_at)
        values (${memberId}, 100, ${remaining}, 'manual', ${`test:${crypto.randomBytes(6).toString('hex')}`}, ${NOW.toISOString()}::timestamptz, ${expiresAt.toISOString()}::timestamptz)`);
    const day7 = chinaMidnight(chinaDatePlus(NOW, 7));
    await lot(due!, 30, day7);
    await lot(due!, 20, new Date(day7.getTime() + 3600 * 1000));
    await lot(later!, 50, chinaMidnight(chinaDatePlus(NOW, 8)));
    await lot(spent!, 0, day7);
    await scanTwice(t);
    expect(await enrolled(t, journeyId)).toEqual([
      { member_id: due, occurrence: `points:${chinaDatePlus(NOW, 7)}`, context: { points: 50, date: chinaDatePlus(NOW, 7) } },
    ]);
  });

  it('coupon_expiring: unused coupons ending within daysBefore days, once per coupon', async () => {
    const journeyId = await journeyWith(t, { type: 'coupon_expiring', daysBefore: 3 });
    const [template] = await queryRows<{ id: number }>(
      t.deps.db,
      sql`insert into coupon_templates (name, rule, scope, stacking_group, validity_kind, valid_days, visibility, face_value_fen)
        values ('测试券', '{"kind":"fixed_off","offFen":100}'::jsonb, '{"kind":"all"}'::jsonb, 'coupon', 'after_claim', 30, 'hidden', 100) returning id`,
    );
    const [due, later, used] = await members(t, 3);
    const coupon = async (memberId: number, status: string, expiresAt: Date) => {
      const [row] = await queryRows<{ id: number }>(
        t.deps.db,
        sql`insert into member_coupons (template_id, member_id, source, source_key, status, valid_from, expires_at)
          values (${template!.id}, ${memberId}, 'issue', ${`test:${crypto.randomBytes(6).toString('hex')}`}, ${status}, ${NOW.toISOString()}::timestamptz, ${expiresAt.toISOString()}::timestamptz) returning id`,
      );
      return Number(row!.id);
    };
    const dueCoupon = await coupon(due!, 'available', new Date(chinaMidnight(chinaDatePlus(NOW, 4)).getTime() - 1000));
    await coupon(later!, 'available', chinaMidnight(chinaDatePlus(NOW, 4)));
    await coupon(used!, 'used', new Date(NOW.getTime() + DAY));
    await scanTwice(t);
    const rows = await enrolled(t, journeyId);
    expect(rows.map((row) => [row.member_id, row.occurrence])).toEqual([[due, `coupon:${dueCoupon}`]]);
  });

  it('repurchase_due: the last paid order N China days ago with no order since', async () => {
    const journeyId = await journeyWith(t, { type: 'repurchase_due', categoryId: null, days: 45 });
    const [early, due, reordered] = await members(t, 3);
    const at = (days: number) => new Date(NOW.getTime() - days * DAY);
    await insertOrder(t, early!, { status: 'paid', createdAt: at(44), paidAt: at(44) });
    const dueOrder = await insertOrder(t, due!, { status: 'completed', createdAt: at(45), paidAt: at(45), completedAt: at(40) });
    await insertOrder(t, reordered!, { status: 'paid', createdAt: at(50), paidAt: at(50) });
    await insertOrder(t, reordered!, { status: 'cancelled', createdAt: at(10) });
    await scanTwice(t);
    expect(await enrolled(t, journeyId)).toEqual([{ member_id: due, occurrence: `repurchase:${dueOrder}`, context: { orderId: dueOrder } }]);
  });

  it('repurchase_due by category cycle: each category bought is due at its own median gap (last year, ≥ 20 repeats), else at days', async () => {
    const journeyId = await journeyWith(t, { type: 'repurchase_due', categoryId: null, days: 45, byCategoryCycle: true });
    const categoryOf = async () => {
      const sku = await createSellableSku(t, owner.auth);
      const [row] = await queryRows<{ product_id: number; category_id: number }>(
        t.deps.db,
        sql`select s.product_id, p.category_id from skus s join products p on p.id = s.product_id where s.id = ${sku.id}`,
      );
      return { skuId: sku.id, productId: Number(row!.product_id), categoryId: Number(row!.category_id) };
    };
    const coffee = await categoryOf();
    const shampoo = await categoryOf();
    const gap = (categoryId: number, daysAgo: number, gapDays: number, repeats: number) =>
      t.deps.db.execute(sql`insert into stats_category_gaps (day, category_id, gap_days, repeats)
        values (${chinaDatePlus(NOW, -daysAgo)}::date, ${categoryId}, ${gapDays}, ${repeats})`);
    // Coffee: 15 repeats after 30 days and 10 after 31 — median 30. A year and more ago: 1,000 at 5 days (ignored).
    await gap(coffee.categoryId, 10, 30, 15);
    await gap(coffee.categoryId, 20, 31, 10);
    await gap(coffee.categoryId, 370, 5, 1000);
    // Shampoo: 10 repeats, too few for a cycle: 45 days (the trigger's days).
    await gap(shampoo.categoryId, 10, 20, 10);
    const at = (days: number) => new Date(NOW.getTime() - days * DAY);
    const buy = async (memberId: number, days: number, lines: (typeof coffee)[]) => {
      const orderId = await insertOrder(t, memberId, { status: 'completed', createdAt: at(days), paidAt: at(days), completedAt: at(days) });
      for (const [i, line] of lines.entries())
        await t.deps.db.execute(sql`insert into order_lines (order_id, line_no, sku_id, product_id, title, specs, quantity, unit_price_fen,
            public_price_fen, subtotal_fen, discount_fen, payable_fen)
          values (${orderId}, ${i + 1}, ${line.skuId}, ${line.productId}, '商品', '{}'::jsonb, 1, 500, 500, 500, 0, 500)`);
      return orderId;
    };
    const [coffeeDue, coffeeEarly, shampooEarly, shampooDue, both, reordered] = await members(t, 6);
    const a = await buy(coffeeDue!, 30, [coffee]);
    await buy(coffeeEarly!, 29, [coffee]);
    await buy(shampooEarly!, 30, [shampoo]);
    const b = await buy(shampooDue!, 45, [shampoo]);
    const c = await buy(both!, 30, [coffee, shampoo]);
    await buy(reordered!, 30, [coffee]);
    await buy(reordered!, 3, [shampoo]);
    await scanTwice(t);
    expect(await enrolled(t, journeyId)).toEqual(
      [
        { member_id: coffeeDue!, occurrence: `repurchase:${a}:${coffee.categoryId}`, context: { orderId: a, categoryId: coffee.categoryId } },
        { member_id: shampooDue!, occurrence: `repurchase:${b}:${shampoo.categoryId}`, context: { orderId: b, categoryId: shampoo.categoryId } },
        { member_id: both!, occurrence: `repurchase:${c}:${coffee.categoryId}`, context: { orderId: c, categoryId: coffee.categoryId } },
      ].sort((x, y) => x.member_id - y.member_id),
    );
  });

  describe('segments', () => {
    let tagId: number;
    let segmentId: number;

    beforeAll(async () => {
      const name = `t${crypto.randomBytes(4).toString('hex')}`;
      const [group] = await queryRows<{ id: number }>(t.deps.db, sql`insert into tag_groups (name) values (${name}) returning id`);
      const [tag] = await queryRows<{ id: number }>(
        t.deps.db,
        sql`insert into tags (group_id, name, kind) values (${group!.id}, ${name}, 'manual') returning id`,
      );
      tagId = Number(tag!.id);
      const definitionJson = JSON.stringify({ match: 'all', groups: [{ match: 'all', conditions: [{ type: 'tag', op: 'any', tagIds: [tagId] }] }] });
      const [segment] = await queryRows<{ id: number }>(
        t.deps.db,
        sql`insert into segments (name, definition) values (${name}, ${definitionJson}::jsonb) returning id`,
      );
      segmentId = Number(segment!.id);
    });
    const tag = (memberId: number) => t.deps.db.execute(sql`insert into member_tags (member_id, tag_id, source) values (${memberId}, ${tagId}, 'manual')`);
    const untag = (memberId: number) => t.deps.db.execute(sql`delete from member_tags where member_id = ${memberId} and tag_id = ${tagId}`);

    it('segment_entered: the first scan records who is in; later scans enroll newcomers (and returners) once per day', async () => {
      const [already, newcomer, leaver] = await members(t, 3);
      await tag(already!);
      await tag(leaver!);
      const journeyId = await journeyWith(t, { type: 'segment_entered', segmentId });
      await scanTwice(t);
      expect(await enrolled(t, journeyId)).toEqual([]);
      await tag(newcomer!);
      await untag(leaver!);
      await scanTwice(t);
      expect((await enrolled(t, journeyId)).map((row) => [row.member_id, row.occurrence])).toEqual([[newcomer, `segment:${chinaDate(NOW)}`]]);
      // The leaver comes back the next day: they entered again.
      await tag(leaver!);
      const tomorrow = new Date(NOW.getTime() + DAY);
      await scanTwice(t, tomorrow);
      expect((await enrolled(t, journeyId)).map((row) => row.member_id).sort()).toEqual([newcomer, leaver].sort());
      await untag(already!);
      await untag(newcomer!);
      await untag(leaver!);
    });

    it('schedule: the segment at the start and each repeat, occurrence the run date', async () => {
      const [a, b] = await members(t, 2);
      await tag(a!);
      await tag(b!);
      const startAt = new Date(NOW.getTime() + 10 * MIN).toISOString();
      const journeyId = await journeyWith(t, { type: 'schedule', segmentId, startAt, repeat: 'daily' });
      await scanTwice(t);
      expect(await enrolled(t, journeyId)).toEqual([]);
      const atStart = new Date(NOW.getTime() + 10 * MIN);
      await scanTwice(t, atStart);
      expect((await enrolled(t, journeyId)).map((row) => [row.member_id, row.occurrence])).toEqual([
        [a, chinaDate(atStart)],
        [b, chinaDate(atStart)],
      ]);
      await untag(b!);
      const nextDay = new Date(atStart.getTime() + DAY - 1000);
      await scanTwice(t, nextDay);
      expect(await enrolled(t, journeyId)).toHaveLength(2);
      await scanTwice(t, new Date(atStart.getTime() + DAY));
      expect(
        (await enrolled(t, journeyId)).filter((row) => row.occurrence === chinaDate(new Date(atStart.getTime() + DAY))).map((row) => row.member_id),
      ).toEqual([a]);
      await untag(a!);
    });
  });
});
