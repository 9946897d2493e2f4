import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { lifecycleStage, RFM_CELLS, rfmCell } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { appendEvent, drainAllConsumers } from '../events';
import { insertMember, insertOrder, insertRefund } from '../channel-report/test-factories';
import { refreshMemberFacts, saveCrmSettings, settleCrmRebuilds } from '.';
import { chinaDay, DAY, daysAgo, FIXED, NOW, random, THRESHOLDS } from './facts.test-helpers';

/*
 * Member facts and the RFM grid against the ledgers, to the fen: a randomized run of orders (with lines in
 * categories and coupons), partial and full refunds and cancellations, kept by the consumer; every fact is
 * compared with a model written here from the orders and refunds as they were made (not from member_facts'
 * SQL), and GET /api/admin/rfm with the model's cells and with the orders / refunds tables.
 */

interface ModelLine {
  id: number;
  categoryId: number;
  quantity: number;
  refundedQuantity: number;
}
interface ModelOrder {
  id: number;
  memberId: number;
  paidAt: Date | null;
  payableFen: number;
  cancelled: boolean;
  coupon: boolean;
  lines: ModelLine[];
  refunds: number[];
}

const refundedOf = (order: ModelOrder) => order.refunds.reduce((sum, fen) => sum + fen, 0);
const isPaid = (order: ModelOrder) => order.paidAt !== null && !order.cancelled && refundedOf(order) < order.payableFen;

/** The facts the spec asks for, from the model's orders of one member. */
function expectedFacts(orders: ModelOrder[]) {
  const paid = orders.filter(isPaid);
  const net = (order: ModelOrder) => order.payableFen - refundedOf(order);
  const inWindow = paid.filter((order) => daysAgo(order.paidAt!) < FIXED.rfm.windowDays);
  const refunds = orders.filter((order) => order.paidAt !== null).flatMap((order) => order.refunds);
  const netPaid = paid.reduce((sum, order) => sum + net(order), 0);
  const qty = new Map<number, number>();
  for (const order of paid) for (const line of order.lines) qty.set(line.categoryId, (qty.get(line.categoryId) ?? 0) + line.quantity - line.refundedQuantity);
  const favourite = [...qty]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 3)
    .map(([id]) => id);
  const times = paid.map((order) => order.paidAt!.getTime());
  const recency = paid.length ? Math.min(...paid.map((order) => daysAgo(order.paidAt!))) : null;
  const first = paid.length ? Math.max(...paid.map((order) => daysAgo(order.paidAt!))) : null;
  const windowOrders = inWindow.length;
  const windowNet = inWindow.reduce((sum, order) => sum + net(order), 0);
  return {
    paid_orders: paid.length,
    net_paid_fen: netPaid,
    aov_fen: paid.length ? Math.floor(netPaid / paid.length) : 0,
    refunded_fen: refunds.reduce((sum, fen) => sum + fen, 0),
    refund_count: refunds.length,
    coupon_share_bp: paid.length ? Math.floor((paid.filter((order) => order.coupon).length * 10_000) / paid.length) : 0,
    favourite_category_ids: favourite,
    first_paid_at: paid.length ? new Date(Math.min(...times)).toISOString() : null,
    last_paid_at: paid.length ? new Date(Math.max(...times)).toISOString() : null,
    window_orders: windowOrders,
    window_net_fen: windowNet,
    recency_days: recency,
    rfm_cell: recency === null ? null : rfmCell({ recencyDays: recency, frequency: windowOrders, monetaryFen: windowNet }, THRESHOLDS),
    lifecycle: lifecycleStage(first, recency, FIXED.lifecycle),
  };
}

type Expected = ReturnType<typeof expectedFacts>;

