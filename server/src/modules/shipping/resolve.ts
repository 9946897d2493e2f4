import { addFen, planShipping, provinceName, provinceOf, type Fen, type ShippingLine, type ShippingRule } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { findDefaultAddress, findMemberAddress } from '../addresses';
import { loadShippingSetup } from './repo';

/** A cart line as shipping sees it: which product and SKU, how many, worth how much at the member's price. */
export interface ShippingQuoteLine {
  lineId: string;
  skuId: number;
  productId: number;
  /** The product's title, named in SHIPPING_REGION_UNSUPPORTED. */
  title: string;
  quantity: number;
  /** Unit price × quantity at the member's price, before coupons (the engine measures free amounts after them). */
  goodsFen: Fen;
}

export interface ShippingQuoteRequest {
  /** null for a guest (no addresses). */
  memberId: number | null;
  /** The chosen address; without one the member's default address, else no province. */
  addressId?: number | null;
  lines: readonly ShippingQuoteLine[];
  /** The store's flat rule (config), used while no template exists. */
  fallback: ShippingRule;
}

/** Where the fee is sent to, and what to tell the shopper about it. */
async function destination(db: Executor, request: ShippingQuoteRequest): Promise<{ provinceCode: string | null; note: string }> {
  if (request.memberId !== null && request.addressId !== undefined && request.addressId !== null) {
    const address = await findMemberAddress(db, request.memberId, request.addressId);
    const provinceCode = provinceOf(address.regionCodes[0] ?? '');
    return { provinceCode, note: `按收货地址（${provinceName(provinceCode)}）计算运费` };
  }
  const fallback = request.memberId === null ? null : await findDefaultAddress(db, request.memberId);
  if (fallback) {
    const provinceCode = provinceOf(fallback.regionCodes[0] ?? '');
    return { provinceCode, note: `未选收货地址，按默认地址（${provinceName(provinceCode)}）计算运费` };
  }
  return { provinceCode: null, note: '未选收货地址，按运费模板的默认规则计算运费' };
}

/**
 * The engine's shipping rule for a cart (checkout step "resolve shipping"): the shipping templates
 * planned for the destination (the engine checks their free amounts after goods discounts, then the
 * tier's free-shipping perk and shipping coupons), or the store's flat rule while no template exists.
 * Throws 409 SHIPPING_REGION_UNSUPPORTED listing the lines that cannot be sent there.
 */
export async function resolveShippingRule(db: Executor, request: ShippingQuoteRequest): Promise<ShippingRule> {
  const setup = await loadShippingSetup(
    db,
    request.lines.map((line) => line.productId),
    request.lines.map((line) => line.skuId),
  );
  const defaultTemplate = setup.templates.find((template) => template.isDefault) ?? setup.templates[0];
  if (!defaultTemplate) return request.fallback;
  const { provinceCode, note } = await destination(db, request);
  const lines: ShippingLine[] = request.lines.map((line) => ({
    lineId: line.lineId,
    quantity: line.quantity,
    unitWeightGrams: setup.skuWeights.get(line.skuId) ?? 0,
    goodsFen: line.goodsFen,
    templateId: setup.productTemplates.get(line.productId) ?? null,
  }));
  const result = planShipping(setup.templates, defaultTemplate, provinceCode, lines);
  if (!result.isDeliverable) {
    const blocked = request.lines.filter((line) => result.undeliverableLineIds.includes(line.lineId));
    const province = provinceName(result.provinceCode);
    const titles = [...new Set(blocked.map((line) => `「${line.title}」`))].join('、');
    throw new AppError('SHIPPING_REGION_UNSUPPORTED', `${titles}不支持配送到${province}，请更换收货地址或移除这些商品`, {
      provinceCode: result.provinceCode,
      province,
      lines: blocked.map((line) => ({ skuId: line.skuId, productId: line.productId, title: line.title })),
    });
  }
  const baseFeeFen = addFen(...result.groups.map((group) => group.baseFeeFen));
  return { baseFeeFen, freeThresholdFen: null, templates: result.groups, explanation: [note] };
}
