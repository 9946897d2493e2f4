import { and, eq } from 'drizzle-orm';
import { favorites } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { buildSku, createOnSaleProduct, createProduct } from '../catalog/test-factories';

describe.each(testDrivers())('favourites on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  const rowsOf = (memberId: number, productId: number) =>
    t.deps.db
      .select()
      .from(favorites)
      .where(and(eq(favorites.memberId, memberId), eq(favorites.productId, productId)));

  describe('PUT /api/me/favorites/:productId', () => {
    it('adds a product once however often it is sent (idempotent)', async () => {
      const member = await loginMember(t);
      const product = await createOnSaleProduct(t, owner.auth, { skus: [buildSku({ publicPriceFen: 3990, privatePriceFen: 2990 })] });
      for (let i = 0; i < 3; i += 1) {
        const res = await t.request().put(`/api/me/favorites/${product.id}`).set(member.auth);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ productId: product.id, isFavorite: true });
      }
      expect(await rowsOf(member.id, product.id)).toHaveLength(1);
      const state = await t.request().get(`/api/me/favorites/${product.id}`).set(member.auth);
      expect(state.body).toEqual({ productId: product.id, isFavorite: true });
    });

    it('refuses a product that is not on sale with PRODUCT_NOT_FOUND and stores nothing', async () => {
      const member = await loginMember(t);
      const draft = await createProduct(t, owner.auth);
      const res = await t.request().put(`/api/me/favorites/${draft.id}`).set(member.auth);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('PRODUCT_NOT_FOUND');
      expect(await rowsOf(member.id, draft.id)).toHaveLength(0);
      expect((await t.request().put('/api/me/favorites/2147483647').set(member.auth)).body.error.code).toBe('PRODUCT_NOT_FOUND');
    });

    it('requires a member', async () => {
      expect((await t.request().put('/api/me/favorites/1')).status).toBe(401);
      expect((await t.request().get('/api/me/favorites')).status).toBe(401);
    });
  });

  describe('DELETE /api/me/favorites/:productId', () => {
    it('removes the caller’s favourite only, and answers the same when it is already gone', async () => {
      const alice = await loginMember(t);
      const bob = await loginMember(t);
      const product = await createOnSaleProduct(t, owner.auth);
      await t.request().put(`/api/me/favorites/${product.id}`).set(alice.auth);
      await t.request().put(`/api/me/favorites/${product.id}`).set(bob.auth);
      for (let i = 0; i < 2; i += 1) {
        const res = await t.request().delete(`/api/me/favorites/${product.id}`).set(alice.auth);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ productId: product.id, isFavorite: false });
      }
      expect(await rowsOf(alice.id, product.id)).toHaveLength(0);
      expect(await rowsOf(bob.id, product.id)).toHaveLength(1);
    });
  });

  describe('GET /api/me/favorites', () => {
    it('lists only the caller’s favourites, newest first, priced like the shop, in pages', async () => {
      const alice = await loginMember(t);
      const bob = await loginMember(t);
      const first = await createOnSaleProduct(t, owner.auth, { skus: [buildSku({ publicPriceFen: 2990, privatePriceFen: 1990 })] });
      const second = await createOnSaleProduct(t, owner.auth, { skus: [buildSku({ publicPriceFen: 3990, privatePriceFen: 2990 })] });
      const third = await createOnSaleProduct(t, owner.auth);
      for (const product of [first, second, third]) await t.request().put(`/api/me/favorites/${product.id}`).set(alice.auth);
      const bobsOnly = await createOnSaleProduct(t, owner.auth);
      await t.request().put(`/api/me/favorites/${bobsOnly.id}`).set(bob.auth);

      const page1 = await t.request().get('/api/me/favorites').query({ limit: 2 }).set(alice.auth);
      expect(page1.status).toBe(200);
      expect(page1.body.items.map((item: { productId: number }) => item.productId)).toEqual([third.id, second.id]);
      expect(page1.body.items[1].product).toMatchObject({ id: second.id, title: second.title, priceFen: 2990 });
      const page2 = await t.request().get('/api/me/favorites').query({ limit: 2, cursor: page1.body.nextCursor }).set(alice.auth);
      expect(page2.body.items.map((item: { productId: number }) => item.productId)).toEqual([first.id]);
      expect(page2.body.nextCursor).toBeNull();
      const all = JSON.stringify([...page1.body.items, ...page2.body.items]);
      expect(all).not.toContain(`"productId":${bobsOnly.id}`);
    });

    it('keeps a favourite whose product went off sale, with no card (the shop shows 已下架)', async () => {
      const member = await loginMember(t);
      const product = await createOnSaleProduct(t, owner.auth);
      await t.request().put(`/api/me/favorites/${product.id}`).set(member.auth);
      const off = await t.request().post(`/api/admin/products/${product.id}/unpublish`).set(owner.auth);
      expect(off.status).toBe(200);
      const res = await t.request().get('/api/me/favorites').set(member.auth);
      expect(res.body.items).toEqual([expect.objectContaining({ productId: product.id, product: null })]);
    });

    it('rejects a forged cursor with INVALID_CURSOR', async () => {
      const member = await loginMember(t);
      const res = await t.request().get('/api/me/favorites').query({ cursor: 'forged' }).set(member.auth);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_CURSOR');
    });
  });
});
