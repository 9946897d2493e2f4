import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { subscribeGrants, subscribeTemplates } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { auditRows } from '../catalog/test-factories';
import { DEFAULT_SUBSCRIBE_TEMPLATES } from './defaults';

const UNPAID = DEFAULT_SUBSCRIBE_TEMPLATES.find((template) => template.key === 'order_unpaid')!;
const SHIPPED = DEFAULT_SUBSCRIBE_TEMPLATES.find((template) => template.key === 'order_shipped')!;
const COUPON = DEFAULT_SUBSCRIBE_TEMPLATES.find((template) => template.key === 'coupon_expiring')!;

describe.each(testDrivers())('subscribe templates and grants API (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let operator: TestStaff;
  let analyst: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    [owner, operator, analyst] = await Promise.all([createStaff(t, 'owner'), createStaff(t, 'operator'), createStaff(t, 'analyst')]);
  });
  afterAll(() => t.close());

  const newTemplate = (overrides: Record<string, unknown> = {}) => ({
    key: `k_${crypto.randomBytes(4).toString('hex')}`,
    templateId: `tpl${crypto.randomBytes(12).toString('hex')}`,
    title: '到货提醒',
    fields: [
      { key: 'thing1', label: '商品', placeholder: '{{order.item}}' },
      { key: 'thing2', label: '提示', placeholder: '您关注的商品到货了' },
    ],
    page: 'pages/product/index',
    scenes: ['restock'],
    ...overrides,
  });

  it('migration 0022 seeds the default templates exactly as defaults.ts declares them', async () => {
    const rows = await t.deps.db.select().from(subscribeTemplates);
    for (const seed of DEFAULT_SUBSCRIBE_TEMPLATES) {
      const row = rows.find((candidate) => candidate.key === seed.key);
      expect(row && { key: row.key, templateId: row.templateId, title: row.title, fields: row.fields, page: row.page, scenes: row.scenes }).toEqual(seed);
      expect(row?.enabled).toBe(true);
    }
  });

  it('GET /api/subscribe-templates?scene= lists at most 3 enabled template ids of the scene, without login', async () => {
    const res = await t.request().get('/api/subscribe-templates?scene=payment');
    expect(res.status).toBe(200);
    expect(res.body.templateIds).toEqual(expect.arrayContaining([UNPAID.templateId, SHIPPED.templateId]));
    expect(res.body.templateIds.length).toBeLessThanOrEqual(3);
    const coupon = await t.request().get('/api/subscribe-templates?scene=coupon');
    expect(coupon.body.templateIds).toContain(COUPON.templateId);
    for (const query of ['', '?scene=nope', '?scene=payment&x=1']) expect((await t.request().get(`/api/subscribe-templates${query}`)).status).toBe(400);
  });

  describe('admin CRUD', () => {
    it('an operator creates and edits a template (audited); an analyst reads but cannot write', async () => {
      const body = newTemplate();
      const created = await t.request().post('/api/admin/messaging/subscribe-templates').set(operator.auth).send(body);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ key: body.key, templateId: body.templateId, enabled: true, scenes: ['restock'] });
      const patched = await t
        .request()
        .patch(`/api/admin/messaging/subscribe-templates/${created.body.id}`)
        .set(operator.auth)
        .send({ title: '补货到货提醒', enabled: false });
      expect([patched.status, patched.body.title, patched.body.enabled]).toEqual([200, '补货到货提醒', false]);
      expect(await auditRows(t, 'subscribe_template.create', created.body.id)).toHaveLength(1);
      expect(await auditRows(t, 'subscribe_template.update', created.body.id)).toHaveLength(1);
      const list = await t.request().get('/api/admin/messaging/subscribe-templates').set(analyst.auth);
      expect(list.status).toBe(200);
      expect(list.body.items.map((item: { key: string }) => item.key)).toEqual(expect.arrayContaining([body.key, 'order_unpaid']));
      expect((await t.request().post('/api/admin/messaging/subscribe-templates').set(analyst.auth).send(newTemplate())).status).toBe(403);
      expect((await t.request().patch(`/api/admin/messaging/subscribe-templates/${created.body.id}`).set(analyst.auth).send({ title: 'x' })).status).toBe(403);
      // A disabled template is not asked for.
      expect((await t.request().get('/api/subscribe-templates?scene=restock')).body.templateIds).not.toContain(body.templateId);
    });

    it('refuses field keys WeChat has no type for, duplicate keys, too-long default text and unknown placeholders, naming the field', async () => {
      const cases: [unknown[], string][] = [
        [[{ key: 'stuff1', label: '商品', placeholder: '' }], 'body.fields.0.key'],
        [
          [
            { key: 'thing1', label: '商品', placeholder: '' },
            { key: 'thing1', label: '又一个', placeholder: '' },
          ],
          'body.fields.1.key',
        ],
        [[{ key: 'thing1', label: '提示', placeholder: '这是一段远远超过二十个字的默认提示文字内容会被微信拒绝的' }], 'body.fields.0.placeholder'],
        [[{ key: 'thing1', label: '提示', placeholder: '{{order.nope}}' }], 'body.fields.0.placeholder'],
        [[{ key: 'thing1', label: '提示', placeholder: '亲爱的{{member.name}}，您的{{order.item}}' }], 'body.fields.0.placeholder'],
        [[{ key: 'phrase1', label: '状态', placeholder: '已经发货啦啦' }], 'body.fields.0.placeholder'],
      ];
      for (const [fields, field] of cases) {
        const res = await t.request().post('/api/admin/messaging/subscribe-templates').set(owner.auth).send(newTemplate({ fields }));
        expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
      }
      const patch = await t
        .request()
        .patch(`/api/admin/messaging/subscribe-templates/1`)
        .set(owner.auth)
        .send({ fields: [{ key: 'bogus', label: 'x', placeholder: '' }] });
      expect(patch.status).toBe(400);
    });

    it('refuses a taken key or WeChat template id (400, the field named), an unknown id (404), and writes nothing', async () => {
      const before = (await t.deps.db.select().from(subscribeTemplates)).length;
      const dupKey = await t
        .request()
        .post('/api/admin/messaging/subscribe-templates')
        .set(owner.auth)
        .send(newTemplate({ key: 'order_unpaid' }));
      expect([dupKey.status, dupKey.body.error.details.issues[0].field]).toEqual([400, 'body.key']);
      const dupId = await t
        .request()
        .post('/api/admin/messaging/subscribe-templates')
        .set(owner.auth)
        .send(newTemplate({ templateId: UNPAID.templateId }));
      expect([dupId.status, dupId.body.error.details.issues[0].field]).toEqual([400, 'body.templateId']);
      expect((await t.deps.db.select().from(subscribeTemplates)).length).toBe(before);
      const missing = await t.request().patch('/api/admin/messaging/subscribe-templates/2147483647').set(owner.auth).send({ title: '无' });
      expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
      const badPage = await t
        .request()
        .post('/api/admin/messaging/subscribe-templates')
        .set(owner.auth)
        .send(newTemplate({ page: '/pages/x' }));
      expect(badPage.status).toBe(400);
    });
  });

  describe('member grants', () => {
    it('records one grant per accept of a configured template; a retry with the same requestId adds nothing', async () => {
      const member = await loginMember(t);
      const requestId = crypto.randomUUID();
      const body = { requestId, source: 'payment', results: { [UNPAID.templateId]: 'accept', [SHIPPED.templateId]: 'reject', unknownTemplate01: 'accept' } };
      const first = await t.request().post('/api/me/subscriptions').set(member.auth).send(body);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ granted: 1, ignored: ['unknownTemplate01'] });
      const retry = await t.request().post('/api/me/subscriptions').set(member.auth).send(body);
      expect(retry.body.granted).toBe(0);
      const again = await t
        .request()
        .post('/api/me/subscriptions')
        .set(member.auth)
        .send({ ...body, requestId: crypto.randomUUID() });
      expect(again.body.balances).toEqual([{ templateId: UNPAID.templateId, remaining: 2 }]);
      const mine = await t.request().get('/api/me/subscriptions').set(member.auth);
      expect(mine.body.items.find((item: { key: string }) => item.key === 'order_unpaid')).toMatchObject({ remaining: 2 });
      expect(mine.body.items.find((item: { key: string }) => item.key === 'order_shipped')).toMatchObject({ remaining: 0 });
      const ledger = await t.deps.db.select().from(subscribeGrants).where(eq(subscribeGrants.memberId, member.id));
      expect(ledger.map((row) => [row.delta, row.source])).toEqual([
        [1, 'payment'],
        [1, 'payment'],
      ]);
    });

    it('keeps members apart: one member’s accepts and requestIds never show up for another', async () => {
      const [a, b] = await Promise.all([loginMember(t), loginMember(t)]);
      const requestId = crypto.randomUUID();
      await t
        .request()
        .post('/api/me/subscriptions')
        .set(a.auth)
        .send({ requestId, source: 'coupon', results: { [COUPON.templateId]: 'accept' } });
      // The same requestId from another member is that member's own call.
      const other = await t
        .request()
        .post('/api/me/subscriptions')
        .set(b.auth)
        .send({ requestId, source: 'coupon', results: { [COUPON.templateId]: 'accept' } });
      expect(other.body.granted).toBe(1);
      await t
        .request()
        .post('/api/me/subscriptions')
        .set(a.auth)
        .send({ requestId: crypto.randomUUID(), source: 'coupon', results: { [COUPON.templateId]: 'accept' } });
      const remaining = async (auth: { Authorization: string }) =>
        (await t.request().get('/api/me/subscriptions').set(auth)).body.items.find((item: { key: string }) => item.key === 'coupon_expiring').remaining;
      expect([await remaining(a.auth), await remaining(b.auth)]).toEqual([2, 1]);
    });

    it('needs a login and a well-formed body (requestId uuid, a known source, 1–3 results)', async () => {
      const member = await loginMember(t);
      expect((await t.request().get('/api/me/subscriptions')).status).toBe(401);
      expect((await t.request().post('/api/me/subscriptions').send({})).status).toBe(401);
      const bad = [
        { source: 'payment', results: { [UNPAID.templateId]: 'accept' } },
        { requestId: 'not-a-uuid', source: 'payment', results: { [UNPAID.templateId]: 'accept' } },
        { requestId: crypto.randomUUID(), source: 'spam', results: { [UNPAID.templateId]: 'accept' } },
        { requestId: crypto.randomUUID(), source: 'payment', results: {} },
        { requestId: crypto.randomUUID(), source: 'payment', results: { a1234567: 'accept', b1234567: 'accept', c1234567: 'accept', d1234567: 'accept' } },
        { requestId: crypto.randomUUID(), source: 'payment', results: { [UNPAID.templateId]: 'maybe' } },
      ];
      for (const body of bad) expect((await t.request().post('/api/me/subscriptions').set(member.auth).send(body)).status).toBe(400);
      expect(await t.deps.db.select().from(subscribeGrants).where(eq(subscribeGrants.memberId, member.id))).toHaveLength(0);
    });
  });
});