async function storedFacts(db: Executor, memberIds: number[]): Promise<Map<number, Expected>> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select member_id, paid_orders, net_paid_fen::text as net_paid_fen, aov_fen::text as aov_fen, refunded_fen::text as refunded_fen, refund_count,
      coupon_share_bp, favourite_category_ids, first_paid_at, last_paid_at, window_orders, window_net_fen::text as window_net_fen, recency_days,
      rfm_cell, lifecycle
    from member_facts where member_id = any(${`{${memberIds.join(',')}}`}::int[])`,
  );
  const iso = (value: unknown) => (value === null ? null : new Date(value as string).toISOString());
  return new Map(
    rows.map((row) => [
      Number(row.member_id),
      {
        paid_orders: Number(row.paid_orders),
        net_paid_fen: Number(row.net_paid_fen),
        aov_fen: Number(row.aov_fen),
        refunded_fen: Number(row.refunded_fen),
        refund_count: Number(row.refund_count),
        coupon_share_bp: Number(row.coupon_share_bp),
        favourite_category_ids: (row.favourite_category_ids as number[]).map(Number),
        first_paid_at: iso(row.first_paid_at),
        last_paid_at: iso(row.last_paid_at),
        window_orders: Number(row.window_orders),
        window_net_fen: Number(row.window_net_fen),
        recency_days: row.recency_days === null ? null : Number(row.recency_days),
        rfm_cell: row.rfm_cell as Expected['rfm_cell'],
        lifecycle: row.lifecycle as Expected['lifecycle'],
      },
    ]),
  );
}

const insertId = async (db: Executor, statement: ReturnType<typeof sql>): Promise<number> => Number((await queryRows<{ id: number }>(db, statement))[0]!.id);

describe.each(testDrivers())('member facts and the RFM grid against the ledgers on %s', (driver) => {
  let t: TestApp;
  let analyst: TestStaff;

  beforeAll(async () => {
    t = await createTestApp(driver);
    analyst = await createStaff(t, 'analyst');
    await saveCrmSettings(t.deps.db, { settings: FIXED, thresholds: THRESHOLDS });
  });
  afterAll(async () => {
    await settleCrmRebuilds(t.deps.db);
    await t.close();
  });

  it('keeps every fact equal to the orders and refunds to the fen, incrementally and after the rebuild; the grid adds up to the ledgers', async () => {
    const db = t.deps.db;
    const rand = random(20_261_206);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const stamp = crypto.randomBytes(3).toString('hex');
    const products: { id: number; skuId: number; categoryId: number }[] = [];
    for (let c = 0; c < 4; c += 1) {
      const categoryId = await insertId(db, sql`insert into categories (name) values (${`类${stamp}${c}`}) returning id`);
      for (let p = 0; p < 2; p += 1) {
        const id = await insertId(
          db,
          sql`insert into products (category_id, title, role) values (${categoryId}, ${`品${stamp}${c}${p}`}, 'hero') returning id`,
        );
        const skuId = await insertId(
          db,
          sql`insert into skus (product_id, specs, public_price_fen, private_price_fen, cost_price_fen) values (${id}, '{}'::jsonb, 1000, 900, 500) returning id`,
        );
        products.push({ id, skuId, categoryId });
      }
    }
    const templateId = await insertId(
      db,
      sql`insert into coupon_templates (name, rule, scope, stacking_group, validity_kind, valid_from, valid_to, visibility, face_value_fen)
        values (${`账券${stamp}`}, '{"kind":"fixed_off","offFen":100}'::jsonb, '{"kind":"all"}'::jsonb, 'coupon', 'window',
          ${new Date(NOW.getTime() - 500 * DAY)}, ${new Date(NOW.getTime() + 30 * DAY)}, 'hidden', 100) returning id`,
    );

    const members: number[] = [];
    for (let i = 0; i < 24; i += 1) members.push(await insertMember(db, new Date(NOW.getTime() - 500 * DAY), null));
    const orders: ModelOrder[] = [];
    const drain = () => drainAllConsumers(db, () => NOW);

    for (let step = 0; step < 160; step += 1) {
      const action = rand();
      const paidOrders = orders.filter((order) => order.paidAt !== null && !order.cancelled && refundedOf(order) < order.payableFen);
      if (action < 0.55 || paidOrders.length === 0) {
        // A paid order (a few left unpaid, some cancelled unpaid), 1–3 lines, sometimes with a coupon.
        const memberId = pick(members);
        const unpaid = rand() < 0.12;
        const paidAt = unpaid ? null : new Date(NOW.getTime() - Math.floor(rand() * 420 * DAY));
        const payableFen = 500 + Math.floor(rand() * 60_000);
        const id = await insertOrder(db, { memberId, paidAt, payableFen, firstChannelId: null, lastChannelId: null });
        const order: ModelOrder = { id, memberId, paidAt, payableFen, cancelled: false, coupon: false, lines: [], refunds: [] };
        for (let n = 1 + Math.floor(rand() * 3), lineNo = 1; lineNo <= n; lineNo += 1) {
          const product = pick(products);
          const quantity = 1 + Math.floor(rand() * 4);
          const lineId = await insertId(
            db,
            sql`insert into order_lines (order_id, line_no, sku_id, product_id, title, specs, quantity, unit_price_fen, public_price_fen, subtotal_fen, discount_fen, payable_fen)
              values (${id}, ${lineNo}, ${product.skuId}, ${product.id}, 't', '{}'::jsonb, ${quantity}, 100, 100, ${quantity * 100}, 0, ${quantity * 100}) returning id`,
          );
          order.lines.push({ id: lineId, categoryId: product.categoryId, quantity, refundedQuantity: 0 });
        }
        if (paidAt && rand() < 0.3) {
          order.coupon = true;
          await db.execute(sql`insert into member_coupons (template_id, member_id, source, source_key, status, valid_from, expires_at, used_at, used_order_id)
            values (${templateId}, ${memberId}, 'issue', ${`ledger:${stamp}:${id}`}, 'used', ${new Date(NOW.getTime() - 500 * DAY)},
              ${new Date(NOW.getTime() + 30 * DAY)}, ${paidAt}, ${id})`);
        }
        if (!paidAt && rand() < 0.5) {
          order.cancelled = true;
          await db.execute(sql`update orders set status = 'cancelled', cancelled_at = ${NOW.toISOString()}::timestamptz where id = ${id}`);
          await appendEvent(db, { type: 'order.cancelled', occurredAt: NOW, memberId, orderId: id, payload: { reason: 'test' } });
        }
        orders.push(order);
      } else {
        // A refund of a paid order: a whole line's quantity back (and its share of money), or all that is left.
        const order = pick(paidOrders);
        const left = order.payableFen - refundedOf(order);
        const full = rand() < 0.4;
        const amount = full ? left : Math.max(1, Math.floor(left / (2 + Math.floor(rand() * 3))));
        const line = pick(order.lines);
        const back = full ? line.quantity - line.refundedQuantity : Math.min(1, line.quantity - line.refundedQuantity);
        if (back > 0) {
          line.refundedQuantity += back;
          await db.execute(sql`update order_lines set refunded_quantity = ${line.refundedQuantity} where id = ${line.id}`);
        }
        const at = new Date(Math.min(NOW.getTime(), order.paidAt!.getTime() + DAY));
        await insertRefund(db, order.id, amount, at);
        order.refunds.push(amount);
        // A refused refund is in the ledger but moves no money.
        if (rand() < 0.2) await insertRefund(db, order.id, 1, at, 'rejected');
      }
      if (step % 40 === 39) await drain();
    }
    await drain();

    const expected = new Map(members.map((id) => [id, expectedFacts(orders.filter((order) => order.memberId === id))]));
    const check = async (label: string) => {
      const stored = await storedFacts(db, members);
      for (const id of members) expect({ label, id, ...stored.get(id) }).toEqual({ label, id, ...expected.get(id) });
    };
    await check('incremental');
    // The run covers what it means to: refunds, coupons, several categories, every kind of member.
    const all = [...expected.values()];
    expect(all.some((e) => e.refund_count > 0 && e.paid_orders > 0)).toBe(true);
    expect(all.some((e) => e.coupon_share_bp > 0 && e.coupon_share_bp < 10_000)).toBe(true);
    expect(all.some((e) => e.favourite_category_ids.length === 3)).toBe(true);
    expect(new Set(all.map((e) => e.rfm_cell)).size).toBeGreaterThanOrEqual(4);

    await refreshMemberFacts(db, null, NOW, { batchSize: 5 });
    await check('rebuild');

    // The grid through HTTP: each cell's members and GMV from the model, and the whole from the ledger tables.
    const rfm = await t.request().get('/api/admin/rfm').set(analyst.auth);
    expect(rfm.status).toBe(200);
    const cells = rfm.body.cells as { code: string; name: string; members: number; gmvFen: number; memberShareBp: number; gmvShareBp: number }[];
    expect(cells.map((cell) => [cell.code, cell.name])).toEqual(RFM_CELLS.map((cell) => [cell.code, cell.name]));
    for (const cell of cells) {
      const inCell = all.filter((e) => e.rfm_cell === cell.code);
      expect({ code: cell.code, members: cell.members, gmvFen: cell.gmvFen }).toEqual({
        code: cell.code,
        members: inCell.length,
        gmvFen: inCell.reduce((sum, e) => sum + e.window_net_fen, 0),
      });
    }
    expect(rfm.body.prospects).toBe(all.filter((e) => e.rfm_cell === null).length);
    expect(rfm.body.totalMembers).toBe(members.length);
    // The ledger: paid, not cancelled orders in the window (China days 0 … 364), less their succeeded refunds.
    const windowStart = new Date(Date.parse(`${chinaDay(NOW)}T00:00:00+08:00`) - (FIXED.rfm.windowDays - 1) * DAY);
    const [ledger] = await queryRows<{ payable: string; refunded: string }>(
      db,
      sql`select coalesce(sum(o.payable_fen), 0)::text as payable,
          coalesce((select sum(r.amount_fen) from refunds r join orders o2 on o2.id = r.order_id
            where r.status = 'succeeded' and o2.paid_at >= ${windowStart.toISOString()}::timestamptz and o2.status <> 'cancelled'), 0)::text as refunded
        from orders o where o.paid_at >= ${windowStart.toISOString()}::timestamptz and o.status <> 'cancelled'`,
    );
    expect(rfm.body.gmvFen).toBe(Number(ledger!.payable) - Number(ledger!.refunded));
    expect(cells.reduce((sum, cell) => sum + cell.gmvFen, 0)).toBe(rfm.body.gmvFen);
    expect(cells.reduce((sum, cell) => sum + cell.memberShareBp, 0)).toBe(10_000);
    expect(cells.reduce((sum, cell) => sum + cell.gmvShareBp, 0)).toBe(10_000);
  });
  it('derives the acquisition and last channel and the last active time from attribution, matched touches and orders', async () => {
    const db = t.deps.db;
    const stamp = crypto.randomBytes(3).toString('hex');
    const channel = async (name: string) =>
      insertId(db, sql`insert into channels (kind, name, status) values ('package_card', ${`${name}${stamp}`}, 'active') returning id`);
    const [a, b, c] = [await channel('甲'), await channel('乙'), await channel('丙')];
    const at = (days: number) => new Date(NOW.getTime() - days * DAY);
    const touch = async (memberId: number, channelId: number | null, status: string, when: Date) => {
      const [row] = await queryRows<{ id: string }>(
        db,
        sql`insert into touches (occurred_at, source, status, channel_id, member_id, scene) values (${when.toISOString()}::timestamptz, 'app_launch',
          ${status}, ${channelId}, ${memberId}, 'c=x') returning id::text as id`,
      );
      await appendEvent(db, { type: 'touches.recorded', occurredAt: when, payload: { touchIds: [Number(row!.id)] } });
    };
    // Only attributed: the acquisition channel is the last one too; never active.
    const onlyAttributed = await insertMember(db, at(300), a);
    // An order attributed last to 乙: its channel is the last; active when the order was made.
    const ordered = await insertMember(db, at(300), a);
    await insertOrder(db, { memberId: ordered, paidAt: at(20), payableFen: 1000, firstChannelId: a, lastChannelId: b });
    // A matched touch of 乙 after an order of 丙 wins; a later touch with no usable code moves the last active time only.
    const touched = await insertMember(db, at(300), a);
    await insertOrder(db, { memberId: touched, paidAt: at(20), payableFen: 1000, firstChannelId: a, lastChannelId: c });
    await touch(touched, b, 'matched', at(10));
    await touch(touched, c, 'unknown_code', at(5));
    // Organic: no attribution channel, no channel anywhere; an unpaid order still counts as activity.
    const organic = await insertMember(db, at(300), null);
    await insertOrder(db, { memberId: organic, paidAt: null, payableFen: 1000, firstChannelId: null, lastChannelId: null });
    await drainAllConsumers(db, () => NOW);
    const [organicOrder] = await queryRows<{ created_at: string }>(db, sql`select created_at from orders where member_id = ${organic}`);
    const rows = await queryRows<{ member_id: number; first_channel_id: number | null; last_channel_id: number | null; last_active_at: string | null }>(
      db,
      sql`select member_id, first_channel_id, last_channel_id, last_active_at from member_facts
        where member_id in (${onlyAttributed}, ${ordered}, ${touched}, ${organic}) order by member_id`,
    );
    const iso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());
    expect(rows.map((row) => [Number(row.member_id), row.first_channel_id, row.last_channel_id, iso(row.last_active_at)])).toEqual([
      [onlyAttributed, a, a, null],
      [ordered, a, b, at(20).toISOString()],
      [touched, a, b, at(5).toISOString()],
      [organic, null, null, iso(organicOrder!.created_at)],
    ]);
  });
});
