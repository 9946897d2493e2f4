import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { EXPORT_SYNC_MAX_ROWS, parseCsv, UTF8_BOM } from '@siyu/shared';
import { members, reportExports, staffMessages, statsOrders } from '../../db/schema';
import { queryRows } from '../../lib/sql';
import { concurrencyDrivers, testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { insertChannel, insertMember, insertOrder } from '../channel-report/test-factories';
import { csvSource, PAID_ORDERS_HEADER, processExports, registerCsvSource, type CsvSource } from './index';

/** The body of a binary/text supertest answer as a string. */
function text(res: { text?: string; body?: unknown }): string {
  if (typeof res.text === 'string' && res.text.length > 0) return res.text;
  return Buffer.isBuffer(res.body) ? res.body.toString('utf8') : '';
}

function exportDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'siyu-exports-'));
}

describe.each(testDrivers())('paid-orders CSV, answered directly (%s)', (driver) => {
  let t: TestApp;
  let analyst: TestStaff;

  beforeAll(async () => {
    t = await createTestApp(driver, { env: { EXPORT_DIR: exportDir() } });
    analyst = await createStaff(t, 'analyst');
  });
  afterAll(async () => t?.close());

  it('a small range is the CSV at once: BOM, header, one row per paid order of the range, masked phones', async () => {
    const db = t.deps.db;
    const channelId = await insertChannel(db, { name: '地推, "春季"' });
    const withPhone = await insertMember(db, new Date('2026-10-01T02:00:00Z'), channelId);
    await db.update(members).set(t.deps.phoneCrypto.memberColumns('13812345678')).where(eq(members.id, withPhone));
    const plain = await insertMember(db, new Date('2026-10-01T02:00:00Z'), null);
    const paidA = new Date('2026-10-01T16:30:00Z'); // 10-02 00:30 China
    const paidB = new Date('2026-10-02T15:59:59Z'); // 10-02 23:59:59 China
    const paidOutside = new Date('2026-10-02T16:00:00Z'); // 10-03 China
    const orderA = await insertOrder(db, { memberId: withPhone, payableFen: 12_345, paidAt: paidA, firstChannelId: channelId, lastChannelId: channelId });
    const orderB = await insertOrder(db, { memberId: plain, payableFen: 500, paidAt: paidB, firstChannelId: null, lastChannelId: null });
    const orderC = await insertOrder(db, { memberId: plain, payableFen: 700, paidAt: paidOutside, firstChannelId: null, lastChannelId: null });
    const fact = (orderId: number, memberId: number, paidAt: Date, day: string, paidFen: number, refundedFen: number, channel: number, seq: number) => ({
      orderId,
      memberId,
      paidAt,
      paidDay: day,
      paidFen,
      refundedFen,
      firstChannelId: channel,
      lastChannelId: channel,
      memberSeq: seq,
      cohortMonth: '2026-10-01',
    });
    await db
      .insert(statsOrders)
      .values([
        fact(orderA, withPhone, paidA, '2026-10-02', 12_345, 2_000, channelId, 1),
        fact(orderB, plain, paidB, '2026-10-02', 500, 0, 0, 1),
        fact(orderC, plain, paidOutside, '2026-10-03', 700, 0, 0, 2),
      ])
      .onConflictDoNothing();
    const orderNo = async (id: number) =>
      (await queryRows<{ order_no: string }>(db, sql`select order_no from orders where id = ${id}`))[0] ?? { order_no: '?' };

    const res = await t.request().get('/api/admin/reports/paid-orders.csv?from=2026-10-01&to=2026-10-02').set(analyst.auth).buffer(true).expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const body = text(res);
    expect(body.startsWith(UTF8_BOM)).toBe(true);
    expect(body).not.toContain('13812345678');
    expect(parseCsv(body)).toEqual([
      PAID_ORDERS_HEADER,
      [(await orderNo(orderA)).order_no, '2026-10-02 00:30:00', String(withPhone), '138****5678', '123.45', '20.00', '地推, "春季"'],
      [(await orderNo(orderB)).order_no, '2026-10-02 23:59:59', String(plain), '', '5.00', '0.00', '自然流量'],
    ]);
    expect(await db.select().from(reportExports)).toHaveLength(0);
  });

  it('checks the range and the permission', async () => {
    const service = await createStaff(t, 'service');
    await t.request().get('/api/admin/reports/paid-orders.csv?from=2026-10-01&to=2026-10-02').set(service.auth).expect(403);
    const inverted = await t.request().get('/api/admin/reports/paid-orders.csv?from=2026-10-05&to=2026-10-02').set(analyst.auth).expect(400);
    expect(inverted.body.error.code).toBe('REPORT_RANGE_INVERTED');
    await t.request().get('/api/admin/reports/paid-orders.csv?from=2026-10-01').set(analyst.auth).expect(400);
    await t.request().get('/api/admin/exports/1').set(analyst.auth).expect(404);
  });
});

