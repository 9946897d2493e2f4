import { PRODUCT_ROLE_NAMES, PRODUCT_ROLES } from '@siyu/shared';
import { listApiRoutes } from '../../app';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { auditRows, createCategory, createOnSaleProduct, createProduct, fetchAdminProduct } from './test-factories';

const INTERNAL_WORDS: readonly string[] = [...PRODUCT_ROLES, ...Object.values(PRODUCT_ROLE_NAMES)];

/** Every path inside a JSON value where a `role` key or an internal role word appears. */
function roleLeaks(value: unknown, path = '$'): string[] {
  if (typeof value === 'string') return INTERNAL_WORDS.includes(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => roleLeaks(item, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => [...(key === 'role' ? [`${path}.role`] : []), ...roleLeaks(child, `${path}.${key}`)]);
  }
  return [];
}

describe.each(testDrivers())('merchandising tags on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  describe('shop responses', () => {
    it('carry the merchant tags and never the internal role (GET /api/products and /api/products/:id)', async () => {
      const category = await createCategory(t, owner.auth);
      const product = await createOnSaleProduct(t, owner.auth, { categoryId: category.id, role: 'profit', tags: ['新人价', '热卖'] });
      const list = await t.request().get('/api/products').query({ categoryId: category.id });
      expect(list.body.items).toEqual([expect.objectContaining({ id: product.id, tags: ['新人价', '热卖'] })]);
      expect(list.body.items[0]).not.toHaveProperty('role');
      const detail = await t.request().get(`/api/products/${product.id}`);
      expect(detail.body).toMatchObject({ id: product.id, tags: ['新人价', '热卖'] });
      expect(roleLeaks(list.body)).toEqual([]);
      expect(roleLeaks(detail.body)).toEqual([]);
    });

    it('leak the role on no shopper GET route (every /api route without path parameters, as a member)', async () => {
      await createOnSaleProduct(t, owner.auth, { role: 'profit', tags: ['限量'] });
      await createOnSaleProduct(t, owner.auth, { role: 'traffic' });
      const member = await loginMember(t);
      const routes = listApiRoutes(t.deps).filter(
        (route) => route.method === 'GET' && route.paramNames.length === 0 && !/^\/api\/(admin|wechat)\b/.test(route.path),
      );
      expect(routes.map((route) => route.path)).toContain('/api/products');
      const leaks: string[] = [];
      for (const route of routes) {
        const res = await t.request().get(route.path).set(member.auth);
        if (res.status === 200 && res.type === 'application/json') leaks.push(...roleLeaks(res.body, route.path));
      }
      expect(leaks).toEqual([]);
    });
  });

  describe('POST/PATCH /api/admin/products', () => {
    it('stores tags, shows them with the role to staff, and audits a change of tags', async () => {
      const product = await createProduct(t, owner.auth, { role: 'traffic', tags: [' 新人价 '] });
      expect(product).toMatchObject({ role: 'traffic', tags: ['新人价'] });
      const res = await t
        .request()
        .patch(`/api/admin/products/${product.id}`)
        .set(owner.auth)
        .send({ tags: ['推荐', '限量'] });
      expect(res.status).toBe(200);
      expect(res.body.tags).toEqual(['推荐', '限量']);
      const [audit] = await auditRows(t, 'product.update', product.id);
      expect(audit).toMatchObject({ before: expect.objectContaining({ tags: ['新人价'] }), after: expect.objectContaining({ tags: ['推荐', '限量'] }) });
    });

    it.each([
      ['an internal role word', ['利润品']],
      ['a tag over 6 characters', ['今日特价限时抢购']],
      ['more than 3 tags', ['新人价', '热卖', '推荐', '限量']],
      ['a repeated tag', ['热卖', '热卖']],
      ['an empty tag', ['  ']],
    ])('rejects %s with VALIDATION_FAILED and changes nothing', async (_, tags) => {
      const product = await createProduct(t, owner.auth, { tags: ['热卖'] });
      const res = await t.request().patch(`/api/admin/products/${product.id}`).set(owner.auth).send({ tags });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((await fetchAdminProduct(t, owner.auth, product.id)).tags).toEqual(['热卖']);
      const created = await t.request().post('/api/admin/products').set(owner.auth).send({ categoryId: product.categoryId, title: '新品', role: 'hero', tags });
      expect(created.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });
});
