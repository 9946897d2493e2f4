import { eq } from 'drizzle-orm';
import { cartResponseSchema } from '@siyu/shared';
import { products, skus } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createProduct } from '../catalog/test-factories';
import { cartRowsOf, createSellableSku, fillCart, getCart, insertSkus, setTier } from './test-helpers';

describe.each(testDrivers())('cart on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let member: TestMember;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  beforeEach(async () => {
    member = await loginMember(t);
  });
  afterAll(() => t.close());

  const add = (who: TestMember, skuId: number, quantity?: number) =>
    t
      .request()
      .post('/api/cart/items')
      .set(who.auth)
      .send(quantity === undefined ? { skuId } : { skuId, quantity });
  const patch = (who: TestMember, skuId: number, body: object) => t.request().patch(`/api/cart/items/${skuId}`).set(who.auth).send(body);

  describe('GET /api/cart', () => {
    it('requires a member token', async () => {
      const res = await t.request().get('/api/cart');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('answers an empty cart for a new member', async () => {
      expect(await getCart(t, member)).toEqual({
        lines: [],
        totals: { selectedLineCount: 0, selectedQuantity: 0, totalFen: 0, publicTotalFen: 0, savingFen: 0 },
        isAllSelected: false,
      });
    });

    it('prices lines at the member tier and totals only selected, available lines', async () => {
      const gold = await createSellableSku(t, owner.auth, { publicPriceFen: 2000, privatePriceFen: 1500, tierPrices: { gold: 1290 }, stock: 10 });
      const plain = await createSellableSku(t, owner.auth, { publicPriceFen: 5900, privatePriceFen: 3990, stock: 5 });
      await setTier(t, member.id, 'gold');
      await add(member, gold.id, 2).expect(200);
      await add(member, plain.id, 1).expect(200);
      const cart = await getCart(t, member);
      expect(cart.lines.map((line) => [line.skuId, line.unitPriceFen, line.lineTotalFen, line.availability])).toEqual([
        [plain.id, 3990, 3990, 'ok'],
        [gold.id, 1290, 2580, 'ok'],
      ]);
      expect(cart.lines[1]).toMatchObject({ title: expect.any(String), specs: gold.specs, stock: 10, maxQuantity: 10, isSelected: true });
      expect(cart.totals).toEqual({ selectedLineCount: 2, selectedQuantity: 3, totalFen: 6570, publicTotalFen: 9900, savingFen: 3330 });
      expect(cart.isAllSelected).toBe(true);
    });

    it('marks lines sold_out, insufficient_stock and off_sale, and leaves them out of the totals', async () => {
      const soldOut = await createSellableSku(t, owner.auth, { stock: 5 });
      const short = await createSellableSku(t, owner.auth, { stock: 5 });
      const offSale = await createSellableSku(t, owner.auth, { stock: 5 });
      const deleted = await createSellableSku(t, owner.auth, { stock: 5 });
      const fine = await createSellableSku(t, owner.auth, { stock: 5, privatePriceFen: 1000 });
      for (const sku of [soldOut, short, offSale, deleted, fine]) await add(member, sku.id, 3).expect(200);
      await t.deps.db.update(skus).set({ stock: 0 }).where(eq(skus.id, soldOut.id));
      await t.deps.db.update(skus).set({ stock: 2 }).where(eq(skus.id, short.id));
      await t.deps.db.update(skus).set({ deletedAt: new Date() }).where(eq(skus.id, deleted.id));
      await t.request().post(`/api/admin/products/${offSale.productId}/unpublish`).set(owner.auth).expect(200);
      const cart = await getCart(t, member);
      const availability = Object.fromEntries(cart.lines.map((line) => [line.skuId, line.availability]));
      expect(availability).toEqual({
        [soldOut.id]: 'sold_out',
        [short.id]: 'insufficient_stock',
        [offSale.id]: 'off_sale',
        [deleted.id]: 'off_sale',
        [fine.id]: 'ok',
      });
      expect(cart.totals).toMatchObject({ selectedLineCount: 1, selectedQuantity: 3, totalFen: 3000 });
    });
  });

  describe('POST /api/cart/items', () => {
    it('adds to the existing line instead of creating a second one', async () => {
      const sku = await createSellableSku(t, owner.auth, { stock: 10 });
      await add(member, sku.id).expect(200);
      const res = await add(member, sku.id, 3);
      expect(res.status).toBe(200);
      expect(cartResponseSchema.parse(res.body).lines).toEqual([expect.objectContaining({ skuId: sku.id, quantity: 4 })]);
      expect(await cartRowsOf(t, member.id)).toHaveLength(1);
    });

    it('refuses more than the stock with CART_QUANTITY_EXCEEDS_STOCK and details.available', async () => {
      const sku = await createSellableSku(t, owner.auth, { stock: 3 });
      await add(member, sku.id, 2).expect(200);
      const res = await add(member, sku.id, 2);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'CART_QUANTITY_EXCEEDS_STOCK', details: { available: 3, inCart: 2 } });
      expect((await getCart(t, member)).lines[0]?.quantity).toBe(2);
    });

    it('refuses more than the purchase limit with CART_QUANTITY_EXCEEDS_LIMIT and details.limit', async () => {
      const sku = await createSellableSku(t, owner.auth, { stock: 100, purchaseLimit: 2 });
      await add(member, sku.id, 2).expect(200);
      const res = await add(member, sku.id, 1);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'CART_QUANTITY_EXCEEDS_LIMIT', details: { limit: 2 } });
    });

    it('refuses a sold-out SKU with CART_SKU_SOLD_OUT', async () => {
      const sku = await createSellableSku(t, owner.auth, { stock: 0 });
      const res = await add(member, sku.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CART_SKU_SOLD_OUT');
      expect(await cartRowsOf(t, member.id)).toHaveLength(0);
    });

    it.each(['draft product', 'off-sale product', 'deleted SKU', 'unknown SKU'])('refuses a %s with CART_SKU_UNAVAILABLE', async (kind) => {
      let skuId: number;
      if (kind === 'draft product') {
        const product = await createProduct(t, owner.auth);
        skuId = product.skus[0]?.id ?? 0;
      } else if (kind === 'unknown SKU') {
        skuId = 2_000_000_000;
      } else {
        const sku = await createSellableSku(t, owner.auth);
        skuId = sku.id;
        if (kind === 'off-sale product') await t.deps.db.update(products).set({ status: 'off_sale' }).where(eq(products.id, sku.productId));
        else await t.deps.db.update(skus).set({ deletedAt: new Date() }).where(eq(skus.id, sku.id));
      }
      const res = await add(member, skuId);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CART_SKU_UNAVAILABLE');
    });

    it.each([
      ['quantity 0', { quantity: 0 }],
      ['quantity 1000', { quantity: 1000 }],
      ['a fractional quantity', { quantity: 1.5 }],
      ['a string skuId', { skuId: '1' }],
      ['an unknown field', { priceFen: 1 }],
    ])('rejects %s with VALIDATION_FAILED', async (_name, override) => {
      const res = await t
        .request()
        .post('/api/cart/items')
        .set(member.auth)
        .send({ skuId: 1, quantity: 1, ...override });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('refuses a new line in a full cart with CART_TOO_MANY_LINES, but still adds to an existing line', async () => {
      const first = await createSellableSku(t, owner.auth, { stock: 10 });
      const bulk = await insertSkus(t, first.productId, 100);
      await fillCart(t, member.id, bulk);
      const res = await add(member, first.id);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'CART_TOO_MANY_LINES', details: { max: 100 } });
      await add(member, bulk[0] ?? 0, 1).expect(200);
    });
  });

  describe('PATCH /api/cart/items/:skuId', () => {
    it('changes the quantity within stock and refuses beyond it, keeping the old quantity', async () => {
      const sku = await createSellableSku(t, owner.auth, { stock: 6 });
      await add(member, sku.id).expect(200);
      const ok = await patch(member, sku.id, { quantity: 6 });
      expect(ok.status).toBe(200);
      expect(ok.body.lines[0]).toMatchObject({ quantity: 6, lineTotalFen: 9000 });
      const tooMany = await patch(member, sku.id, { quantity: 7 });
      expect(tooMany.status).toBe(409);
      expect(tooMany.body.error).toMatchObject({ code: 'CART_QUANTITY_EXCEEDS_STOCK', details: { available: 6 } });
      expect((await getCart(t, member)).lines[0]?.quantity).toBe(6);
    });

    it('lowers a line that exceeds the stock left, and refuses quantities beyond the purchase limit', async () => {
      const sku = await createSellableSku(t, owner.auth, { stock: 10, purchaseLimit: 3 });
      await add(member, sku.id, 3).expect(200);
      await t.deps.db.update(skus).set({ stock: 2 }).where(eq(skus.id, sku.id));
      expect((await getCart(t, member)).lines[0]?.availability).toBe('insufficient_stock');
      await patch(member, sku.id, { quantity: 2 }).expect(200);
      expect((await getCart(t, member)).lines[0]?.availability).toBe('ok');
      await t.deps.db.update(skus).set({ stock: 10 }).where(eq(skus.id, sku.id));
      const res = await patch(member, sku.id, { quantity: 4 });
      expect(res.body.error).toMatchObject({ code: 'CART_QUANTITY_EXCEEDS_LIMIT', details: { limit: 3 } });
    });

    it('unselects a line and the totals follow', async () => {
      const a = await createSellableSku(t, owner.auth);
      const b = await createSellableSku(t, owner.auth);
      await add(member, a.id).expect(200);
      await add(member, b.id).expect(200);
      const res = await patch(member, a.id, { isSelected: false });
      expect(res.status).toBe(200);
      const cart = cartResponseSchema.parse(res.body);
      expect(cart.totals).toMatchObject({ selectedLineCount: 1, totalFen: 1500 });
      expect(cart.isAllSelected).toBe(false);
    });

    it('answers 404 CART_LINE_NOT_FOUND for a SKU that is not in your cart', async () => {
      const sku = await createSellableSku(t, owner.auth);
      const res = await patch(member, sku.id, { quantity: 2 });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('CART_LINE_NOT_FOUND');
    });

    it("cannot change or remove another member's line", async () => {
      const sku = await createSellableSku(t, owner.auth);
      const other = await loginMember(t);
      await add(other, sku.id, 2).expect(200);
      expect((await patch(member, sku.id, { quantity: 1 })).status).toBe(404);
      expect((await patch(member, sku.id, { isSelected: false })).status).toBe(404);
      expect((await t.request().delete(`/api/cart/items/${sku.id}`).set(member.auth)).status).toBe(404);
      await t.request().put('/api/cart/selection').set(member.auth).send({ isSelected: false }).expect(200);
      expect((await getCart(t, other)).lines).toEqual([expect.objectContaining({ skuId: sku.id, quantity: 2, isSelected: true })]);
      expect((await getCart(t, member)).lines).toEqual([]);
    });

    it('rejects an empty body and a bad SKU id with VALIDATION_FAILED', async () => {
      expect((await patch(member, 1, {})).body.error.code).toBe('VALIDATION_FAILED');
      expect((await t.request().patch('/api/cart/items/abc').set(member.auth).send({ quantity: 1 })).body.error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('DELETE /api/cart/items/:skuId', () => {
    it('removes the line, then answers 404', async () => {
      const sku = await createSellableSku(t, owner.auth);
      await add(member, sku.id).expect(200);
      const res = await t.request().delete(`/api/cart/items/${sku.id}`).set(member.auth);
      expect(res.status).toBe(200);
      expect(res.body.lines).toEqual([]);
      const again = await t.request().delete(`/api/cart/items/${sku.id}`).set(member.auth);
      expect(again.status).toBe(404);
      expect(again.body.error.code).toBe('CART_LINE_NOT_FOUND');
    });
  });

  describe('PUT /api/cart/selection', () => {
    it('selects none, then all', async () => {
      const a = await createSellableSku(t, owner.auth);
      const b = await createSellableSku(t, owner.auth);
      await add(member, a.id).expect(200);
      await add(member, b.id, 2).expect(200);
      const none = cartResponseSchema.parse((await t.request().put('/api/cart/selection').set(member.auth).send({ isSelected: false }).expect(200)).body);
      expect(none.totals).toMatchObject({ selectedLineCount: 0, totalFen: 0 });
      expect(none.lines.every((line) => !line.isSelected)).toBe(true);
      const all = cartResponseSchema.parse((await t.request().put('/api/cart/selection').set(member.auth).send({ isSelected: true }).expect(200)).body);
      expect(all.totals).toMatchObject({ selectedLineCount: 2, selectedQuantity: 3, totalFen: 4500 });
      expect(all.isAllSelected).toBe(true);
    });
  });

  describe('POST /api/cart/merge', () => {
    it('merges a guest cart into existing lines, cuts lines to limits, and reports what it could not add', async () => {
      const existing = await createSellableSku(t, owner.auth, { stock: 10 });
      const limited = await createSellableSku(t, owner.auth, { stock: 100, purchaseLimit: 2 });
      const soldOut = await createSellableSku(t, owner.auth, { stock: 0 });
      const fresh = await createSellableSku(t, owner.auth, { stock: 10 });
      await add(member, existing.id, 2).expect(200);
      const res = await t
        .request()
        .post('/api/cart/merge')
        .set(member.auth)
        .send({
          items: [
            { skuId: existing.id, quantity: 1 },
            { skuId: limited.id, quantity: 3 },
            { skuId: soldOut.id, quantity: 1 },
            { skuId: 2_000_000_001, quantity: 1 },
            { skuId: fresh.id, quantity: 1 },
            { skuId: fresh.id, quantity: 1 },
          ],
        });
      expect(res.status).toBe(200);
      const quantities = Object.fromEntries(res.body.cart.lines.map((line: { skuId: number; quantity: number }) => [line.skuId, line.quantity]));
      expect(quantities).toEqual({ [existing.id]: 3, [limited.id]: 2, [fresh.id]: 2 });
      expect(res.body.adjusted).toEqual([{ skuId: limited.id, requested: 3, quantity: 2, code: 'CART_QUANTITY_EXCEEDS_LIMIT' }]);
      expect(res.body.rejected).toEqual([
        { skuId: soldOut.id, code: 'CART_SKU_SOLD_OUT' },
        { skuId: 2_000_000_001, code: 'CART_SKU_UNAVAILABLE' },
      ]);
    });

    it('rejects more than 100 guest lines with VALIDATION_FAILED', async () => {
      const items = Array.from({ length: 101 }, (_, i) => ({ skuId: i + 1, quantity: 1 }));
      const res = await t.request().post('/api/cart/merge').set(member.auth).send({ items });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('exclusive SKUs (skus.min_tier)', () => {
    const exclusiveSku = async (minTier: 'gold' | 'diamond') => {
      const sku = await createSellableSku(t, owner.auth, { stock: 10 });
      await t.deps.db.update(skus).set({ minTier }).where(eq(skus.id, sku.id));
      return sku;
    };

    it('POST /api/cart/items refuses a diamond-only SKU to a bronze member with 403 SKU_TIER_REQUIRED and adds nothing', async () => {
      const sku = await exclusiveSku('diamond');
      const res = await add(member, sku.id);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'SKU_TIER_REQUIRED', details: { skuId: sku.id, minTier: 'diamond' } });
      expect(await cartRowsOf(t, member.id)).toHaveLength(0);
    });

    it('POST /api/cart/items lets a member at the SKU tier add it', async () => {
      const sku = await exclusiveSku('gold');
      await setTier(t, member.id, 'gold');
      const res = await add(member, sku.id, 2);
      expect(res.status).toBe(200);
      expect(res.body.lines).toEqual([expect.objectContaining({ skuId: sku.id, quantity: 2, availability: 'ok', minTier: 'gold' })]);
    });

    it('PATCH /api/cart/items/:skuId refuses a new quantity with SKU_TIER_REQUIRED once the member lost the tier, but still unselects', async () => {
      const sku = await exclusiveSku('gold');
      await setTier(t, member.id, 'gold');
      await add(member, sku.id).expect(200);
      await setTier(t, member.id, 'bronze');
      const res = await patch(member, sku.id, { quantity: 2 });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('SKU_TIER_REQUIRED');
      expect((await cartRowsOf(t, member.id))[0]?.quantity).toBe(1);
      expect((await patch(member, sku.id, { isSelected: false })).status).toBe(200);
    });

    it('GET /api/cart marks a line tier_required when the SKU became exclusive above the member, and leaves it out of the totals', async () => {
      const sku = await createSellableSku(t, owner.auth, { stock: 10 });
      const fine = await createSellableSku(t, owner.auth, { stock: 10, privatePriceFen: 1000 });
      await add(member, sku.id).expect(200);
      await add(member, fine.id).expect(200);
      await t.deps.db.update(skus).set({ minTier: 'diamond' }).where(eq(skus.id, sku.id));
      const cart = await getCart(t, member);
      const bySku = Object.fromEntries(cart.lines.map((line) => [line.skuId, [line.availability, line.minTier]]));
      expect(bySku).toEqual({ [sku.id]: ['tier_required', 'diamond'], [fine.id]: ['ok', null] });
      expect(cart.totals).toMatchObject({ selectedLineCount: 1, selectedQuantity: 1, totalFen: 1000 });
    });

    it('POST /api/cart/merge rejects an exclusive SKU above the member with SKU_TIER_REQUIRED and merges the rest', async () => {
      const sku = await exclusiveSku('diamond');
      const fine = await createSellableSku(t, owner.auth, { stock: 10 });
      const res = await t
        .request()
        .post('/api/cart/merge')
        .set(member.auth)
        .send({
          items: [
            { skuId: sku.id, quantity: 1 },
            { skuId: fine.id, quantity: 1 },
          ],
        });
      expect(res.status).toBe(200);
      expect(res.body.rejected).toEqual([{ skuId: sku.id, code: 'SKU_TIER_REQUIRED' }]);
      expect(res.body.cart.lines.map((line: { skuId: number }) => line.skuId)).toEqual([fine.id]);
    });
  });
});
