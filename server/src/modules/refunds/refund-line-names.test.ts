import { adminRefundSchema } from '@siyu/shared';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createPaidOrder, createRefund } from './test-factories';

describe.each(testDrivers())('refund line names for staff on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  it('GET /api/admin/refunds and /:id name each returned line by title and SKU spec (only the lines refunded), and the list names the buyer', async () => {
    const paid = await createPaidOrder(t, owner.auth, [
      { priceFen: 650, quantity: 2 },
      { priceFen: 990, quantity: 1 },
    ]);
    const [first, second] = paid.order.lines;
    const refund = await createRefund(t, paid.member, paid.order.id, [{ lineNo: 1, quantity: 1 }]);
    const named = [{ lineNo: 1, title: first?.title, specs: first?.specs }];
    const detail = await t.request().get(`/api/admin/refunds/${refund.id}`).set(owner.auth);
    expect(adminRefundSchema.parse(detail.body).orderLines).toEqual(named);
    const list = await t.request().get('/api/admin/refunds').query({ status: 'requested' }).set(owner.auth);
    const listed = (list.body.items as unknown[]).map((item) => adminRefundSchema.parse(item)).filter((item) => item.orderId === paid.order.id);
    expect(listed.map((item) => [item.id, item.orderLines])).toEqual([[refund.id, named]]);
    expect(JSON.stringify(listed)).not.toContain(second?.title ?? '—');
    // The list names the buyer (nickname, masked phone) instead of "#id".
    const buyer = listed[0]?.buyer;
    expect(buyer?.id).toBe(listed[0]?.memberId);
    if (buyer?.phoneMasked != null) expect(buyer.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
  });
});
