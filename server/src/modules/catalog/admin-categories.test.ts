import { eq } from 'drizzle-orm';
import { categories } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { auditRows, createCategory, createProduct, uniq } from './test-factories';

describe.each(testDrivers())('admin categories on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  describe('GET /api/admin/categories', () => {
    it('returns the two-level tree with children in sort order', async () => {
      const top = await createCategory(t, owner.auth, { sortOrder: 9000 });
      const second = await createCategory(t, owner.auth, { parentId: top.id, sortOrder: 2 });
      const first = await createCategory(t, owner.auth, { parentId: top.id, sortOrder: 1 });
      const res = await t.request().get('/api/admin/categories').set(owner.auth);
      expect(res.status).toBe(200);
      const node = res.body.items.find((item: { id: number }) => item.id === top.id);
      expect(node.children.map((child: { id: number }) => child.id)).toEqual([first.id, second.id]);
      expect(res.body.items.some((item: { id: number }) => item.id === first.id)).toBe(false);
    });
  });

  describe('POST /api/admin/categories', () => {
    it('creates a category and audits it in the same transaction', async () => {
      const name = uniq('茶饮');
      const res = await t.request().post('/api/admin/categories').set(owner.auth).send({ name, sortOrder: 3 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name, parentId: null, sortOrder: 3 });
      const [audit] = await auditRows(t, 'category.create', res.body.id);
      expect(audit).toMatchObject({ staffId: owner.id, staffRole: 'owner', targetType: 'category', after: { name } });
    });

    it('rejects a sibling with the same name with CATEGORY_NAME_TAKEN and inserts nothing', async () => {
      const top = await createCategory(t, owner.auth);
      const child = await createCategory(t, owner.auth, { parentId: top.id, name: '同名' });
      const res = await t.request().post('/api/admin/categories').set(owner.auth).send({ name: '同名', parentId: top.id });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CATEGORY_NAME_TAKEN');
      const rows = await t.deps.db.select().from(categories).where(eq(categories.parentId, top.id));
      expect(rows.map((row) => row.id)).toEqual([child.id]);
    });

    it('allows the same name under different parents', async () => {
      const a = await createCategory(t, owner.auth);
      const b = await createCategory(t, owner.auth);
      await createCategory(t, owner.auth, { parentId: a.id, name: '牛奶' });
      const res = await t.request().post('/api/admin/categories').set(owner.auth).send({ name: '牛奶', parentId: b.id });
      expect(res.status).toBe(201);
    });

    it('rejects a third level with CATEGORY_DEPTH_EXCEEDED', async () => {
      const top = await createCategory(t, owner.auth);
      const child = await createCategory(t, owner.auth, { parentId: top.id });
      const res = await t
        .request()
        .post('/api/admin/categories')
        .set(owner.auth)
        .send({ name: uniq('孙'), parentId: child.id });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('CATEGORY_DEPTH_EXCEEDED');
    });

    it('rejects an unknown parent with CATEGORY_NOT_FOUND', async () => {
      const res = await t
        .request()
        .post('/api/admin/categories')
        .set(owner.auth)
        .send({ name: uniq('孤'), parentId: 999_999 });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('CATEGORY_NOT_FOUND');
    });

    it.each([
      ['an empty name', { name: '  ' }, 'body.name'],
      ['an over-long name', { name: '长'.repeat(21) }, 'body.name'],
      ['a float sort order', { name: 'ok', sortOrder: 1.5 }, 'body.sortOrder'],
      ['a string parent id', { name: 'ok', parentId: '3' }, 'body.parentId'],
      ['a control character', { name: 'a\u0007b' }, 'body.name'],
    ])('rejects %s with VALIDATION_FAILED naming the field', async (_label, body, field) => {
      const res = await t.request().post('/api/admin/categories').set(owner.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
    });

    it('rejects an unknown field with VALIDATION_FAILED naming it', async () => {
      const res = await t
        .request()
        .post('/api/admin/categories')
        .set(owner.auth)
        .send({ name: uniq('x'), icon: 'x.png' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.error.details.issues)).toContain('icon');
    });
  });

  describe('PATCH /api/admin/categories/:id', () => {
    it('renames and records before and after in the audit log', async () => {
      const category = await createCategory(t, owner.auth);
      const name = uniq('新名');
      const res = await t.request().patch(`/api/admin/categories/${category.id}`).set(owner.auth).send({ name });
      expect(res.status).toBe(200);
      expect(res.body.name).toBe(name);
      const [audit] = await auditRows(t, 'category.update', category.id);
      expect(audit).toMatchObject({ before: { name: category.name }, after: { name } });
    });

    it('moves a leaf under a top-level category and back to the top level', async () => {
      const top = await createCategory(t, owner.auth);
      const leaf = await createCategory(t, owner.auth);
      const moved = await t.request().patch(`/api/admin/categories/${leaf.id}`).set(owner.auth).send({ parentId: top.id });
      expect(moved.body.parentId).toBe(top.id);
      const back = await t.request().patch(`/api/admin/categories/${leaf.id}`).set(owner.auth).send({ parentId: null });
      expect(back.body.parentId).toBeNull();
    });

    it('refuses to move a category that has children under another with CATEGORY_DEPTH_EXCEEDED', async () => {
      const parent = await createCategory(t, owner.auth);
      await createCategory(t, owner.auth, { parentId: parent.id });
      const target = await createCategory(t, owner.auth);
      const res = await t.request().patch(`/api/admin/categories/${parent.id}`).set(owner.auth).send({ parentId: target.id });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('CATEGORY_DEPTH_EXCEEDED');
      expect(await auditRows(t, 'category.update', parent.id)).toHaveLength(0);
    });

    it('refuses to move a category under a child category with CATEGORY_DEPTH_EXCEEDED', async () => {
      const top = await createCategory(t, owner.auth);
      const child = await createCategory(t, owner.auth, { parentId: top.id });
      const leaf = await createCategory(t, owner.auth);
      const res = await t.request().patch(`/api/admin/categories/${leaf.id}`).set(owner.auth).send({ parentId: child.id });
      expect(res.body.error.code).toBe('CATEGORY_DEPTH_EXCEEDED');
    });

    it('refuses a category as its own parent with VALIDATION_FAILED on body.parentId', async () => {
      const category = await createCategory(t, owner.auth);
      const res = await t.request().patch(`/api/admin/categories/${category.id}`).set(owner.auth).send({ parentId: category.id });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].field).toBe('body.parentId');
    });

    it('answers 404 CATEGORY_NOT_FOUND for an unknown id', async () => {
      const res = await t.request().patch('/api/admin/categories/999999').set(owner.auth).send({ name: 'x' });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('CATEGORY_NOT_FOUND');
    });

    it.each([
      ['an empty body', {}, 'body'],
      ['a negative sort order', { sortOrder: -1 }, 'body.sortOrder'],
      ['a numeric name', { name: 12 }, 'body.name'],
    ])('rejects %s with VALIDATION_FAILED', async (_label, body, field) => {
      const category = await createCategory(t, owner.auth);
      const res = await t.request().patch(`/api/admin/categories/${category.id}`).set(owner.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
    });

    it('rejects a malformed id in the path with VALIDATION_FAILED on params.id', async () => {
      const res = await t.request().patch('/api/admin/categories/abc').set(owner.auth).send({ name: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].field).toBe('params.id');
    });
  });

  describe('DELETE /api/admin/categories/:id', () => {
    it('deletes an empty category and audits it', async () => {
      const category = await createCategory(t, owner.auth);
      const res = await t.request().delete(`/api/admin/categories/${category.id}`).set(owner.auth);
      expect(res.status).toBe(204);
      expect(await t.deps.db.select().from(categories).where(eq(categories.id, category.id))).toHaveLength(0);
      expect(await auditRows(t, 'category.delete', category.id)).toHaveLength(1);
    });

    it('refuses a category with children with CATEGORY_NOT_EMPTY and keeps it', async () => {
      const top = await createCategory(t, owner.auth);
      await createCategory(t, owner.auth, { parentId: top.id });
      const res = await t.request().delete(`/api/admin/categories/${top.id}`).set(owner.auth);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CATEGORY_NOT_EMPTY');
      expect(await t.deps.db.select().from(categories).where(eq(categories.id, top.id))).toHaveLength(1);
      expect(await auditRows(t, 'category.delete', top.id)).toHaveLength(0);
    });

    it('refuses a category that holds a product (even a draft) with CATEGORY_NOT_EMPTY', async () => {
      const category = await createCategory(t, owner.auth);
      await createProduct(t, owner.auth, { categoryId: category.id });
      const res = await t.request().delete(`/api/admin/categories/${category.id}`).set(owner.auth);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CATEGORY_NOT_EMPTY');
    });

    it('answers 404 CATEGORY_NOT_FOUND for an unknown id', async () => {
      const res = await t.request().delete('/api/admin/categories/999999').set(owner.auth);
      expect(res.status).toBe(404);
    });
  });
});
