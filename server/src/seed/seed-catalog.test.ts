import path from 'node:path';
import { isNull } from 'drizzle-orm';
import { categories, media, products, skus, skuTierPrices } from '../db/schema';
import { testDrivers } from '../testing/drivers';
import { createTestApp, type TestApp } from '../testing/test-app';
import { generateDemoImages } from './demo-images';
import { localMediaStorage } from '../modules/media';
import { ean13, seedDemoCatalog, type CatalogSeedCounts } from './seed-catalog';

describe.each(testDrivers())('seedDemoCatalog on %s', (driver) => {
  let t: TestApp;
  let counts: CatalogSeedCounts;
  beforeAll(async () => {
    t = await createTestApp(driver);
    const { dir } = t.deps.config.media;
    const images = await generateDemoImages(localMediaStorage(dir), path.join(dir, 'generated'));
    counts = await t.deps.db.transaction((tx) => seedDemoCatalog(tx, images));
  });
  afterAll(() => t.close());

  const load = async () => ({
    categoryRows: await t.deps.db.select().from(categories),
    productRows: await t.deps.db.select().from(products),
    skuRows: await t.deps.db.select().from(skus).where(isNull(skus.deletedAt)),
    tierRows: await t.deps.db.select().from(skuTierPrices),
  });

  it('reports the counts it inserted: about 6 top-level categories with children, about 40 products', async () => {
    const { categoryRows, productRows, skuRows } = await load();
    expect(counts).toEqual({ categories: categoryRows.length, products: productRows.length, skus: skuRows.length });
    const tops = categoryRows.filter((row) => row.parentId === null);
    expect(tops.length).toBeGreaterThanOrEqual(5);
    expect(productRows.length).toBeGreaterThanOrEqual(35);
    const topIds = new Set(tops.map((row) => row.id));
    expect(categoryRows.every((row) => row.parentId === null || topIds.has(row.parentId))).toBe(true);
  });

  it('gives every product 1–3 SKUs and a price_from_fen equal to its lowest private price', async () => {
    const { productRows, skuRows } = await load();
    for (const product of productRows) {
      const own = skuRows.filter((sku) => sku.productId === product.id);
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(own.length).toBeLessThanOrEqual(3);
      expect(product.priceFromFen).toBe(Math.min(...own.map((sku) => sku.privatePriceFen)));
    }
  });

  it('prices every SKU in integer fen with private ≤ public, and above cost (tier prices too) when on sale', async () => {
    const { productRows, skuRows, tierRows } = await load();
    const onSale = new Set(productRows.filter((row) => row.status === 'on_sale').map((row) => row.id));
    for (const sku of skuRows) {
      for (const price of [sku.publicPriceFen, sku.privatePriceFen, sku.costPriceFen]) expect(Number.isSafeInteger(price)).toBe(true);
      expect(sku.privatePriceFen).toBeLessThan(sku.publicPriceFen);
      if (onSale.has(sku.productId)) expect(sku.costPriceFen).toBeLessThanOrEqual(sku.privatePriceFen);
    }
    for (const tier of tierRows) {
      const sku = skuRows.find((row) => row.id === tier.skuId);
      expect(tier.priceFen).toBeLessThan(sku?.privatePriceFen ?? 0);
      expect(tier.priceFen).toBeGreaterThanOrEqual(sku?.costPriceFen ?? Infinity);
    }
    expect(new Set(tierRows.map((row) => row.tierCode))).toEqual(new Set(['gold', 'platinum', 'diamond']));
  });

  it('covers all three roles, mostly on sale with some drafts and off_sale, ¥9.9 limited trial packs and ¥298+ gift boxes', async () => {
    const { productRows, skuRows } = await load();
    expect(new Set(productRows.map((row) => row.role))).toEqual(new Set(['traffic', 'hero', 'profit']));
    const statuses = productRows.map((row) => row.status);
    expect(statuses.filter((status) => status === 'on_sale').length).toBeGreaterThan(productRows.length * 0.8);
    expect(statuses).toContain('draft');
    expect(statuses).toContain('off_sale');
    const trafficSkus = skuRows.filter((sku) => productRows.find((row) => row.id === sku.productId)?.role === 'traffic');
    expect(trafficSkus.every((sku) => sku.privatePriceFen === 990 && sku.purchaseLimit !== null)).toBe(true);
    expect(skuRows.some((sku) => sku.privatePriceFen >= 29_800)).toBe(true);
    expect(skuRows.some((sku) => sku.stock === 0)).toBe(true);
  });

  it('shows generated library pictures served by this server, markdown descriptions with a picture, and valid unique EAN-13 barcodes', async () => {
    const { productRows, skuRows } = await load();
    for (const product of productRows) {
      expect(product.images).toHaveLength(2);
      expect(product.images.every((url) => /^\/media\/[0-9a-f]{32}\.jpg$/.test(url))).toBe(true);
      expect(product.description).toMatch(/\*\*.+\*\*/);
      expect(product.description).toContain(`](${product.images[1]})`);
    }
    const res = await t.request().get(productRows[0]?.images[0] ?? '');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(await t.deps.db.select().from(media)).toHaveLength(productRows.length * 2);
    const barcodes = skuRows.map((sku) => sku.barcode ?? '');
    expect(new Set(barcodes).size).toBe(barcodes.length);
    expect(barcodes.every((code) => /^\d{13}$/.test(code) && ean13(code.slice(0, 12)) === code)).toBe(true);
  });

  it('answers every picture GET /api/products and a product page show from this server as image/*', async () => {
    const list = await t.request().get('/api/products?limit=50');
    const detail = await t.request().get(`/api/products/${String(list.body.items[0].id)}`);
    const urls = [...list.body.items.map((item: { image: string | null }) => item.image), ...detail.body.images];
    expect(urls.length).toBeGreaterThan(30);
    for (const url of urls) {
      expect(url).toMatch(/^\/media\//);
      const res = await t.request().get(url);
      expect([res.status, res.headers['content-type']]).toEqual([200, expect.stringMatching(/^image\//)]);
    }
  });

  it('shows shoppers only the on_sale products', async () => {
    const res = await t.request().get('/api/products?limit=50');
    const expected = (await load()).productRows.filter((row) => row.status === 'on_sale').map((row) => row.id);
    expect(res.body.items.map((item: { id: number }) => item.id).sort()).toEqual(expected.sort());
  });
});

describe('ean13', () => {
  it.each([
    ['400638133393', '4006381333931'],
    ['690123456789', '6901234567892'],
  ])('appends the GS1 check digit to %s', (first12, full) => {
    expect(ean13(first12)).toBe(full);
  });
});
