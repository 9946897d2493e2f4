import { readStored, writeStored } from './storage';

/** One line to check out, with what the checkout page shows before the quote arrives. */
export interface DraftLine {
  skuId: number;
  productId: number;
  quantity: number;
  title: string;
  image: string | null;
  specs: Record<string, string>;
}

/**
 * What the member is about to buy: the selected cart lines (ordered lines leave the cart after the
 * order) or one SKU bought now from the product page (the cart is not touched). Kept in storage so that
 * the checkout page survives a reload in the browser.
 */
export interface CheckoutDraft {
  source: 'cart' | 'buy_now';
  lines: DraftLine[];
}

const DRAFT_KEY = 'siyu.checkoutDraft';

export function saveCheckoutDraft(draft: CheckoutDraft): void {
  writeStored(DRAFT_KEY, draft);
}

export function readCheckoutDraft(): CheckoutDraft | null {
  const draft = readStored<CheckoutDraft>(DRAFT_KEY);
  return draft && Array.isArray(draft.lines) && draft.lines.length > 0 ? draft : null;
}

export function clearCheckoutDraft(): void {
  writeStored(DRAFT_KEY, null);
}
