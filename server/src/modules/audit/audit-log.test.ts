import { auditEntrySchema } from '@siyu/shared';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { buildSku, createCategory, createProduct } from '../catalog/test-factories';

describe.each(testDrivers())('GET /api/admin/audit-log on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  async function entries(query: Record<string, string>) {
    const res = await t.request().get('/api/admin/audit-log').query(query).set(owner.auth);
    expect(res.status).toBe(200);
    return (res.body.items as unknown[]).map((item) => auditEntrySchema.parse(item));
  }

  it('names the target (product title, category name, SKU as title · specs) instead of only its id', async () => {
    const category = await createCategory(t, owner.auth, { name: '审计分类' });
    const product = await createProduct(t, owner.auth, { categoryId: category.id, title: '审计低脂牛奶', skus: [buildSku({ specs: { 规格: '250ml×12' } })] });
    const [created] = await entries({ action: 'product.create', targetId: String(product.id) });
    expect(created).toMatchObject({ targetType: 'product', targetName: '审计低脂牛奶' });
    const [categoryEntry] = await entries({ action: 'category.create', targetId: String(category.id) });
    expect(categoryEntry?.targetName).toBe('审计分类');
    const sku = product.skus[0];
    const adjusted = await t.request().post(`/api/admin/skus/${sku?.id}/stock-adjustments`).set(owner.auth).send({ delta: 5, reason: '盘点' });
    expect(adjusted.status).toBeLessThan(300);
    const [stock] = await entries({ action: 'sku.stock_adjust', targetId: String(sku?.id) });
    expect(stock?.targetName).toBe('审计低脂牛奶 · 250ml×12');
  });

  it('names staff targets by display name, and leaves a deleted target nameless (its id stays)', async () => {
    const username = `audit_${Date.now().toString(36)}`;
    const created = await t
      .request()
      .post('/api/admin/staff')
      .set(owner.auth)
      .send({ username, displayName: '客服小周', role: 'service', password: 'a-long-password-1' });
    expect(created.status).toBe(201);
    const [staffEntry] = await entries({ action: 'staff.create', targetId: String(created.body.id) });
    expect(staffEntry?.targetName).toBe('客服小周');
    const draft = await createProduct(t, owner.auth, { title: '审计草稿' });
    await t.request().delete(`/api/admin/products/${draft.id}`).set(owner.auth).expect(204);
    const [deleted] = await entries({ action: 'product.delete', targetId: String(draft.id) });
    expect(deleted).toMatchObject({ targetId: String(draft.id), targetName: null });
  });
});
