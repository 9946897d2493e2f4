import { eq } from 'drizzle-orm';
import { categories, products } from '../db/schema';
import { testDrivers } from '../testing/drivers';
import { createTestApp, type TestApp } from '../testing/test-app';
import { upgradeDemoPictures } from './upgrade-demo-pictures';

describe.each(testDrivers())('upgradeDemoPictures on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('gives a product seeded with img.siyu.example pictures its generated ones, once, and leaves others alone', async () => {
    const [category] = await t.deps.db.insert(categories).values({ name: '旧演示分类' }).returning();
    const values = { categoryId: category?.id ?? 0, title: '低脂高钙纯牛奶', role: 'hero', description: '**旧描述**' };
    const [old] = await t.deps.db
      .insert(products)
      .values({ ...values, images: [1, 2, 3].map((n) => `https://img.siyu.example/products/lowfat-milk-12-${n}.jpg`) })
      .returning();
    const [own] = await t.deps.db
      .insert(products)
      .values({ ...values, images: ['https://cdn.example.com/own.jpg'] })
      .returning();
    expect(await upgradeDemoPictures(t.deps.db, t.deps.config.media.dir)).toBe(1);
    const [after] = await t.deps.db
      .select()
      .from(products)
      .where(eq(products.id, old?.id ?? 0));
    expect(after?.images).toHaveLength(2);
    for (const url of after?.images ?? []) {
      const res = await t.request().get(url);
      expect([res.status, res.headers['content-type']]).toEqual([200, 'image/jpeg']);
    }
    expect(after?.description).toMatch(/^\*\*旧描述\*\*\n\n!\[详情图\]\(\/media\/[0-9a-f]{32}\.jpg\)$/);
    const [untouched] = await t.deps.db
      .select()
      .from(products)
      .where(eq(products.id, own?.id ?? 0));
    expect(untouched?.images).toEqual(['https://cdn.example.com/own.jpg']);
    expect(await upgradeDemoPictures(t.deps.db, t.deps.config.media.dir)).toBe(0);
  });
});
