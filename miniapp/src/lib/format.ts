import { formatFen, type Fen } from '@siyu/shared';

/** "250ml×12盒 / 原味": the spec values of a SKU in their own order. */
export function specsText(specs: Record<string, string>): string {
  return Object.values(specs).join(' / ');
}

/** ¥12.50 split for typesetting: the integer part big, the cents small. */
export function priceParts(amount: number): { integer: string; decimal: string } {
  const text = formatFen(amount as Fen).replace('¥', '');
  const [integer = '0', decimal = '00'] = text.split('.');
  return { integer, decimal };
}

/** 12840 → "1.2万", 980 → "980" (display only; integer arithmetic). */
export function salesText(count: number): string {
  if (count < 10_000) return String(count);
  const tenths = Math.floor(count / 1000);
  return `${Math.floor(tenths / 10)}${tenths % 10 ? `.${tenths % 10}` : ''}万`;
}

/** Why a quantity was cut, in the words the shopper sees. */
export function clampMessage(reason: 'stock' | 'limit' | 'min' | null, sku: { stock: number; purchaseLimit: number | null }): string {
  if (reason === 'stock') return `库存仅剩 ${sku.stock} 件`;
  if (reason === 'limit') return sku.purchaseLimit !== null && sku.purchaseLimit < 999 ? `每人限购 ${sku.purchaseLimit} 件` : '单次最多购买 999 件';
  if (reason === 'min') return '至少购买 1 件';
  return '';
}
