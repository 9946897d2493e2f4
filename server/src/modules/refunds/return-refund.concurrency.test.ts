import { eq } from 'drizzle-orm';
import { refunds } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createShippedOrder, postReturnRefund, postReturnShipment, setReturnAddress } from './return-test-factories';

describe.each(concurrencyDrivers())('退货退款 under contention on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
    await setReturnAddress(t, owner.auth);
  });
  afterAll(() => t.close());

  it('10 parallel confirm-receipt calls: one confirmation, one WeChat refund', async () => {
    const paid = await createShippedOrder(t, owner.auth);
    const refund = (await postReturnRefund(t, paid.member, paid.order.id)).body;
    expect((await t.request().post(`/api/admin/refunds/${refund.id}/approve`).set(owner.auth).send({ restock: false })).status).toBe(200);
    expect((await postReturnShipment(t, paid.member, paid.order.id, refund.id)).status).toBe(200);
    const results = await Promise.all(Array.from({ length: 10 }, () => t.request().post(`/api/admin/refunds/${refund.id}/confirm-receipt`).set(owner.auth)));
    expect(results.filter((res) => res.status === 200)).toHaveLength(1);
    expect(results.filter((res) => res.status !== 200).every((res) => res.status === 409 && res.body.error.code === 'REFUND_STATUS_CONFLICT')).toBe(true);
    expect(await t.paySimulator.ledger.refundsOf(paid.order.orderNo)).toHaveLength(1);
    const [row] = await t.deps.db.select({ status: refunds.status }).from(refunds).where(eq(refunds.id, refund.id));
    expect(row?.status).toBe('processing');
  }, 60_000);
});
