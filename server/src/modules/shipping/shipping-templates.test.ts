import type { ShippingTemplate } from '@siyu/shared';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { auditRows, createOnSaleProduct, firstSku } from '../catalog/test-factories';
import { buildTemplateBody } from './test-factories';

describe.each(testDrivers())('shipping templates admin API (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    owner = await createStaff(t, 'owner');
  });

  async function create(overrides: Record<string, unknown> = {}): Promise<ShippingTemplate> {
    const res = await t.request().post('/api/admin/shipping-templates').set(owner.auth).send(buildTemplateBody(overrides));
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as ShippingTemplate;
  }

  describe('GET /api/admin/shipping-templates', () => {
    it('answers 200 to every staff role and 401 without a token, 401 to a member', async () => {
      for (const role of ['owner', 'operator', 'service', 'analyst'] as const) {
        const staff = await createStaff(t, role);
        const res = await t.request().get('/api/admin/shipping-templates').set(staff.auth);
        expect([role, res.status, Array.isArray(res.body.items)]).toEqual([role, 200, true]);
      }
      expect((await t.request().get('/api/admin/shipping-templates')).status).toBe(401);
      const member = await loginMember(t);
      expect((await t.request().get('/api/admin/shipping-templates').set(member.auth)).status).toBe(401);
    });
  });

  describe('POST /api/admin/shipping-templates', () => {
    it('creates a template, lists it with its product count and audits the write', async () => {
      const created = await create({ name: '顺丰', isDefault: false });
      expect(created).toMatchObject({ name: '顺丰', basis: 'piece', undeliverableProvinceCodes: ['710000', '810000', '820000'] });
      const list = await t.request().get('/api/admin/shipping-templates').set(owner.auth);
      expect(list.body.items.find((item: ShippingTemplate) => item.id === created.id)).toMatchObject({ name: '顺丰', productCount: 0 });
      const [audit] = await auditRows(t, 'shipping_template.create', created.id);
      expect(audit).toMatchObject({ staffId: owner.id, targetType: 'shipping_template' });
    });

    it('keeps one default: a new default takes the flag from the old one', async () => {
      const first = await create({ name: '默认一' });
      const second = await create({ name: '默认二', isDefault: true });
      const list = (await t.request().get('/api/admin/shipping-templates').set(owner.auth)).body.items as ShippingTemplate[];
      expect(list.filter((item) => item.isDefault).map((item) => item.id)).toEqual([second.id]);
      expect(list[0]?.id).toBe(second.id);
      expect(list.find((item) => item.id === first.id)?.isDefault).toBe(false);
    });

    it.each([
      ['a province both charged and undeliverable', { undeliverableProvinceCodes: ['320000'] }, 'body.undeliverableProvinceCodes.0'],
      ['a city code as a province', { undeliverableProvinceCodes: ['440300'] }, 'body.undeliverableProvinceCodes.0'],
      ['a fee in yuan', { defaultRule: { firstUnits: 1, firstFeeFen: 8.5, additionalUnits: 1, additionalFeeFen: 200 } }, 'body.defaultRule.firstFeeFen'],
      ['an unknown basis', { basis: 'volume' }, 'body.basis'],
      ['an empty name', { name: ' ' }, 'body.name'],
    ])('rejects %s with VALIDATION_FAILED and writes nothing', async (_name, override, field) => {
      const before = (await t.request().get('/api/admin/shipping-templates').set(owner.auth)).body.items.length;
      const res = await t.request().post('/api/admin/shipping-templates').set(owner.auth).send(buildTemplateBody(override));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
      expect((await t.request().get('/api/admin/shipping-templates').set(owner.auth)).body.items).toHaveLength(before);
    });

    it.each(['service', 'analyst'] as const)('refuses a %s with FORBIDDEN', async (role) => {
      const staff = await createStaff(t, role);
      const res = await t
        .request()
        .post('/api/admin/shipping-templates')
        .set(staff.auth)
        .send(buildTemplateBody({ isDefault: false }));
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    });
  });

  describe('PUT and DELETE /api/admin/shipping-templates/:id', () => {
    it('replaces a template and audits before and after', async () => {
      const created = await create({ name: '旧名字', isDefault: false });
      const res = await t
        .request()
        .put(`/api/admin/shipping-templates/${created.id}`)
        .set(owner.auth)
        .send(buildTemplateBody({ name: '新名字', isDefault: false, undeliverableProvinceCodes: [] }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: '新名字', undeliverableProvinceCodes: [] });
      const [audit] = await auditRows(t, 'shipping_template.update', created.id);
      expect(audit?.before).toMatchObject({ name: '旧名字' });
      expect(audit?.after).toMatchObject({ name: '新名字' });
    });

    it('answers SHIPPING_TEMPLATE_NOT_FOUND for an unknown id', async () => {
      const put = await t.request().put('/api/admin/shipping-templates/999999').set(owner.auth).send(buildTemplateBody());
      expect([put.status, put.body.error.code]).toEqual([404, 'SHIPPING_TEMPLATE_NOT_FOUND']);
      const del = await t.request().delete('/api/admin/shipping-templates/999999').set(owner.auth);
      expect([del.status, del.body.error.code]).toEqual([404, 'SHIPPING_TEMPLATE_NOT_FOUND']);
    });

    it('refuses to delete the default or a template a product uses, then deletes it once free', async () => {
      const fallback = await create({ name: '默认', isDefault: true });
      const own = await create({ name: '大件', isDefault: false });
      const product = await createOnSaleProduct(t, owner.auth);
      const set = await t
        .request()
        .put(`/api/admin/products/${product.id}/shipping`)
        .set(owner.auth)
        .send({ templateId: own.id, skuWeights: [{ skuId: firstSku(product).id, weightGrams: 1500 }] });
      expect(set.body).toEqual({ productId: product.id, templateId: own.id, skuWeights: [{ skuId: firstSku(product).id, weightGrams: 1500 }] });
      for (const id of [fallback.id, own.id]) {
        const res = await t.request().delete(`/api/admin/shipping-templates/${id}`).set(owner.auth);
        expect([res.status, res.body.error.code]).toEqual([409, 'SHIPPING_TEMPLATE_IN_USE']);
      }
      await t.request().put(`/api/admin/products/${product.id}/shipping`).set(owner.auth).send({ templateId: null });
      expect((await t.request().delete(`/api/admin/shipping-templates/${own.id}`).set(owner.auth)).status).toBe(204);
      expect(await auditRows(t, 'shipping_template.delete', own.id)).toHaveLength(1);
      expect(await auditRows(t, 'product.shipping_update', product.id)).toHaveLength(2);
    });
  });

  describe('PUT /api/admin/products/:id/shipping', () => {
    it('refuses a SKU of another product and an unknown template, writing nothing', async () => {
      const product = await createOnSaleProduct(t, owner.auth);
      const other = await createOnSaleProduct(t, owner.auth);
      const foreign = await t
        .request()
        .put(`/api/admin/products/${product.id}/shipping`)
        .set(owner.auth)
        .send({ templateId: null, skuWeights: [{ skuId: firstSku(other).id, weightGrams: 10 }] });
      expect([foreign.status, foreign.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      const unknown = await t.request().put(`/api/admin/products/${product.id}/shipping`).set(owner.auth).send({ templateId: 999999 });
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'SHIPPING_TEMPLATE_NOT_FOUND']);
      const read = await t.request().get(`/api/admin/products/${product.id}/shipping`).set(owner.auth);
      expect(read.body).toEqual({ productId: product.id, templateId: null, skuWeights: [{ skuId: firstSku(product).id, weightGrams: 0 }] });
      expect(await auditRows(t, 'product.shipping_update', product.id)).toHaveLength(0);
    });
  });
});
