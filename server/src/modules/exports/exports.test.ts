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
import {
  csvSource,
  EXPORT_KEEP_DAYS,
  EXPORT_STALE_MS,
  expireExports,
  exportFilePath,
  PAID_ORDERS_HEADER,
  processExports,
  registerCsvSource,
  type CsvSource,
} from './index';

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

/** A small in-memory source for the worker tests: `params.n` rows [i, "行i"]; `params.fail` throws after the first page. */
const SMALL = 'exports-test-small';
const SMALL_HEADER = ['序号', '名称'];
registerCsvSource<{ n: number; fail?: boolean }>(SMALL, {
  header: SMALL_HEADER,
  count: async (_db, params) => params.n,
  rows: async (_db, params, offset, limit) => {
    if (params.fail) throw new Error('source broke');
    return Array.from({ length: Math.max(0, Math.min(limit, params.n - offset)) }, (_, k) => [offset + k, `行${offset + k}`]);
  },
});

function smallCsv(n: number): string[][] {
  return [SMALL_HEADER, ...Array.from({ length: n }, (_, i) => [String(i), `行${i}`])];
}

interface ExportRowInit {
  status: string;
  heartbeatAt?: Date | null;
  finishedAt?: Date | null;
  doneRows?: number;
  params?: Record<string, unknown>;
}

describe.each(testDrivers())('background exports: orphaned runs and file expiry (%s)', (driver) => {
  let t: TestApp;
  let analyst: TestStaff;

  beforeAll(async () => {
    t = await createTestApp(driver, { env: { EXPORT_DIR: exportDir() } });
    analyst = await createStaff(t, 'analyst');
    fs.mkdirSync(t.deps.config.exportDir, { recursive: true });
  });
  afterAll(async () => t?.close());

  async function insertExport(init: ExportRowInit): Promise<number> {
    const [row] = await t.deps.db
      .insert(reportExports)
      .values({
        staffId: analyst.id,
        report: SMALL,
        params: init.params ?? { n: 25 },
        status: init.status,
        totalRows: 25,
        doneRows: init.doneRows ?? 0,
        fileName: 'small.csv',
        heartbeatAt: init.heartbeatAt ?? null,
        finishedAt: init.finishedAt ?? null,
        createdAt: t.deps.now(),
      })
      .returning({ id: reportExports.id });
    if (!row) throw new Error('no export');
    return row.id;
  }
  const exportRow = async (id: number) => (await t.deps.db.select().from(reportExports).where(eq(reportExports.id, id)))[0];
  const doneMessages = async (id: number) =>
    t.deps.db
      .select()
      .from(staffMessages)
      .where(and(eq(staffMessages.staffId, analyst.id), eq(staffMessages.kind, 'export_done'), eq(staffMessages.dedupeKey, String(id))));
  const minutesAgo = (minutes: number) => new Date(t.deps.now().getTime() - minutes * 60_000);

  it('a running export whose worker died (stale heartbeat) is taken again from row 0 and finishes once', async () => {
    const id = await insertExport({ status: 'running', heartbeatAt: minutesAgo(3), doneRows: 7 });
    // What the dead worker left: a half-written .part, overwritten by the new run.
    fs.writeFileSync(`${exportFilePath(t.deps, id)}.part`, 'garbage from the dead worker, longer than nothing at all\n'.repeat(200));
    expect(await processExports(t.deps)).toBe(1);
    const row = await exportRow(id);
    expect(row).toMatchObject({ status: 'done', doneRows: 25, totalRows: 25, heartbeatAt: null });
    expect(parseCsv(fs.readFileSync(exportFilePath(t.deps, id), 'utf8'))).toEqual(smallCsv(25));
    expect(fs.existsSync(`${exportFilePath(t.deps, id)}.part`)).toBe(false);
    expect(await doneMessages(id)).toHaveLength(1);
    expect(await processExports(t.deps)).toBe(0);
    expect(await doneMessages(id)).toHaveLength(1);
  });

  it('a running export from before the heartbeat column (null heartbeat) is taken again too', async () => {
    const id = await insertExport({ status: 'running', heartbeatAt: null, doneRows: 3 });
    expect(await processExports(t.deps)).toBe(1);
    expect(await exportRow(id)).toMatchObject({ status: 'done', doneRows: 25 });
    expect(await doneMessages(id)).toHaveLength(1);
  });

  it('a running export with a fresh heartbeat is left to its worker until the heartbeat is 2 minutes old', async () => {
    const beat = minutesAgo(1);
    const id = await insertExport({ status: 'running', heartbeatAt: beat, doneRows: 10_000 });
    expect(await processExports(t.deps)).toBe(0);
    expect(await exportRow(id)).toMatchObject({ status: 'running', doneRows: 10_000, heartbeatAt: beat });
    t.clock.advance(EXPORT_STALE_MS);
    expect(await processExports(t.deps)).toBe(1);
    expect(await exportRow(id)).toMatchObject({ status: 'done', doneRows: 25 });
    expect(await doneMessages(id)).toHaveLength(1);
  });

  it('a worker whose export was taken by another (its heartbeat changed) stops and leaves the row alone', async () => {
    const id = await insertExport({ status: 'queued', params: { n: 25, probe: 1 } });
    const original = csvSource(SMALL) as CsvSource;
    const otherBeat = new Date(t.deps.now().getTime() + 1_000);
    registerCsvSource(SMALL, {
      ...original,
      rows: async (db, params, offset, limit, env) => {
        // Another worker claims it while this one writes its page.
        await db.update(reportExports).set({ heartbeatAt: otherBeat }).where(eq(reportExports.id, id));
        return original.rows(db, params, offset, limit, env);
      },
    });
    try {
      await processExports(t.deps);
    } finally {
      registerCsvSource(SMALL, original);
    }
    expect(await exportRow(id)).toMatchObject({ status: 'running', doneRows: 0, heartbeatAt: otherBeat });
    expect(await doneMessages(id)).toHaveLength(0);
    expect(fs.existsSync(exportFilePath(t.deps, id))).toBe(false);
  });

  it('a failed export leaves no file behind', async () => {
    const id = await insertExport({ status: 'queued', params: { n: 25, fail: true } });
    expect(await processExports(t.deps)).toBe(1);
    expect(await exportRow(id)).toMatchObject({ status: 'failed', error: 'source broke', heartbeatAt: null });
    expect(fs.readdirSync(t.deps.config.exportDir).filter((name) => name.startsWith(`export-${id}.`))).toEqual([]);
  });

  it(`deletes the files of exports finished more than ${EXPORT_KEEP_DAYS} days ago (expired, download 410); newer ones are kept`, async () => {
    const day = 86_400_000;
    const now = t.deps.now().getTime();
    const old = await insertExport({ status: 'done', doneRows: 25, finishedAt: new Date(now - EXPORT_KEEP_DAYS * day - 60_000) });
    const recent = await insertExport({ status: 'done', doneRows: 25, finishedAt: new Date(now - EXPORT_KEEP_DAYS * day + 60_000) });
    for (const id of [old, recent]) fs.writeFileSync(exportFilePath(t.deps, id), 'a,b\r\n');

    expect(await expireExports(t.deps)).toBe(1);
    expect(fs.existsSync(exportFilePath(t.deps, old))).toBe(false);
    expect(fs.existsSync(exportFilePath(t.deps, recent))).toBe(true);
    expect((await exportRow(old))?.status).toBe('expired');
    expect((await exportRow(recent))?.status).toBe('done');
    expect(await expireExports(t.deps)).toBe(0);

    const gone = await t.request().get(`/api/admin/exports/${old}/download`).set(analyst.auth).expect(410);
    expect(gone.body.error.code).toBe('EXPORT_EXPIRED');
    const shown = await t.request().get(`/api/admin/exports/${old}`).set(analyst.auth).expect(200);
    expect(shown.body).toMatchObject({ status: 'expired', downloadUrl: null, progress: 1 });
    await t.request().get(`/api/admin/exports/${recent}/download`).set(analyst.auth).expect(200);
  });
});

