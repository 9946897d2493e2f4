import {
  CART_MAX_LINES,
  cartTotals,
  clampQuantity,
  lineAvailability,
  maxLineQuantity,
  toFen,
  type CartLine,
  type CartResponse,
  type ClampReason,
  type ShopProductDetail,
} from '@siyu/shared';
import { readStored, writeStored } from './storage';

const GUEST_CART_KEY = 'siyu.guestCart';

/** A guest's line, kept on the device until login merges it into the server cart. */
export interface GuestLine {
  skuId: number;
  productId: number;
  quantity: number;
  isSelected: boolean;
  /** What the line showed when added, for a product that has since gone. */
  title: string;
  image: string | null;
  specs: Record<string, string>;
}

export function readGuestCart(): GuestLine[] {
  const lines = readStored<GuestLine[]>(GUEST_CART_KEY);
  return Array.isArray(lines) ? lines : [];
}

export function writeGuestCart(lines: GuestLine[]): void {
  writeStored(GUEST_CART_KEY, lines.length > 0 ? lines : null);
}

export interface GuestAddOutcome {
  lines: GuestLine[];
  /** The line's quantity afterwards. */
  quantity: number;
  /** Which bound cut the wanted quantity (null: all added). */
  reason: ClampReason | 'full';
}

/** Adds to a guest line, clamped to stock and purchase limit like the server cart (pure). */
export function addGuestLine(lines: readonly GuestLine[], product: ShopProductDetail, skuId: number, quantity: number): GuestAddOutcome {
  const sku = product.skus.find((candidate) => candidate.id === skuId);
  if (!sku) throw new Error(`SKU ${skuId} is not part of product ${product.id}`);
  const existing = lines.find((line) => line.skuId === skuId);
  if (!existing && lines.length >= CART_MAX_LINES) return { lines: [...lines], quantity: 0, reason: 'full' };
  const clamped = clampQuantity((existing?.quantity ?? 0) + quantity, sku);
  const line: GuestLine = {
    skuId,
    productId: product.id,
    quantity: clamped.quantity,
    isSelected: true,
    title: product.title,
    image: product.image,
    specs: sku.specs,
  };
  const next = existing ? lines.map((candidate) => (candidate.skuId === skuId ? line : candidate)) : [line, ...lines];
  return { lines: next, quantity: clamped.quantity, reason: clamped.reason === 'min' ? null : clamped.reason };
}

/**
 * The guest cart in the shape of the server's GET /api/cart, priced from fresh product details
 * (null: the product is gone) with the shared cart rules, so one cart page serves both.
 */
export function guestCartView(lines: readonly GuestLine[], products: ReadonlyMap<number, ShopProductDetail | null>): CartResponse {
  const rows = lines.map((line) => {
    const product = products.get(line.productId) ?? null;
    const sku = product?.skus.find((candidate) => candidate.id === line.skuId) ?? null;
    const sale = sku ? { isOnSale: true, stock: sku.stock, purchaseLimit: sku.purchaseLimit } : { isOnSale: false, stock: 0, purchaseLimit: null };
    return { line, product, sku, sale, availability: lineAvailability(sale, line.quantity) };
  });
  const totals = cartTotals(
    rows.map(({ line, sku, availability }) => ({
      // Guests pay the private price, which is what the shop API resolved for them.
      sku: { publicPriceFen: toFen(sku?.publicPriceFen ?? 0), privatePriceFen: toFen(sku?.priceFen ?? 0) },
      quantity: line.quantity,
      isSelected: line.isSelected,
      availability,
    })),
    null,
  );
  const cartLines: CartLine[] = rows.map(({ line, product, sku, sale, availability }, index) => {
    const price = totals.lines[index];
    return {
      skuId: line.skuId,
      productId: line.productId,
      title: product?.title ?? line.title,
      image: product?.image ?? line.image,
      specs: sku?.specs ?? line.specs,
      quantity: line.quantity,
      isSelected: line.isSelected,
      unitPriceFen: price?.unitPriceFen ?? 0,
      publicPriceFen: price?.publicPriceFen ?? 0,
      lineTotalFen: price?.lineTotalFen ?? 0,
      stock: sale.stock,
      purchaseLimit: sale.purchaseLimit,
      maxQuantity: maxLineQuantity(sale),
      availability,
      minTier: sku?.minTier ?? null,
    };
  });
  const { selectedLineCount, selectedQuantity, totalFen, publicTotalFen, savingFen } = totals;
  return {
    lines: cartLines,
    totals: { selectedLineCount, selectedQuantity, totalFen, publicTotalFen, savingFen },
    isAllSelected: cartLines.length > 0 && cartLines.every((line) => line.isSelected),
  };
}
