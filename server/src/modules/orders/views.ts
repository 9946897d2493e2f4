import { orderStatusSchema, type Order } from '@siyu/shared';
import type { PhoneCrypto } from '../../lib/phone-crypto';
import type { OrderLineRow, OrderRow } from './repo';

/** What an order keeps of the address it was shipped to (phone encrypted). */
export interface AddressSnapshot {
  recipientName: string;
  phoneCipher: string;
  regionCodes: string[];
  regionText: string;
  detail: string;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The order as its member (or staff) sees it. */
export function toOrder(row: OrderRow, lines: OrderLineRow[], phoneCrypto: PhoneCrypto): Order {
  const address = row.address as AddressSnapshot;
  return {
    id: row.id,
    orderNo: row.orderNo,
    status: orderStatusSchema.parse(row.status),
    goodsSubtotalFen: row.goodsSubtotalFen,
    discountFen: row.discountFen,
    shippingFen: row.shippingFen,
    payableFen: row.payableFen,
    refundedFen: row.refundedFen,
    remark: row.remark,
    explanation: row.explanation,
    address: { recipientName: address.recipientName, phone: phoneCrypto.decrypt(address.phoneCipher), regionText: address.regionText, detail: address.detail },
    lines: lines.map((line) => ({
      lineNo: line.lineNo,
      skuId: line.skuId,
      productId: line.productId,
      title: line.title,
      specs: line.specs,
      image: line.image,
      quantity: line.quantity,
      unitPriceFen: line.unitPriceFen,
      publicPriceFen: line.publicPriceFen,
      subtotalFen: line.subtotalFen,
      discountFen: line.discountFen,
      payableFen: line.payableFen,
      refundedQuantity: line.refundedQuantity,
      refundedFen: line.refundedFen,
    })),
    paymentExpiresAt: row.paymentExpiresAt.toISOString(),
    paidAt: iso(row.paidAt),
    shippedAt: iso(row.shippedAt),
    carrier: row.carrier,
    trackingNo: row.trackingNo,
    completedAt: iso(row.completedAt),
    cancelledAt: iso(row.cancelledAt),
    cancelReason: row.cancelReason,
    createdAt: row.createdAt.toISOString(),
  };
}
