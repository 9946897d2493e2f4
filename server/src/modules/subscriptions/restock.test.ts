import crypto from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { messageIntents, restockWatches } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { buildSku, createOnSaleProduct, firstSku } from '../catalog/test-factories';
import { dispatchDue } from '../messaging/dispatcher';
import { DEFAULT_SUBSCRIBE_TEMPLATES } from './defaults';
import { bridgeRestocks } from './restock';

const RESTOCK = DEFAULT_SUBSCRIBE_TEMPLATES.find((template) => template.key === 'restock_arrival')!;

/** 到货提醒: the fourth grant source (a tap on a sold-out product) and the notice it pays for. */
describe.each(testDrivers())('到货提醒 (%s)', (driver) => {
  let t: TestApp;
  let operator: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    operator = await createStaff(t, 'operator');
  });
  afterAll(() => t.close());

  const soldOut = async (title = `燕麦片${crypto.randomBytes(2).toString('hex')}`) => {
    const product = await createOnSaleProduct(t, operator.auth, { title, skus: [buildSku({ stock: 0 })] });
    return { product, sku: firstSku(product) };
  };
  const restock = async (skuId: number) => {
    const res = await t.request().post(`/api/admin/skus/${skuId}/stock-adjustments`).set(operator.auth).send({ delta: 5, reason: '到货入库' });
    expect(res.status).toBe(201);
  };
  const watch = (member: TestMember, productId: unknown) => t.request().post('/api/me/restock-watches').set(member.auth).send({ productId });
  const acceptRestock = async (member: TestMember) => {
    await t.simulator.subscribe.accept(member.openid, [RESTOCK.templateId]);
    const res = await t
      .request()
      .post('/api/me/subscriptions')
      .set(member.auth)
      .send({ requestId: crypto.randomUUID(), source: 'restock', results: { [RESTOCK.templateId]: 'accept' } });
    expect(res.body.granted).toBe(1);
  };
  const intentsOf = (watchIds: number[]) =>
    t.deps.db
      .select()
      .from(messageIntents)
      .where(like(messageIntents.key, 'restock:%'))
      .then((rows) => rows.filter((row) => watchIds.some((id) => row.key === `restock:${id}` || row.key === `restock:${id}:fb`)));
  const watchIdsOf = async (memberId: number, productId: number) =>
    (
      await t.deps.db
        .select({ id: restockWatches.id })
        .from(restockWatches)
        .where(and(eq(restockWatches.memberId, memberId), eq(restockWatches.productId, productId)))
    ).map((row) => row.id);
  const dispatchAll = async () => {
    while ((await dispatchDue(t.deps, t.clock.now())).claimed > 0);
  };

  it('the restock scene asks for the 到货提醒 template', async () => {
    const res = await t.request().get('/api/subscribe-templates?scene=restock');
    expect(res.status).toBe(200);
    expect(res.body.templateIds).toContain(RESTOCK.templateId);
  });

  it('a watch on a sold-out product: nothing while it is sold out; back in stock → one subscribe notice spending the grant, once', async () => {
    const member = await loginMember(t);
    const { product, sku } = await soldOut('有机燕麦片一千克装家庭分享超值大包装礼盒版');
    await acceptRestock(member);
    const first = await watch(member, product.id);
    expect([first.status, first.body]).toEqual([200, { productId: product.id, watching: true }]);
    expect((await watch(member, product.id)).status).toBe(200);
    const ids = await watchIdsOf(member.id, product.id);
    expect(ids).toHaveLength(1);
    expect((await t.request().get(`/api/me/restock-watches/${product.id}`).set(member.auth)).body).toEqual({ productId: product.id, watching: true });

    expect(await bridgeRestocks(t.deps.db, t.clock.now())).toBe(0);
    await restock(sku.id);
    expect(await bridgeRestocks(t.deps.db, t.clock.now())).toBe(1);
    expect(await bridgeRestocks(t.deps.db, t.clock.now())).toBe(0);
    await dispatchAll();

    const [intent, ...others] = await intentsOf(ids);
    expect(others).toHaveLength(0);
    expect(intent).toMatchObject({ channel: 'subscribe', purpose: 'service', template: 'restock_arrival', status: 'sent' });
    const sent = await t.simulator.subscribe.sent(member.openid);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      templateId: RESTOCK.templateId,
      page: `pages/product/index?id=${product.id}`,
      data: { thing1: { value: '有机燕麦片一千克装家庭分享超值大包装礼盒' }, thing2: { value: '您关注的商品到货了，快去看看吧' } },
    });
    expect((await t.request().get(`/api/me/restock-watches/${product.id}`).set(member.auth)).body.watching).toBe(false);
    const [grants] = (await t.request().get('/api/me/subscriptions').set(member.auth)).body.items.filter(
      (item: { templateId: string }) => item.templateId === RESTOCK.templateId,
    );
    expect(grants.remaining).toBe(0);
  });

  it('without a grant the notice falls back to 消息 (unread), and watching again after it arms a new watch', async () => {
    const member = await loginMember(t);
    const { product, sku } = await soldOut();
    expect((await watch(member, product.id)).status).toBe(200);
    await restock(sku.id);
    expect(await bridgeRestocks(t.deps.db, t.clock.now())).toBe(1);
    await dispatchAll();
    const ids = await watchIdsOf(member.id, product.id);
    const intents = await intentsOf(ids);
    expect(intents.map((row) => [row.channel, row.status, row.reason]).sort()).toEqual([
      ['inapp', 'delivered', null],
      ['subscribe', 'skipped', 'no_grant'],
    ]);
    expect(await t.simulator.subscribe.sent(member.openid)).toHaveLength(0);
    const inbox = await t.request().get('/api/me/messages').set(member.auth);
    expect(inbox.body.unread).toBe(1);
    expect(inbox.body.items[0]).toMatchObject({ kind: 'restock', title: '到货提醒', link: `pages/product/index?id=${product.id}`, read: false });
    expect(inbox.body.items[0].body).toContain(product.title);

    expect((await watch(member, product.id)).status).toBe(200);
    expect(await watchIdsOf(member.id, product.id)).toHaveLength(2);
    expect(await bridgeRestocks(t.deps.db, t.clock.now())).toBe(1);
  });

  it('refuses bad input and other people: 400 for a malformed id, 404 for an unknown or unpublished product, 401 without login', async () => {
    const member = await loginMember(t);
    for (const productId of [0, -1, 'x', 1.5, 2_147_483_648, null]) expect((await watch(member, productId)).status).toBe(400);
    expect((await t.request().post('/api/me/restock-watches').set(member.auth).send({ productId: 1, extra: 1 })).status).toBe(400);
    const missing = await watch(member, 2_000_000_000);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'PRODUCT_NOT_FOUND']);
    expect((await t.request().post('/api/me/restock-watches').send({ productId: 1 })).status).toBe(401);
    expect((await t.request().get('/api/me/restock-watches/abc').set(member.auth)).status).toBe(400);
    const { product } = await soldOut();
    const other = await loginMember(t);
    await watch(other, product.id);
    expect((await t.request().get(`/api/me/restock-watches/${product.id}`).set(member.auth)).body.watching).toBe(false);
  });
});
