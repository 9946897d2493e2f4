import type { AdminProduct, ApprovalView, CouponPreviewView, CouponTemplateView, FlashSaleView, PendingApprovalView } from '@siyu/shared';

/** Views as the promotions endpoints answer them (component tests). */

export function buildApproval(overrides: Partial<ApprovalView> = {}): ApprovalView {
  return { status: 'not_required', reason: null, createdBy: 2, approvedBy: null, approvedAt: null, ...overrides };
}

export function buildProduct(overrides: Partial<AdminProduct> = {}): AdminProduct {
  return {
    id: 3,
    categoryId: 1,
    title: '每日坚果',
    subtitle: '',
    images: [],
    description: '',
    role: 'hero',
    tags: [],
    status: 'on_sale',
    sortOrder: 0,
    salesCount: 0,
    priceFromFen: 9900,
    skus: [
      {
        id: 7,
        productId: 3,
        specs: { 规格: '25g×30包' },
        publicPriceFen: 12900,
        privatePriceFen: 9900,
        costPriceFen: 5000,
        tierPrices: {},
        stock: 50,
        purchaseLimit: null,
        barcode: null,
        minTier: null,
      },
    ],
    createdAt: '2026-03-01T04:00:00.000Z',
    updatedAt: '2026-03-01T04:00:00.000Z',
    ...overrides,
  };
}

export function buildPreview(overrides: Partial<CouponPreviewView> = {}): CouponPreviewView {
  return {
    applicable: true,
    reason: null,
    goodsSubtotalFen: 19800,
    discountFen: 5000,
    payableTotalFen: 14800,
    explanation: ['优惠券 满199减50：-¥50.00'],
    assessment: { depthBp: 2512, belowCost: [], needsApproval: false },
    ...overrides,
  };
}

export function buildCouponTemplate(overrides: Partial<CouponTemplateView> = {}): CouponTemplateView {
  return {
    id: 11,
    name: '双11满减券',
    description: '',
    rule: { kind: 'threshold_off', tiers: [{ thresholdFen: 19900, offFen: 5000 }] } as CouponTemplateView['rule'],
    scope: { kind: 'all' },
    ruleText: '满199减50',
    stackingGroup: 'coupon',
    validity: { kind: 'after_claim', days: 7 },
    validityText: '领取后7天内有效',
    claimStartsAt: null,
    claimEndsAt: null,
    visibility: 'public',
    totalCount: 1000,
    budgetFen: 5_000_000,
    faceValueFen: 5000,
    perMemberCap: 1,
    issuedCount: 250,
    committedFen: 1_250_000,
    usedCount: 40,
    status: 'active',
    approval: buildApproval(),
    createdAt: '2026-03-01T04:00:00.000Z',
    ...overrides,
  };
}

export function buildPendingApproval(overrides: Partial<PendingApprovalView> = {}): PendingApprovalView {
  return {
    kind: 'coupon_template',
    id: 12,
    name: '七折券',
    ruleText: '3折',
    approval: buildApproval({ status: 'pending', reason: { depthBp: 7000, belowCost: [{ skuId: 7, priceAfterFen: 2970, costPriceFen: 5000 }] }, createdBy: 2 }),
    createdAt: '2026-03-01T04:00:00.000Z',
    ...overrides,
  };
}

export function buildFlashSale(overrides: Partial<FlashSaleView> = {}): FlashSaleView {
  return {
    id: 21,
    title: '坚果秒杀',
    skuId: 7,
    productId: 3,
    productTitle: '每日坚果',
    specs: { 规格: '25g×30包' },
    image: null,
    flashPriceFen: 4990,
    privatePriceFen: 9900,
    totalUnits: 100,
    soldUnits: 30,
    remainingUnits: 70,
    perMemberLimit: 1,
    startsAt: '2026-03-01T04:00:00.000Z',
    endsAt: '2026-03-01T06:00:00.000Z',
    status: 'ongoing',
    serverNow: '2026-03-01T05:00:00.000Z',
    approval: buildApproval(),
    ...overrides,
  };
}
