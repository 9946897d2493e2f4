import type { AdminOrder, AdminRefund } from '@siyu/shared';

/** A paid order as GET /api/admin/orders/:id answers (component tests). */
export function buildAdminOrder(overrides: Partial<AdminOrder> = {}): AdminOrder {
  return {
    id: 41,
    orderNo: 'S20260301120000ABCDEFGH',
    status: 'paid',
    goodsSubtotalFen: 2990,
    discountFen: 0,
    shippingFen: 800,
    payableFen: 3790,
    refundedFen: 0,
    remark: '',
    explanation: [],
    address: { recipientName: '林小满', phone: '13800138000', regionText: '上海市 浦东新区', detail: '世纪大道 100 号 8 楼' },
    lines: [
      {
        lineNo: 1,
        skuId: 7,
        productId: 3,
        title: '每日坚果 25g×30包',
        specs: { 规格: '25g×30包' },
        image: null,
        quantity: 1,
        unitPriceFen: 2990,
        publicPriceFen: 3990,
        subtotalFen: 2990,
        discountFen: 0,
        payableFen: 2990,
        refundedQuantity: 0,
        refundedFen: 0,
      },
    ],
    paymentExpiresAt: '2026-03-01T04:30:00.000Z',
    paidAt: '2026-03-01T04:01:00.000Z',
    shippedAt: null,
    carrier: null,
    trackingNo: null,
    completedAt: null,
    cancelledAt: null,
    cancelReason: null,
    createdAt: '2026-03-01T04:00:00.000Z',
    memberId: 12,
    buyer: { id: 12, nickname: '黄金·米粒', phoneMasked: '139****5678' },
    events: [],
    payments: [],
    ...overrides,
  };
}

/** A refund waiting for review (component tests). */
export function buildAdminRefund(overrides: Partial<AdminRefund> = {}): AdminRefund {
  return {
    id: 5,
    orderId: 41,
    outRefundNo: 'S20260301120000ABCDEFGHR1',
    status: 'requested',
    lines: [{ lineNo: 1, quantity: 1, amountFen: 2990 }],
    shippingFen: 800,
    amountFen: 3790,
    reason: '不想要了',
    orderStatusBefore: 'paid',
    restock: null,
    reviewNote: null,
    completedAt: null,
    createdAt: '2026-03-01T05:00:00.000Z',
    orderNo: 'S20260301120000ABCDEFGH',
    memberId: 12,
    reviewedBy: null,
    wechatRefundId: null,
    ...overrides,
  };
}
