import { and, eq } from 'drizzle-orm';
import type { StaffRole } from '@siyu/shared';
import { auditLog, members } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createAddress, createSellableSku, orderOf, placeOrder } from '../orders/test-factories';

describe.each(testDrivers())('admin orders on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  async function paidOrder() {
    const member = await loginMember(t);
    const sku = await createSellableSku(t, owner.auth, { stock: 5 });
    const order = orderOf((await placeOrder(t, member, await createAddress(t, member), [{ skuId: sku.id, quantity: 1 }])).body);
    await t.request().post(`/api/orders/${order.id}/pay`).set(member.auth).expect(200);
    await t.paySimulator.pay(order.orderNo);
    return { member, order };
  }

  it('runs the whole lifecycle: pending → paid → shipped (audited) → completed by the member', async () => {
    const { member, order } = await paidOrder();
    const service = await createStaff(t, 'service');
    const shipped = await t.request().post(`/api/admin/orders/${order.id}/ship`).set(service.auth).send({ carrier: '顺丰速运', trackingNo: 'SF1234567890' });
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ status: 'shipped', carrier: '顺丰速运', trackingNo: 'SF1234567890' });
    expect(shipped.body.events.map((e: { type: string }) => e.type)).toEqual(['created', 'paid', 'shipped']);
    expect(shipped.body.payments).toEqual([expect.objectContaining({ status: 'succeeded', amountFen: order.payableFen })]);
    const audit = await t.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'order.ship'), eq(auditLog.targetId, String(order.id))));
    expect(audit).toEqual([expect.objectContaining({ staffId: service.id, staffRole: 'service' })]);
    const again = await t.request().post(`/api/admin/orders/${order.id}/ship`).set(service.auth).send({ carrier: '顺丰速运', trackingNo: 'SF1234567890' });
    expect(again.body.error.code).toBe('ORDER_STATUS_CONFLICT');
    const done = await t.request().post(`/api/orders/${order.id}/confirm-receipt`).set(member.auth);
    expect(done.body.status).toBe('completed');
  });

  it('cannot ship an unpaid order', async () => {
    const member = await loginMember(t);
    const sku = await createSellableSku(t, owner.auth);
    const order = orderOf((await placeOrder(t, member, await createAddress(t, member), [{ skuId: sku.id, quantity: 1 }])).body);
    const res = await t.request().post(`/api/admin/orders/${order.id}/ship`).set(owner.auth).send({ carrier: '中通', trackingNo: 'ZT00000001' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'ORDER_STATUS_CONFLICT', details: { status: 'pending_payment' } });
  });

  it('lists and filters orders by status and order number', async () => {
    const { order } = await paidOrder();
    const byNo = await t.request().get('/api/admin/orders').query({ orderNo: order.orderNo }).set(owner.auth);
    expect(byNo.body.items).toEqual([expect.objectContaining({ id: order.id, status: 'paid' })]);
    const paid = await t.request().get('/api/admin/orders').query({ status: 'paid' }).set(owner.auth);
    expect(paid.body.items.every((o: { status: string }) => o.status === 'paid')).toBe(true);
    expect((await t.request().get('/api/admin/orders').query({ status: 'lost' }).set(owner.auth)).status).toBe(400);
  });

  const matrix: [StaffRole, number, number][] = [
    ['owner', 200, 400],
    ['operator', 200, 403],
    ['service', 200, 400],
    ['analyst', 200, 403],
  ];
  it.each(matrix)('role %s: read %i, ship %i (400 = allowed, body invalid)', async (role, read, ship) => {
    const staff = await createStaff(t, role);
    expect((await t.request().get('/api/admin/orders').set(staff.auth)).status).toBe(read);
    expect((await t.request().post('/api/admin/orders/1/ship').set(staff.auth).send({})).status).toBe(ship);
  });

  it('shows the recipient phone in full only to roles that ship, and masked in lists', async () => {
    const { order } = await paidOrder();
    const analyst = await createStaff(t, 'analyst');
    const service = await createStaff(t, 'service');
    expect((await t.request().get(`/api/admin/orders/${order.id}`).set(service.auth)).body.address.phone).toBe('13800138000');
    expect((await t.request().get(`/api/admin/orders/${order.id}`).set(analyst.auth)).body.address.phone).toBe('138****8000');
    const list = await t.request().get('/api/admin/orders').query({ orderNo: order.orderNo }).set(owner.auth);
    expect(list.body.items[0].address.phone).toBe('138****8000');
  });

  it('names the buyer by nickname and masked phone in the list and the detail, never by id alone', async () => {
    const { member, order } = await paidOrder();
    await t.deps.db
      .update(members)
      .set({ nickname: '黄金·米粒', phoneCipher: t.deps.phoneCrypto.encrypt('13912345678') })
      .where(eq(members.id, member.id));
    const buyer = { id: member.id, nickname: '黄金·米粒', phoneMasked: '139****5678' };
    const list = await t.request().get('/api/admin/orders').query({ orderNo: order.orderNo }).set(owner.auth);
    expect(list.body.items[0].buyer).toEqual(buyer);
    expect((await t.request().get(`/api/admin/orders/${order.id}`).set(owner.auth)).body.buyer).toEqual(buyer);
    await t.deps.db.update(members).set({ phoneCipher: null }).where(eq(members.id, member.id));
    expect((await t.request().get(`/api/admin/orders/${order.id}`).set(owner.auth)).body.buyer.phoneMasked).toBeNull();
  });

  it('is closed to members', async () => {
    const member = await loginMember(t);
    expect((await t.request().get('/api/admin/orders').set(member.auth)).status).toBe(401);
  });
});