describe.each(concurrencyDrivers())('paid-orders CSV over 100,000 rows, as a background export (%s)', (driver) => {
  let t: TestApp;
  let analyst: TestStaff;
  let other: TestStaff;
  const TOTAL = EXPORT_SYNC_MAX_ROWS + 5;
  /** China midnight of 2026-10-01; order i is paid i seconds later (the range is three China days). */
  const START_MS = Date.parse('2026-09-30T16:00:00Z');

  beforeAll(async () => {
    t = await createTestApp(driver, { env: { EXPORT_DIR: exportDir() } });
    analyst = await createStaff(t, 'analyst');
    other = await createStaff(t, 'analyst');
    await t.deps.db.execute(sql`
      insert into stats_orders (order_id, member_id, paid_at, paid_day, paid_fen, refunded_fen, first_channel_id, last_channel_id, member_seq, cohort_month)
      select 1000000 + i, 500000 + (i % 997), ts, (ts at time zone 'Asia/Shanghai')::date, 100 + i, case when i % 10 = 0 then 50 else 0 end, 0, 0, 1, '2026-10-01'
      from (select i, to_timestamp(${START_MS / 1000} + i) as ts from generate_series(0, ${TOTAL - 1}) as i) g`);
  }, 120_000);
  afterAll(async () => t?.close());

  it('answers 202, writes the file page by page (progress), then downloads exactly the rows; a 站内信 links to it', async () => {
    const url = '/api/admin/reports/paid-orders.csv?from=2026-10-01&to=2026-10-03';
    const queued = await t.request().get(url).set(analyst.auth).expect(202);
    expect(queued.body).toEqual({ exportId: expect.any(Number), status: 'queued' });
    const id = queued.body.exportId as number;

    const before = await t.request().get(`/api/admin/exports/${id}`).set(analyst.auth).expect(200);
    expect(before.body).toMatchObject({ id, report: 'paid-orders', status: 'queued', totalRows: TOTAL, doneRows: 0, progress: 0, downloadUrl: null });
    const early = await t.request().get(`/api/admin/exports/${id}/download`).set(analyst.auth).expect(409);
    expect(early.body.error.code).toBe('EXPORT_NOT_READY');
    // Another staff member sees nothing of it.
    expect((await t.request().get(`/api/admin/exports/${id}`).set(other.auth).expect(404)).body.error.code).toBe('EXPORT_NOT_FOUND');
    await t.request().get(`/api/admin/exports/${id}/download`).set(other.auth).expect(404);
    expect((await t.request().get('/api/admin/exports').set(other.auth).expect(200)).body.items).toHaveLength(0);

    // Watch the progress the worker records between pages.
    const original = csvSource('paid-orders') as CsvSource;
    const seen: number[] = [];
    registerCsvSource('paid-orders', {
      ...original,
      rows: async (db, params, offset, limit, env) => {
        const [row] = await db.select({ done: reportExports.doneRows, status: reportExports.status }).from(reportExports).where(eq(reportExports.id, id));
        expect(row?.status).toBe('running');
        seen.push(row?.done ?? -1);
        return original.rows(db, params, offset, limit, env);
      },
    });
    try {
      expect(await processExports(t.deps)).toBe(1);
    } finally {
      registerCsvSource('paid-orders', original);
    }
    expect(seen).toEqual(Array.from({ length: 11 }, (_, k) => k * 10_000));

    const done = await t.request().get(`/api/admin/exports/${id}`).set(analyst.auth).expect(200);
    expect(done.body).toMatchObject({ status: 'done', totalRows: TOTAL, doneRows: TOTAL, progress: 1, downloadUrl: `/api/admin/exports/${id}/download` });
    const list = await t.request().get('/api/admin/exports').set(analyst.auth).expect(200);
    expect(list.body.items.map((e: { id: number }) => e.id)).toEqual([id]);

    const res = await t.request().get(`/api/admin/exports/${id}/download`).set(analyst.auth).buffer(true).expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const body = text(res);
    expect(body.startsWith(UTF8_BOM)).toBe(true);
    const records = parseCsv(body);
    expect(records[0]).toEqual(PAID_ORDERS_HEADER);
    expect(records).toHaveLength(TOTAL + 1);
    const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
    for (let i = 0; i < TOTAL; i += 1) {
      const china = new Date(START_MS + i * 1000 + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
      const expected = ['', china, String(500000 + (i % 997)), '', yuan(100 + i), yuan(i % 10 === 0 ? 50 : 0), '自然流量'];
      if (JSON.stringify(records[i + 1]) !== JSON.stringify(expected)) expect({ row: i, got: records[i + 1] }).toEqual({ row: i, got: expected });
    }

    const [message] = await t.deps.db
      .select()
      .from(staffMessages)
      .where(and(eq(staffMessages.staffId, analyst.id), eq(staffMessages.kind, 'export_done')));
    expect(message).toMatchObject({ dedupeKey: String(id), link: `/api/admin/exports/${id}/download` });
    // Nothing left to run.
    expect(await processExports(t.deps)).toBe(0);
  }, 180_000);

  it('a worker that is stopping puts its export back in the queue after the current page', async () => {
    const queued = await t.request().get('/api/admin/reports/paid-orders.csv?from=2026-10-01&to=2026-10-03').set(other.auth).expect(202);
    const id = queued.body.exportId as number;
    expect(await processExports(t.deps, { isStopping: () => true })).toBe(0);
    const again = await t.request().get(`/api/admin/exports/${id}`).set(other.auth).expect(200);
    expect(again.body).toMatchObject({ status: 'queued', doneRows: 0, downloadUrl: null });
    expect(fs.readdirSync(t.deps.config.exportDir).filter((name) => name.startsWith(`export-${id}.`))).toEqual([]);
  }, 60_000);
});
