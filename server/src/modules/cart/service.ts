import {
  cartTotals,
  lineAvailability,
  maxLineQuantity,
  type CartAddBody,
  type CartMergeBody,
  type CartMergeResponse,
  type CartResponse,
  type CartUpdateBody,
} from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { AppError } from '../../lib/errors';
import { cartRefusal, tierRefusal } from './errors';
import { cartRows, deleteLine, lineQuantity, lockMemberCart, pricingMemberOf, setAllSelected, setLineQuantity, setLineSelected, upsertLine } from './repo';

/** GET /api/cart: every line priced for the member, its availability, and the totals of what is selected. */
export async function getCart(sc: ServiceContext, memberId: number): Promise<CartResponse> {
  const rows = await cartRows(sc.db, memberId);
  const member = await pricingMemberOf(sc.db, memberId);
  const withAvailability = rows.map((row) => ({ row, availability: lineAvailability(row, row.quantity, member) }));
  const totals = cartTotals(
    withAvailability.map(({ row, availability }) => ({ sku: row, quantity: row.quantity, isSelected: row.isSelected, availability })),
    member,
  );
  const lines = withAvailability.map(({ row, availability }, index) => {
    const price = totals.lines[index];
    if (!price) throw new Error('cartTotals returned fewer lines than it was given');
    return {
      skuId: row.skuId,
      productId: row.productId,
      title: row.title,
      image: row.images[0] ?? null,
      specs: row.specs,
      quantity: row.quantity,
      isSelected: row.isSelected,
      unitPriceFen: price.unitPriceFen,
      publicPriceFen: price.publicPriceFen,
      lineTotalFen: price.lineTotalFen,
      stock: row.stock,
      purchaseLimit: row.purchaseLimit,
      maxQuantity: maxLineQuantity(row),
      availability,
      minTier: row.minTier,
    };
  });
  const { selectedLineCount, selectedQuantity, totalFen, publicTotalFen, savingFen } = totals;
  return {
    lines,
    totals: { selectedLineCount, selectedQuantity, totalFen, publicTotalFen, savingFen },
    isAllSelected: lines.length > 0 && lines.every((line) => line.isSelected),
  };
}

/** Runs a cart write in one transaction holding the member's cart lock. */
function cartTransaction<T>(sc: ServiceContext, memberId: number, work: (tx: ServiceContext) => Promise<T>): Promise<T> {
  return inTransaction(sc, async (tx) => {
    if (!(await lockMemberCart(tx.db, memberId))) throw new AppError('MEMBER_NOT_FOUND');
    return work(tx);
  });
}

/**
 * POST /api/cart/items: adds to the SKU's line; all or nothing against stock, purchase limit and the line
 * cap. An exclusive SKU above the member's tier is refused with SKU_TIER_REQUIRED (as checkout would).
 */
export async function addItem(sc: ServiceContext, memberId: number, body: CartAddBody): Promise<CartResponse> {
  await cartTransaction(sc, memberId, async (tx) => {
    const refusedTier = await tierRefusal(tx.db, memberId, body.skuId);
    if (refusedTier) throw refusedTier;
    const quantity = await upsertLine(tx.db, { memberId, skuId: body.skuId, quantity: body.quantity, now: tx.now, mode: 'strict' });
    if (quantity !== null) return;
    const inCart = await lineQuantity(tx.db, memberId, body.skuId);
    throw await cartRefusal(tx.db, memberId, body.skuId, inCart + body.quantity, inCart);
  });
  return getCart(sc, memberId);
}

/** PATCH /api/cart/items/:skuId: a new quantity (checked like an add) and/or the selection of one line. */
export async function updateItem(sc: ServiceContext, memberId: number, skuId: number, body: CartUpdateBody): Promise<CartResponse> {
  await cartTransaction(sc, memberId, async (tx) => {
    const inCart = await lineQuantity(tx.db, memberId, skuId);
    if (inCart === 0) throw new AppError('CART_LINE_NOT_FOUND', undefined, { skuId });
    if (body.quantity !== undefined) {
      const refusedTier = await tierRefusal(tx.db, memberId, skuId);
      if (refusedTier) throw refusedTier;
      if (!(await setLineQuantity(tx.db, memberId, skuId, body.quantity, tx.now))) throw await cartRefusal(tx.db, memberId, skuId, body.quantity, inCart);
    }
    if (body.isSelected !== undefined) await setLineSelected(tx.db, memberId, skuId, body.isSelected, tx.now);
  });
  return getCart(sc, memberId);
}

/** DELETE /api/cart/items/:skuId. */
export async function removeItem(sc: ServiceContext, memberId: number, skuId: number): Promise<CartResponse> {
  if (!(await deleteLine(sc.db, memberId, skuId))) throw new AppError('CART_LINE_NOT_FOUND', undefined, { skuId });
  return getCart(sc, memberId);
}

/** PUT /api/cart/selection: selects or unselects every line. */
export async function selectAll(sc: ServiceContext, memberId: number, isSelected: boolean): Promise<CartResponse> {
  await setAllSelected(sc.db, memberId, isSelected, sc.now);
  return getCart(sc, memberId);
}

/** The same SKU twice in a guest cart counts once, with the quantities added. */
function combineItems(items: CartMergeBody['items']): { skuId: number; quantity: number }[] {
  const bySku = new Map<number, number>();
  for (const item of items) bySku.set(item.skuId, (bySku.get(item.skuId) ?? 0) + item.quantity);
  return [...bySku].map(([skuId, quantity]) => ({ skuId, quantity }));
}

/**
 * POST /api/cart/merge: the guest cart joins the member's cart at login. Each line is cut to what
 * stock and limits allow (reported as adjusted); lines that cannot be added at all are reported as
 * rejected. Neither fails the merge.
 */
export async function mergeCart(sc: ServiceContext, memberId: number, body: CartMergeBody): Promise<CartMergeResponse> {
  const adjusted: CartMergeResponse['adjusted'] = [];
  const rejected: CartMergeResponse['rejected'] = [];
  await cartTransaction(sc, memberId, async (tx) => {
    for (const item of combineItems(body.items)) {
      const refusedTier = await tierRefusal(tx.db, memberId, item.skuId);
      if (refusedTier) {
        rejected.push({ skuId: item.skuId, code: refusedTier.code });
        continue;
      }
      const inCart = await lineQuantity(tx.db, memberId, item.skuId);
      const wanted = inCart + item.quantity;
      const quantity = await upsertLine(tx.db, { memberId, skuId: item.skuId, quantity: item.quantity, now: tx.now, mode: 'clamp' });
      if (quantity === null) {
        rejected.push({ skuId: item.skuId, code: (await cartRefusal(tx.db, memberId, item.skuId, wanted, inCart)).code });
      } else if (quantity < wanted) {
        const reason = await cartRefusal(tx.db, memberId, item.skuId, wanted, inCart);
        adjusted.push({ skuId: item.skuId, requested: wanted, quantity, code: reason.code });
      }
    }
  });
  return { cart: await getCart(sc, memberId), adjusted, rejected };
}
