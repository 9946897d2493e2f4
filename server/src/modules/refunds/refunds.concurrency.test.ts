import { eq } from 'drizzle-orm';
import { orders, refunds } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createPaidOrder, createRefund, postRefund } from './test-factories';

describe.each(concurrencyDrivers())('refunds under contention on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  it('20 parallel refund requests on one order: exactly one open request', async () => {
    const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 500, quantity: 5 }]);
    const results = await Promise.all(Array.from({ length: 20 }, () => postRefund(t, paid.member, paid.order.id, [{ lineNo: 1, quantity: 1 }])));
    expect(results.filter((res) => res.status === 201)).toHaveLength(1);
    const refused = results.filter((res) => res.status !== 201);
    expect(refused.every((res) => res.status === 409 && res.body.error.code === 'REFUND_NOT_ALLOWED')).toBe(true);
    expect(await t.deps.db.$count(refunds, eq(refunds.orderId, paid.order.id))).toBe(1);
    expect((await t.deps.db.select({ status: orders.status }).from(orders).where(eq(orders.id, paid.order.id)))[0]?.status).toBe('refunding');
  }, 60_000);

  it('10 parallel approvals of one refund: one approval, one WeChat refund', async () => {
    const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 500, quantity: 1 }]);
    const refund = await createRefund(t, paid.member, paid.order.id, [{ lineNo: 1, quantity: 1 }]);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => t.request().post(`/api/admin/refunds/${refund.id}/approve`).set(owner.auth).send({ restock: true })),
    );
    expect(results.filter((res) => res.status === 200)).toHaveLength(1);
    expect(results.filter((res) => res.status === 409).every((res) => res.body.error.code === 'REFUND_STATUS_CONFLICT')).toBe(true);
    expect(results.filter((res) => res.status !== 200 && res.status !== 409)).toEqual([]);
    expect(await t.paySimulator.ledger.refundsOf(paid.order.orderNo)).toHaveLength(1);
  }, 60_000);

  it('approve and reject racing on one refund: exactly one wins', async () => {
    const paid = await createPaidOrder(t, owner.auth, [{ priceFen: 500, quantity: 1 }]);
    const refund = await createRefund(t, paid.member, paid.order.id, [{ lineNo: 1, quantity: 1 }]);
    const [approve, reject] = await Promise.all([
      t.request().post(`/api/admin/refunds/${refund.id}/approve`).set(owner.auth).send({ restock: false }),
      t.request().post(`/api/admin/refunds/${refund.id}/reject`).set(owner.auth).send({ note: '重复申请' }),
    ]);
    expect([approve?.status, reject?.status].sort()).toEqual([200, 409]);
    const [row] = await t.deps.db.select({ status: refunds.status }).from(refunds).where(eq(refunds.id, refund.id));
    expect(row?.status).toBe(approve?.status === 200 ? 'processing' : 'rejected');
  }, 60_000);
});
