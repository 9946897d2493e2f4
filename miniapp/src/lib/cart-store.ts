import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';
import { clampQuantity, type CartLine, type CartResponse, type ShopProductDetail } from '@siyu/shared';
import { api, ApiError } from '../api';
import { addCartItem, fetchCart, fetchProduct, mergeCart, removeCartItem, setCartSelection, updateCartItem } from '../api/shop';
import { addGuestLine, guestCartView, readGuestCart, writeGuestCart, type GuestLine } from './guest-cart';
import { clampMessage } from './format';
import { session } from './session';

export interface CartState {
  cart: CartResponse | null;
  isLoading: boolean;
  error: ApiError | null;
}

const CART_TAB_INDEX = 2;
let state: CartState = { cart: null, isLoading: false, error: null };
const listeners = new Set<() => void>();
/** Product details behind the guest cart view, reused when only quantities or selections change. */
let guestProducts = new Map<number, ShopProductDetail | null>();

function setState(patch: Partial<CartState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

function countOf(lines: readonly { quantity: number }[]): number {
  return lines.reduce((total, line) => total + line.quantity, 0);
}

function showBadge(count: number): void {
  const call =
    count > 0 ? Taro.setTabBarBadge({ index: CART_TAB_INDEX, text: count > 99 ? '99+' : String(count) }) : Taro.removeTabBarBadge({ index: CART_TAB_INDEX });
  void Promise.resolve(call).catch(() => undefined);
}

function toast(message: string): void {
  void Taro.showToast({ title: message, icon: 'none', duration: 2200 });
}

async function loadGuestView(lines: readonly GuestLine[], refetch: boolean): Promise<CartResponse> {
  const ids = [...new Set(lines.map((line) => line.productId))].filter((id) => refetch || !guestProducts.has(id));
  const fetched = await Promise.all(
    ids.map(async (id) => {
      try {
        return [id, await fetchProduct(id)] as const;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return [id, null] as const;
        throw error;
      }
    }),
  );
  guestProducts = new Map([...guestProducts, ...fetched]);
  return guestCartView(lines, guestProducts);
}

function setCart(next: CartResponse): void {
  setState({ cart: next, error: null });
  showBadge(countOf(next.lines));
}

/** Runs a member cart call; the client has already toasted a failure. */
async function memberCall(call: () => Promise<CartResponse>): Promise<boolean> {
  try {
    setCart(await call());
    return true;
  } catch {
    return false;
  }
}

async function guestChange(change: (lines: GuestLine[]) => GuestLine[]): Promise<void> {
  const lines = change(readGuestCart());
  writeGuestCart(lines);
  setCart(await loadGuestView(lines, false));
}

/**
 * The cart of whoever is shopping: the server cart for a member, the device's guest cart otherwise
 * (priced from fresh product details with the same shared rules). The tabBar badge follows it.
 */
export const cart = {
  getState: (): CartState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },

  async load(): Promise<void> {
    setState({ isLoading: true });
    try {
      setCart(api.isLoggedIn ? await fetchCart() : await loadGuestView(readGuestCart(), true));
    } catch (error) {
      setState({ error: error instanceof ApiError ? error : null });
    } finally {
      setState({ isLoading: false });
    }
  },

  /** The badge without loading the whole cart view (launch). */
  refreshBadge(): void {
    if (api.isLoggedIn) void fetchCart().then(setCart, () => undefined);
    else showBadge(countOf(readGuestCart()));
  },

  /** Adds from the product page; returns whether anything was added. Clamps and says why. */
  async add(product: ShopProductDetail, skuId: number, quantity: number): Promise<boolean> {
    if (api.isLoggedIn) {
      const isAdded = await memberCall(() => addCartItem(skuId, quantity));
      if (isAdded) toast('已加入购物车');
      return isAdded;
    }
    const sku = product.skus.find((candidate) => candidate.id === skuId);
    const before = readGuestCart().find((line) => line.skuId === skuId)?.quantity ?? 0;
    const outcome = addGuestLine(readGuestCart(), product, skuId, quantity);
    if (outcome.reason === 'full') {
      toast('购物车已满，请先清理部分商品');
      return false;
    }
    writeGuestCart(outcome.lines);
    guestProducts.set(product.id, product);
    showBadge(countOf(outcome.lines));
    const isAdded = outcome.quantity > before;
    toast(outcome.reason && sku ? clampMessage(outcome.reason, sku) : isAdded ? '已加入购物车' : '数量已达上限');
    return isAdded;
  },

  /** New quantity for a line, clamped to its stock and limit first (the line shows the message). */
  async setQuantity(line: CartLine, wanted: number): Promise<void> {
    const { quantity } = clampQuantity(wanted, line);
    if (quantity === line.quantity) return;
    if (api.isLoggedIn) {
      await memberCall(() => updateCartItem(line.skuId, { quantity }));
      return;
    }
    await guestChange((lines) => lines.map((candidate) => (candidate.skuId === line.skuId ? { ...candidate, quantity } : candidate)));
  },

  async setSelected(skuId: number, isSelected: boolean): Promise<void> {
    if (api.isLoggedIn) {
      await memberCall(() => updateCartItem(skuId, { isSelected }));
      return;
    }
    await guestChange((lines) => lines.map((line) => (line.skuId === skuId ? { ...line, isSelected } : line)));
  },

  async selectAll(isSelected: boolean): Promise<void> {
    if (api.isLoggedIn) {
      await memberCall(() => setCartSelection(isSelected));
      return;
    }
    await guestChange((lines) => lines.map((line) => ({ ...line, isSelected })));
  },

  async remove(skuId: number): Promise<void> {
    if (api.isLoggedIn) {
      await memberCall(() => removeCartItem(skuId));
      return;
    }
    await guestChange((lines) => lines.filter((line) => line.skuId !== skuId));
  },

  /**
   * After an order: its lines leave the member's cart (best effort, in the background: a line that
   * stays is only a leftover the member can delete), then the view and badge follow.
   */
  async removeOrdered(skuIds: readonly number[]): Promise<void> {
    if (!api.isLoggedIn || skuIds.length === 0) return;
    await Promise.allSettled(skuIds.map((skuId) => removeCartItem(skuId, { isSilent: true })));
    cart.refreshBadge();
  },

  /** After login: the guest cart joins the member's server cart, then the device copy is cleared. */
  async mergeGuestCart(): Promise<void> {
    const lines = readGuestCart();
    if (lines.length === 0) {
      await cart.load();
      return;
    }
    try {
      const result = await mergeCart(lines.map((line) => ({ skuId: line.skuId, quantity: line.quantity })));
      writeGuestCart([]);
      setCart(result.cart);
      if (result.adjusted.length > 0 || result.rejected.length > 0) toast('部分商品库存不足或已失效，已为你调整');
    } catch {
      // Kept on the device: the next login tries again.
    }
  },
};

session.onLogin(() => cart.mergeGuestCart());

export function useCart(): CartState {
  return useSyncExternalStore(cart.subscribe, cart.getState, cart.getState);
}
