import { eq } from 'drizzle-orm';
import { products, skus } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { auditRows, buildSku, createOnSaleProduct, createProduct, firstSku } from './test-factories';

/** Cost ¥8: a private price of ¥7 is ¥1 below cost. */
const belowCostSku = () => buildSku({ privatePriceFen: 700, costPriceFen: 800 });

describe.each(testDrivers())('below-cost guard on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let operator: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    [owner, operator] = await Promise.all([createStaff(t, 'owner'), createStaff(t, 'operator')]);
  });
  afterAll(() => t.close());

  const status = async (productId: number) => (await t.deps.db.select().from(products).where(eq(products.id, productId)))[0]?.status;
  const skuRow = async (id: number) => (await t.deps.db.select().from(skus).where(eq(skus.id, id)))[0];

  describe('POST /api/admin/products/:id/publish', () => {
    it.each(['owner', 'operator'] as const)('asks the %s to confirm with BELOW_COST_CONFIRMATION_REQUIRED listing the prices', async (role) => {
      const staff = role === 'owner' ? owner : operator;
      const product = await createProduct(t, owner.auth, { skus: [belowCostSku(), buildSku()] });
      const res = await t.request().post(`/api/admin/products/${product.id}/publish`).set(staff.auth).send({});
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('BELOW_COST_CONFIRMATION_REQUIRED');
      expect(res.body.error.details).toEqual({
        skus: [{ skuId: firstSku(product).id, priceKind: 'private', priceFen: 700, costPriceFen: 800, marginFen: -100 }],
      });
      expect(await status(product.id)).toBe('draft');
      expect(await auditRows(t, 'product.publish', product.id)).toHaveLength(0);
    });

    it('flags a tier price below cost too', async () => {
      const product = await createProduct(t, owner.auth, { skus: [buildSku({ costPriceFen: 800, tierPrices: { gold: 750, diamond: 900 } })] });
      const res = await t.request().post(`/api/admin/products/${product.id}/publish`).set(owner.auth).send({});
      expect(res.body.error.details.skus).toEqual([expect.objectContaining({ priceKind: 'gold', priceFen: 750, marginFen: -50 })]);
    });

    it('refuses an operator’s confirmation with 403 BELOW_COST_OWNER_ONLY and keeps the draft', async () => {
      const product = await createProduct(t, owner.auth, { skus: [belowCostSku()] });
      const res = await t.request().post(`/api/admin/products/${product.id}/publish`).set(operator.auth).send({ confirmBelowCost: true });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('BELOW_COST_OWNER_ONLY');
      expect(await status(product.id)).toBe('draft');
      expect(await auditRows(t, 'product.publish', product.id)).toHaveLength(0);
    });

    it('publishes on the owner’s confirmation and records it in the audit row', async () => {
      const product = await createProduct(t, owner.auth, { skus: [belowCostSku()] });
      const res = await t.request().post(`/api/admin/products/${product.id}/publish`).set(owner.auth).send({ confirmBelowCost: true });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('on_sale');
      const [audit] = await auditRows(t, 'product.publish', product.id);
      expect(audit?.after).toEqual({
        status: 'on_sale',
        belowCostConfirmed: true,
        belowCostPrices: [{ skuId: firstSku(product).id, priceKind: 'private', priceFen: 700, costPriceFen: 800, marginFen: -100 }],
      });
    });

    it('publishes a product priced above cost without any confirmation, for an operator', async () => {
      const product = await createProduct(t, owner.auth);
      const res = await t.request().post(`/api/admin/products/${product.id}/publish`).set(operator.auth).send({});
      expect(res.status).toBe(200);
      const [audit] = await auditRows(t, 'product.publish', product.id);
      expect(audit?.after).toEqual({ status: 'on_sale' });
    });
  });

  describe('drafts', () => {
    it('may hold a below-cost price (created and edited) without confirmation', async () => {
      const product = await createProduct(t, operator.auth, { skus: [belowCostSku()] });
      const res = await t
        .request()
        .patch(`/api/admin/skus/${firstSku(product).id}`)
        .set(operator.auth)
        .send({ privatePriceFen: 100 });
      expect(res.status).toBe(200);
      const added = await t.request().post(`/api/admin/products/${product.id}/skus`).set(operator.auth).send(belowCostSku());
      expect(added.status).toBe(201);
    });
  });

  describe('PATCH /api/admin/skus/:id on an on_sale product', () => {
    it('requires confirmation for a price cut below cost and leaves the price unchanged', async () => {
      const product = await createOnSaleProduct(t, owner.auth);
      const sku = firstSku(product);
      const res = await t.request().patch(`/api/admin/skus/${sku.id}`).set(operator.auth).send({ privatePriceFen: 500 });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('BELOW_COST_CONFIRMATION_REQUIRED');
      expect(res.body.error.details.skus[0]).toEqual({ skuId: sku.id, priceKind: 'private', priceFen: 500, costPriceFen: 800, marginFen: -300 });
      expect((await skuRow(sku.id))?.privatePriceFen).toBe(1500);
    });

    it('requires confirmation when a cost increase puts the price below cost', async () => {
      const product = await createOnSaleProduct(t, owner.auth);
      const res = await t
        .request()
        .patch(`/api/admin/skus/${firstSku(product).id}`)
        .set(owner.auth)
        .send({ costPriceFen: 1600 });
      expect(res.body.error.code).toBe('BELOW_COST_CONFIRMATION_REQUIRED');
    });

    it('refuses an operator’s confirmation with 403 BELOW_COST_OWNER_ONLY', async () => {
      const product = await createOnSaleProduct(t, owner.auth);
      const sku = firstSku(product);
      const res = await t
        .request()
        .patch(`/api/admin/skus/${sku.id}`)
        .set(operator.auth)
        .send({ tierPrices: { gold: 600 }, confirmBelowCost: true });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('BELOW_COST_OWNER_ONLY');
      expect((await t.request().get(`/api/admin/products/${product.id}`).set(owner.auth)).body.skus[0].tierPrices).toEqual({});
    });

    it('applies the owner’s confirmed cut and audits the offending prices', async () => {
      const product = await createOnSaleProduct(t, owner.auth);
      const sku = firstSku(product);
      const res = await t.request().patch(`/api/admin/skus/${sku.id}`).set(owner.auth).send({ privatePriceFen: 500, confirmBelowCost: true });
      expect(res.status).toBe(200);
      expect((await skuRow(sku.id))?.privatePriceFen).toBe(500);
      const [audit] = await auditRows(t, 'sku.update', sku.id);
      expect(audit?.after).toMatchObject({
        privatePriceFen: 500,
        belowCostConfirmed: true,
        belowCostPrices: [{ skuId: sku.id, priceKind: 'private', marginFen: -300 }],
      });
    });

    it('does not ask about edits that do not touch prices', async () => {
      const product = await createProduct(t, owner.auth, { skus: [belowCostSku()] });
      await t.request().post(`/api/admin/products/${product.id}/publish`).set(owner.auth).send({ confirmBelowCost: true }).expect(200);
      const res = await t
        .request()
        .patch(`/api/admin/skus/${firstSku(product).id}`)
        .set(operator.auth)
        .send({ purchaseLimit: 5 });
      expect(res.status).toBe(200);
    });
  });

  describe('POST /api/admin/products/:id/skus on an on_sale product', () => {
    it('requires confirmation for a new SKU below cost (skuId null) and adds nothing', async () => {
      const product = await createOnSaleProduct(t, owner.auth);
      const res = await t.request().post(`/api/admin/products/${product.id}/skus`).set(owner.auth).send(belowCostSku());
      expect(res.status).toBe(409);
      expect(res.body.error.details.skus).toEqual([{ skuId: null, priceKind: 'private', priceFen: 700, costPriceFen: 800, marginFen: -100 }]);
      expect(await t.deps.db.select().from(skus).where(eq(skus.productId, product.id))).toHaveLength(1);
    });

    it('refuses an operator’s confirmation with 403 BELOW_COST_OWNER_ONLY', async () => {
      const product = await createOnSaleProduct(t, owner.auth);
      const res = await t
        .request()
        .post(`/api/admin/products/${product.id}/skus`)
        .set(operator.auth)
        .send({ ...belowCostSku(), confirmBelowCost: true });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('BELOW_COST_OWNER_ONLY');
    });

    it('adds it on the owner’s confirmation and audits the prices under the new SKU id', async () => {
      const product = await createOnSaleProduct(t, owner.auth);
      const res = await t
        .request()
        .post(`/api/admin/products/${product.id}/skus`)
        .set(owner.auth)
        .send({ ...belowCostSku(), confirmBelowCost: true });
      expect(res.status).toBe(201);
      const [audit] = await auditRows(t, 'sku.create', res.body.id);
      expect(audit?.after).toMatchObject({ belowCostConfirmed: true, belowCostPrices: [{ skuId: res.body.id, priceKind: 'private' }] });
    });
  });
});