describe.each(concurrencyDrivers())('background exports: workers racing on one orphaned export (%s)', (driver) => {
  let t: TestApp;
  let analyst: TestStaff;

  beforeAll(async () => {
    t = await createTestApp(driver, { env: { EXPORT_DIR: exportDir() } });
    analyst = await createStaff(t, 'analyst');
  });
  afterAll(async () => t?.close());

  it('four processExports on one stale running export: one takes it, it finishes once with one message', async () => {
    const [row] = await t.deps.db
      .insert(reportExports)
      .values({
        staffId: analyst.id,
        report: SMALL,
        params: { n: 25 },
        status: 'running',
        totalRows: 25,
        doneRows: 9,
        fileName: 'small.csv',
        heartbeatAt: new Date(t.deps.now().getTime() - 10 * 60_000),
        createdAt: t.deps.now(),
      })
      .returning({ id: reportExports.id });
    const id = row?.id ?? 0;
    const ran = await Promise.all(Array.from({ length: 4 }, () => processExports(t.deps)));
    expect(ran.reduce((a, b) => a + b, 0)).toBe(1);
    const [after] = await t.deps.db.select().from(reportExports).where(eq(reportExports.id, id));
    expect(after).toMatchObject({ status: 'done', doneRows: 25 });
    expect(parseCsv(fs.readFileSync(exportFilePath(t.deps, id), 'utf8'))).toEqual(smallCsv(25));
    const messages = await t.deps.db
      .select()
      .from(staffMessages)
      .where(and(eq(staffMessages.kind, 'export_done'), eq(staffMessages.dedupeKey, String(id))));
    expect(messages).toHaveLength(1);
  });
});
