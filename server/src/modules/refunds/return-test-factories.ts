import type { TestMember } from '../../testing/fixtures';
import type { TestApp } from '../../testing/test-app';
import type { Auth } from '../catalog/test-factories';
import { createPaidOrder, type PaidOrder } from './test-factories';

/** Test data for 退货退款: a shipped order, the store's return address, and a return request. */

export const RETURN_ADDRESS = { recipientName: '售后部', phone: '021-55550000', regionText: '上海市 浦东新区', detail: '张江路 88 号 3 号仓' };

export async function setReturnAddress(t: TestApp, staffAuth: Auth): Promise<void> {
  const res = await t.request().put('/api/admin/refunds/settings').set(staffAuth).send({ returnAddress: RETURN_ADDRESS });
  if (res.status !== 200) throw new Error(`settings: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A paid order of `quantity` units at `priceFen`, shipped by staff. */
export async function createShippedOrder(t: TestApp, staffAuth: Auth, priceFen = 1990, quantity = 1): Promise<PaidOrder> {
  const paid = await createPaidOrder(t, staffAuth, [{ priceFen, quantity }]);
  const res = await t
    .request()
    .post(`/api/admin/orders/${paid.order.id}/ship`)
    .set(staffAuth)
    .send({ carrier: '顺丰速运', trackingNo: `SF${paid.order.id}000001` });
  if (res.status !== 200) throw new Error(`ship: ${res.status} ${JSON.stringify(res.body)}`);
  return paid;
}

export function postReturnRefund(t: TestApp, member: TestMember, orderId: number, photos: string[] = []) {
  return t
    .request()
    .post(`/api/orders/${orderId}/refunds`)
    .set(member.auth)
    .send({ lines: [{ lineNo: 1, quantity: 1 }], reason: '尺码不合适', kind: 'return_refund', photos });
}

export function postReturnShipment(t: TestApp, member: TestMember, orderId: number, refundId: number) {
  return t
    .request()
    .post(`/api/orders/${orderId}/refunds/${refundId}/return-shipment`)
    .set(member.auth)
    .send({ carrier: '中通快递', trackingNo: 'ZT7700112233' });
}
