import type { StaffRole } from '@siyu/shared';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { buildSku, createCategory, createProduct, firstSku, uniq, type Auth } from './test-factories';

type Method = 'get' | 'post' | 'patch' | 'delete';
interface Target {
  path: string;
  body?: object;
}
interface RouteCase {
  route: string;
  method: Method;
  kind: 'read' | 'write';
  /** Status of a successful call. */
  ok: number;
  /** Creates what the call needs (as the owner) and returns the request to make. */
  prepare: (t: TestApp, owner: Auth) => Promise<Target>;
}

const product = async (t: TestApp, owner: Auth) => createProduct(t, owner);

/** Every admin catalog route, with a request that succeeds for a role allowed to make it. */
const ROUTES: RouteCase[] = [
  { route: 'GET /api/admin/categories', method: 'get', kind: 'read', ok: 200, prepare: async () => ({ path: '/api/admin/categories' }) },
  {
    route: 'POST /api/admin/categories',
    method: 'post',
    kind: 'write',
    ok: 201,
    prepare: async () => ({ path: '/api/admin/categories', body: { name: uniq('c') } }),
  },
  {
    route: 'PATCH /api/admin/categories/:id',
    method: 'patch',
    kind: 'write',
    ok: 200,
    prepare: async (t, owner) => ({ path: `/api/admin/categories/${(await createCategory(t, owner)).id}`, body: { sortOrder: 5 } }),
  },
  {
    route: 'DELETE /api/admin/categories/:id',
    method: 'delete',
    kind: 'write',
    ok: 204,
    prepare: async (t, owner) => ({ path: `/api/admin/categories/${(await createCategory(t, owner)).id}` }),
  },
  { route: 'GET /api/admin/products', method: 'get', kind: 'read', ok: 200, prepare: async () => ({ path: '/api/admin/products' }) },
  {
    route: 'GET /api/admin/products/:id',
    method: 'get',
    kind: 'read',
    ok: 200,
    prepare: async (t, owner) => ({ path: `/api/admin/products/${(await product(t, owner)).id}` }),
  },
  {
    route: 'POST /api/admin/products',
    method: 'post',
    kind: 'write',
    ok: 201,
    prepare: async (t, owner) => ({ path: '/api/admin/products', body: { categoryId: (await createCategory(t, owner)).id, title: 'x', role: 'hero' } }),
  },
  {
    route: 'PATCH /api/admin/products/:id',
    method: 'patch',
    kind: 'write',
    ok: 200,
    prepare: async (t, owner) => ({ path: `/api/admin/products/${(await product(t, owner)).id}`, body: { title: 'y' } }),
  },
  {
    route: 'DELETE /api/admin/products/:id',
    method: 'delete',
    kind: 'write',
    ok: 204,
    prepare: async (t, owner) => ({ path: `/api/admin/products/${(await product(t, owner)).id}` }),
  },
  {
    route: 'POST /api/admin/products/:id/publish',
    method: 'post',
    kind: 'write',
    ok: 200,
    prepare: async (t, owner) => ({ path: `/api/admin/products/${(await product(t, owner)).id}/publish`, body: {} }),
  },
  {
    route: 'POST /api/admin/products/:id/unpublish',
    method: 'post',
    kind: 'write',
    ok: 200,
    prepare: async (t, owner) => ({ path: `/api/admin/products/${(await product(t, owner)).id}/unpublish` }),
  },
  {
    route: 'POST /api/admin/products/:id/skus',
    method: 'post',
    kind: 'write',
    ok: 201,
    prepare: async (t, owner) => ({ path: `/api/admin/products/${(await product(t, owner)).id}/skus`, body: buildSku() }),
  },
  {
    route: 'PATCH /api/admin/skus/:id',
    method: 'patch',
    kind: 'write',
    ok: 200,
    prepare: async (t, owner) => ({ path: `/api/admin/skus/${firstSku(await product(t, owner)).id}`, body: { purchaseLimit: 3 } }),
  },
  {
    route: 'DELETE /api/admin/skus/:id',
    method: 'delete',
    kind: 'write',
    ok: 204,
    prepare: async (t, owner) => ({ path: `/api/admin/skus/${firstSku(await product(t, owner)).id}` }),
  },
  {
    route: 'POST /api/admin/skus/:id/stock-adjustments',
    method: 'post',
    kind: 'write',
    ok: 201,
    prepare: async (t, owner) => ({ path: `/api/admin/skus/${firstSku(await product(t, owner)).id}/stock-adjustments`, body: { delta: 2, reason: '盘点' } }),
  },
  {
    route: 'GET /api/admin/skus/:id/stock-movements',
    method: 'get',
    kind: 'read',
    ok: 200,
    prepare: async (t, owner) => ({ path: `/api/admin/skus/${firstSku(await product(t, owner)).id}/stock-movements` }),
  },
];

const ROLES: StaffRole[] = ['owner', 'operator', 'service', 'analyst'];
/** The role matrix of the catalog (shared/src/staff/roles.ts): owner and operator write, everyone reads. */
const CAN_WRITE: Record<StaffRole, boolean> = { owner: true, operator: true, service: false, analyst: false };

function send(t: TestApp, method: Method, target: Target, auth?: Auth) {
  const request = t.request()[method](target.path);
  if (auth) request.set(auth);
  return target.body === undefined ? request : request.send(target.body);
}

describe.each(testDrivers())('admin catalog role matrix on %s', (driver) => {
  let t: TestApp;
  let staffByRole: Record<StaffRole, TestStaff>;
  beforeAll(async () => {
    t = await createTestApp(driver);
    const accounts = await Promise.all(ROLES.map((role) => createStaff(t, role)));
    staffByRole = Object.fromEntries(accounts.map((account) => [account.role, account])) as Record<StaffRole, TestStaff>;
  });
  afterAll(() => t.close());

  describe.each(ROUTES)('$route', ({ method, kind, ok, prepare }) => {
    it.each(ROLES)('answers %s as the role matrix says', async (role) => {
      const target = await prepare(t, staffByRole.owner.auth);
      const res = await send(t, method, target, staffByRole[role].auth);
      const isAllowed = kind === 'read' || CAN_WRITE[role];
      expect({ status: res.status, code: res.body?.error?.code }).toEqual(isAllowed ? { status: ok, code: undefined } : { status: 403, code: 'FORBIDDEN' });
    });

    it('answers 401 UNAUTHENTICATED without a token', async () => {
      const target = await prepare(t, staffByRole.owner.auth);
      const res = await send(t, method, target);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('answers 401 to a member token', async () => {
      const target = await prepare(t, staffByRole.owner.auth);
      const member = await loginMember(t);
      const res = await send(t, method, target, member.auth);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('TOKEN_INVALID');
    });
  });
});
