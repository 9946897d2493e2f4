import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { parseCsv, type Order } from '@siyu/shared';
import { auditLog, members, orders } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createAddress, createSellableSku, orderOf, placeOrder } from '../orders/test-factories';

describe.each(testDrivers())('admin order operations on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  /** A member with a bound phone and a unique nickname. */
  async function buyer(): Promise<TestMember & { phone: string; nickname: string }> {
    const member = await loginMember(t);
    const phone = `139${String(crypto.randomInt(1e8)).padStart(8, '0')}`;
    const nickname = `买家${crypto.randomBytes(3).toString('hex')}`;
    await t.deps.db
      .update(members)
      .set({ nickname, phoneCipher: t.deps.phoneCrypto.encrypt(phone), phoneHash: t.deps.phoneCrypto.hash(phone) })
      .where(eq(members.id, member.id));
    return { ...member, phone, nickname };
  }

  async function order(member: TestMember, { quantity = 1, isPaid = true, priceFen = 1990 } = {}): Promise<Order> {
    const sku = await createSellableSku(t, owner.auth, { stock: 20, privatePriceFen: priceFen, publicPriceFen: priceFen * 2, costPriceFen: 1 });
    const placed = orderOf((await placeOrder(t, member, await createAddress(t, member), [{ skuId: sku.id, quantity }])).body);
    if (isPaid) {
      await t.request().post(`/api/orders/${placed.id}/pay`).set(member.auth).expect(200);
      await t.paySimulator.pay(placed.orderNo);
    }
    return placed;
  }

  const shipImport = (csv: string, dryRun = false) => t.request().post('/api/admin/orders/ship-import').set(owner.auth).send({ csv, dryRun });
  const statusOf = async (id: number) => (await t.deps.db.select({ status: orders.status }).from(orders).where(eq(orders.id, id)))[0]?.status;

  describe('POST /api/admin/orders/ship-import', () => {
    it('ships nothing when one row is bad, and the report names the row and why', async () => {
      const member = await buyer();
      const [a, b, unpaid] = [await order(member), await order(member), await order(member, { isPaid: false })];
      const csv = [
        '订单号,快递公司,快递单号',
        `${a.orderNo},顺丰速运,SF100000001`,
        `${b.orderNo},中通快递,bad no!`,
        `${unpaid.orderNo},圆通,YT100000003`,
        'NOSUCH123456,圆通,YT100000004',
      ].join('\r\n');
      const res = await shipImport(csv);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ committed: false, summary: { rows: 4, valid: 1, invalid: 3, shipped: 0 } });
      expect(res.body.rows).toEqual([
        expect.objectContaining({ row: 2, status: 'not_shipped', errors: [] }),
        expect.objectContaining({ row: 3, status: 'invalid', errors: [{ column: '快递单号', message: '快递单号须为 6–40 位字母、数字或 "-"' }] }),
        expect.objectContaining({ row: 4, status: 'invalid', errors: [{ column: '订单号', message: '订单待付款，只有待发货的订单可以发货' }] }),
        expect.objectContaining({ row: 5, status: 'invalid', errors: [{ column: '订单号', message: '订单不存在' }] }),
      ]);
      expect([await statusOf(a.id), await statusOf(b.id)]).toEqual(['paid', 'paid']);
      expect(await t.deps.db.$count(auditLog, and(eq(auditLog.action, 'order.ship'), eq(auditLog.targetId, String(a.id))))).toBe(0);
    });

    it('ships every row of a good file, each audited, and a dry run ships nothing', async () => {
      const member = await buyer();
      const [a, b] = [await order(member), await order(member)];
      const csv = `\uFEFF订单号,快递公司,快递单号\n${a.orderNo},顺丰速运,SF200000001\n${b.orderNo},"中通快递",ZT200000002\n\n`;
      const dry = await shipImport(csv, true);
      expect(dry.body).toMatchObject({ committed: false, summary: { valid: 2, invalid: 0, shipped: 0 } });
      expect(dry.body.rows.map((row: { status: string }) => row.status)).toEqual(['valid', 'valid']);
      expect(await statusOf(a.id)).toBe('paid');
      const res = await shipImport(csv);
      expect(res.body).toMatchObject({ committed: true, summary: { rows: 2, shipped: 2 } });
      const shipped = await t.request().get(`/api/admin/orders/${b.id}`).set(owner.auth);
      expect(shipped.body).toMatchObject({ status: 'shipped', carrier: '中通快递', trackingNo: 'ZT200000002' });
      expect(await t.deps.db.$count(auditLog, and(eq(auditLog.action, 'order.ship'), eq(auditLog.targetId, String(a.id))))).toBe(1);
      // The same file again: both rows are now invalid (already shipped).
      expect((await shipImport(csv)).body.summary).toMatchObject({ invalid: 2, shipped: 0 });
    });

    it('refuses a file whose header is not the template with CSV_COLUMNS_INVALID, and a duplicate order number per row', async () => {
      expect((await shipImport('a,b,c\n1,2,3')).body.error.code).toBe('CSV_COLUMNS_INVALID');
      const member = await buyer();
      const a = await order(member);
      const res = await shipImport(`订单号,快递公司,快递单号\n${a.orderNo},顺丰,SF300000001\n${a.orderNo},顺丰,SF300000002`);
      expect(res.body.rows[1].errors).toEqual([{ column: '订单号', message: '与第 2 行的订单号重复' }]);
    });

    it('is for roles that ship (analyst 403)', async () => {
      const analyst = await createStaff(t, 'analyst');
      expect((await t.request().post('/api/admin/orders/ship-import').set(analyst.auth).send({ csv: 'x' })).status).toBe(403);
    });
  });

  describe('GET /api/admin/orders/export.csv', () => {
    it('answers text/csv with one row per filtered order, reconciling to the fen with the orders', async () => {
      const member = await buyer();
      const placed = [
        await order(member, { quantity: 3, priceFen: 1333 }),
        await order(member, { priceFen: 9999 }),
        await order(member, { isPaid: false, priceFen: 1001 }),
      ];
      const res = await t
        .request()
        .get('/api/admin/orders/export.csv')
        .query({ memberId: member.id })
        .set(owner.auth)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toContain('attachment');
      const [header, ...rows] = parseCsv(res.body as string);
      expect(header?.slice(0, 4)).toEqual(['订单号', '下单时间', '状态', '买家']);
      expect(rows.map((row) => row[0])).toEqual(placed.map((o) => o.orderNo).reverse());
      const payableColumn = header?.indexOf('实付') ?? -1;
      const exportedFen = rows.reduce((sum, row) => sum + Math.round(Number(row[payableColumn]) * 100), 0);
      const stored = await t.deps.db.select({ payableFen: orders.payableFen }).from(orders).where(eq(orders.memberId, member.id));
      expect(exportedFen).toBe(stored.reduce((sum, row) => sum + row.payableFen, 0));
      expect(rows[0]?.[3]).toBe(member.nickname);
      expect(rows[0]?.[4]).toBe(`${member.phone.slice(0, 3)}****${member.phone.slice(7)}`);
      expect((res.body as string).includes(member.phone)).toBe(false);
      const paidOnly = await t.request().get('/api/admin/orders/export.csv').query({ memberId: member.id, status: 'paid' }).set(owner.auth);
      expect(parseCsv(paidOnly.text)).toHaveLength(3);
    });

    it('streams every page of a large filter (more orders than one page holds)', async () => {
      const member = await buyer();
      const first = await order(member, { isPaid: false });
      const [row] = await t.deps.db.select().from(orders).where(eq(orders.id, first.id));
      if (!row) throw new Error('no order');
      const { id: _id, ...copy } = row;
      await t.deps.db
        .insert(orders)
        .values(Array.from({ length: 450 }, (_, index) => ({ ...copy, orderNo: `${row.orderNo}C${index}`, idempotencyKey: `copy-${index}` })));
      const res = await t.request().get('/api/admin/orders/export.csv').query({ memberId: member.id }).set(owner.auth);
      expect(parseCsv(res.text)).toHaveLength(1 + 451);
    });
  });

  describe('GET /api/admin/orders search and status counts', () => {
    it('finds a buyer by exact phone (through the lookup hash), by nickname and by order number', async () => {
      const member = await buyer();
      const placed = await order(member);
      const search = async (q: string) => (await t.request().get('/api/admin/orders').query({ q }).set(owner.auth)).body.items.map((o: { id: number }) => o.id);
      expect(await search(member.phone)).toEqual([placed.id]);
      expect(await search(member.phone.replace(/.$/, (d) => String((Number(d) + 1) % 10)))).not.toContain(placed.id);
      expect(await search(member.nickname.slice(2))).toEqual([placed.id]);
      expect(await search(placed.orderNo)).toEqual([placed.id]);
      expect((await t.request().get('/api/admin/orders').query({ q: member.phone }).set(owner.auth)).body.items[0].buyer).toMatchObject({
        nickname: member.nickname,
        phoneMasked: `${member.phone.slice(0, 3)}****${member.phone.slice(7)}`,
      });
    });

    it('counts orders per status tab under the same filters', async () => {
      const member = await buyer();
      await order(member);
      await order(member);
      await order(member, { isPaid: false });
      const res = await t.request().get('/api/admin/orders/status-counts').query({ q: member.phone }).set(owner.auth);
      expect(res.status).toBe(200);
      expect(res.body.all).toBe(3);
      expect(res.body.byStatus).toMatchObject({ paid: 2, pending_payment: 1, shipped: 0 });
    });
  });

  describe('PUT /api/admin/orders/:id/tracking', () => {
    it('corrects the tracking number of a shipped order, audited old → new', async () => {
      const member = await buyer();
      const placed = await order(member);
      await t.request().post(`/api/admin/orders/${placed.id}/ship`).set(owner.auth).send({ carrier: '顺丰速运', trackingNo: 'SF400000001' }).expect(200);
      const res = await t.request().put(`/api/admin/orders/${placed.id}/tracking`).set(owner.auth).send({ carrier: '京东快递', trackingNo: 'JD400000002' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ carrier: '京东快递', trackingNo: 'JD400000002', status: 'shipped' });
      const [audit] = await t.deps.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'order.tracking_update'), eq(auditLog.targetId, String(placed.id))));
      expect(audit).toMatchObject({ before: { carrier: '顺丰速运', trackingNo: 'SF400000001' }, after: { carrier: '京东快递', trackingNo: 'JD400000002' } });
    });

    it('refuses an order that has not shipped with ORDER_STATUS_CONFLICT', async () => {
      const placed = await order(await buyer());
      const res = await t.request().put(`/api/admin/orders/${placed.id}/tracking`).set(owner.auth).send({ carrier: '京东快递', trackingNo: 'JD400000003' });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'ORDER_STATUS_CONFLICT', details: { status: 'paid' } });
    });
  });

  describe('merchant notes', () => {
    it('are staff-only: audited, listed for staff, never in any member API', async () => {
      const member = await buyer();
      const placed = await order(member);
      const secret = `老客户，优先发货 ${crypto.randomBytes(4).toString('hex')}`;
      const added = await t.request().post(`/api/admin/orders/${placed.id}/notes`).set(owner.auth).send({ note: secret });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ note: secret, staffId: owner.id });
      const analyst = await createStaff(t, 'analyst');
      expect((await t.request().get(`/api/admin/orders/${placed.id}/notes`).set(analyst.auth)).body.items).toEqual([expect.objectContaining({ note: secret })]);
      expect((await t.request().post(`/api/admin/orders/${placed.id}/notes`).set(analyst.auth).send({ note: 'x' })).status).toBe(403);
      expect(await t.deps.db.$count(auditLog, and(eq(auditLog.action, 'order.note'), eq(auditLog.targetId, String(placed.id))))).toBe(1);
      const memberViews = [
        await t.request().get(`/api/orders/${placed.id}`).set(member.auth),
        await t.request().get('/api/orders').set(member.auth),
        await t.request().get(`/api/orders/${placed.id}/refunds`).set(member.auth),
      ];
      for (const view of memberViews) {
        expect(view.status).toBe(200);
        expect(JSON.stringify(view.body)).not.toContain(secret);
      }
      expect((await t.request().get(`/api/admin/orders/${placed.id}/notes`).set(member.auth)).status).toBe(401);
    });

    it('refuses an empty note (400) and an unknown order (404)', async () => {
      const placed = await order(await buyer());
      expect((await t.request().post(`/api/admin/orders/${placed.id}/notes`).set(owner.auth).send({ note: '  ' })).status).toBe(400);
      expect((await t.request().post('/api/admin/orders/2147483000/notes').set(owner.auth).send({ note: '备注' })).body.error.code).toBe('ORDER_NOT_FOUND');
    });
  });
});
