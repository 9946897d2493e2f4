import { and, eq } from 'drizzle-orm';
import type { StaffRole } from '@siyu/shared';
import { auditLog } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';

const ROLES: StaffRole[] = ['owner', 'operator', 'service', 'analyst'];

describe.each(testDrivers())('staff on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  const auditRows = (action: string, targetId?: number) =>
    t.deps.db
      .select()
      .from(auditLog)
      .where(targetId === undefined ? eq(auditLog.action, action) : and(eq(auditLog.action, action), eq(auditLog.targetId, String(targetId))));

  describe('POST /api/admin/auth/login', () => {
    it('signs in with username and password and the token opens /api/admin/me', async () => {
      const operator = await createStaff(t, 'operator');
      const res = await t.request().post('/api/admin/auth/login').send({ username: operator.username, password: operator.password });
      expect(res.status).toBe(200);
      expect(res.body.staff).toMatchObject({ id: operator.id, role: 'operator', isDisabled: false });
      expect(res.body.staff.passwordHash).toBeUndefined();
      const me = await t.request().get('/api/admin/me').set('Authorization', `Bearer ${res.body.accessToken}`);
      expect(me.body).toMatchObject({ id: operator.id, role: 'operator' });
      expect(await auditRows('staff.login', operator.id)).toHaveLength(1);
    });

    it('answers the same INVALID_CREDENTIALS for a wrong password and an unknown user, and audits both', async () => {
      const owner = await createStaff(t, 'owner');
      const wrong = await t.request().post('/api/admin/auth/login').send({ username: owner.username, password: 'wrong-password' });
      const unknown = await t.request().post('/api/admin/auth/login').send({ username: 'nobody_here', password: 'wrong-password' });
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect([wrong.body.error.code, unknown.body.error.code]).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);
      expect(await auditRows('staff.login_failed', owner.id)).toHaveLength(1);
    });

    it('throttles a username after 5 failures with 429 TOO_MANY_ATTEMPTS, even with the right password', async () => {
      const target = await createStaff(t, 'service');
      for (let i = 0; i < 5; i += 1) {
        const res = await t
          .request()
          .post('/api/admin/auth/login')
          .send({ username: target.username, password: `guess-${i}` });
        expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
      }
      const blocked = await t.request().post('/api/admin/auth/login').send({ username: target.username, password: target.password });
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
      t.clock.advance(16 * 60 * 1000);
      expect((await t.request().post('/api/admin/auth/login').send({ username: target.username, password: target.password })).status).toBe(200);
    });

    it('lets the owner in with the right password after 20 failed logins with made-up usernames from the same IP', async () => {
      t.clock.advance(16 * 60 * 1000); // a fresh throttling window
      const owner = await createStaff(t, 'owner');
      for (let i = 0; i < 20; i += 1) {
        const res = await t
          .request()
          .post('/api/admin/auth/login')
          .send({ username: `made_up_${i}`, password: 'guess-password' });
        expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
      }
      const startedAt = Date.now();
      const res = await t.request().post('/api/admin/auth/login').send({ username: owner.username, password: owner.password });
      expect(res.status).toBe(200);
      expect(res.body.staff.id).toBe(owner.id);
      expect(Date.now() - startedAt).toBeLessThan(1000);
    });

    it('answers failures beyond 20 per IP after a progressive delay (250 ms, then 500 ms), still INVALID_CREDENTIALS', async () => {
      t.clock.advance(16 * 60 * 1000);
      for (let i = 0; i < 20; i += 1)
        await t
          .request()
          .post('/api/admin/auth/login')
          .send({ username: `sprayed_${i}`, password: 'guess-password' });
      const timed = async (username: string) => {
        const startedAt = Date.now();
        const res = await t.request().post('/api/admin/auth/login').send({ username, password: 'guess-password' });
        return { code: res.body.error.code as string, ms: Date.now() - startedAt };
      };
      const first = await timed('sprayed_20');
      const second = await timed('sprayed_21');
      expect([first.code, second.code]).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);
      expect(first.ms).toBeGreaterThanOrEqual(250);
      expect(second.ms).toBeGreaterThanOrEqual(500);
    });

    it('refuses a disabled account with STAFF_DISABLED', async () => {
      const owner = await createStaff(t, 'owner');
      const analyst = await createStaff(t, 'analyst');
      await t.request().patch(`/api/admin/staff/${analyst.id}`).set(owner.auth).send({ isDisabled: true }).expect(200);
      const res = await t.request().post('/api/admin/auth/login').send({ username: analyst.username, password: analyst.password });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('STAFF_DISABLED');
      expect((await t.request().get('/api/admin/me').set(analyst.auth)).status).toBe(401);
    });

    it('rejects a malformed body with VALIDATION_FAILED', async () => {
      const res = await t.request().post('/api/admin/auth/login').send({ username: 'owner' });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].field).toBe('body.password');
    });
  });

  describe('role matrix', () => {
    const routes: { method: 'get' | 'post' | 'patch'; path: string; body?: object; allowed: StaffRole[] }[] = [
      { method: 'get', path: '/api/admin/me', allowed: ROLES },
      { method: 'get', path: '/api/admin/staff', allowed: ['owner'] },
      {
        method: 'post',
        path: '/api/admin/staff',
        body: { username: 'matrix_new', displayName: 'x', role: 'analyst', password: 'long-enough-password' },
        allowed: ['owner'],
      },
      { method: 'patch', path: '/api/admin/staff/TARGET', body: { displayName: 'renamed' }, allowed: ['owner'] },
      { method: 'post', path: '/api/admin/staff/TARGET/password', body: { password: 'another-long-password' }, allowed: ['owner'] },
      { method: 'post', path: '/api/admin/staff/TARGET/unlock', allowed: ['owner'] },
      { method: 'get', path: '/api/admin/audit-log', allowed: ['owner'] },
      { method: 'get', path: '/api/admin/members', allowed: ROLES },
    ];
    for (const route of routes) {
      for (const role of ROLES) {
        const expected = route.allowed.includes(role) ? 'allowed' : 'FORBIDDEN';
        it(`${route.method.toUpperCase()} ${route.path} as ${role} → ${expected}`, async () => {
          const actor = await createStaff(t, role);
          const target = await createStaff(t, 'analyst');
          const path = route.path.replace('TARGET', String(target.id));
          const body = route.body && 'username' in route.body ? { ...route.body, username: `m_${role}_${target.id}` } : route.body;
          const res = await t.request()[route.method](path).set(actor.auth).send(body);
          if (expected === 'allowed') {
            expect(res.status).toBeLessThan(300);
          } else {
            expect(res.status).toBe(403);
            expect(res.body.error.code).toBe('FORBIDDEN');
          }
        });
      }
      it(`${route.method.toUpperCase()} ${route.path} without a token → 401`, async () => {
        const res = await t.request()[route.method](route.path.replace('TARGET', '1')).send(route.body);
        expect(res.status).toBe(401);
      });
    }
  });

  describe('POST /api/admin/staff', () => {
    it('creates an account, audits it without any password material', async () => {
      const owner = await createStaff(t, 'owner');
      const res = await t
        .request()
        .post('/api/admin/staff')
        .set(owner.auth)
        .send({ username: 'xiaolin', displayName: '小林', role: 'operator', password: 'correct horse battery' });
      expect(res.status).toBe(201);
      const [row] = await auditRows('staff.create', res.body.id);
      expect(row).toMatchObject({ staffId: owner.id, staffRole: 'owner', targetType: 'staff' });
      expect(row?.requestId).toEqual(expect.any(String));
      expect(JSON.stringify(row)).not.toMatch(/correct horse|argon2/);
      const login = await t.request().post('/api/admin/auth/login').send({ username: 'xiaolin', password: 'correct horse battery' });
      expect(login.status).toBe(200);
    });

    it('rejects a taken username with 409 USERNAME_TAKEN and writes no audit row', async () => {
      const owner = await createStaff(t, 'owner');
      const before = (await auditRows('staff.create')).length;
      const res = await t
        .request()
        .post('/api/admin/staff')
        .set(owner.auth)
        .send({ username: owner.username, displayName: 'dup', role: 'analyst', password: 'long-enough-password' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('USERNAME_TAKEN');
      expect(await auditRows('staff.create')).toHaveLength(before);
    });

    it.each([
      ['a short password', { password: 'short' }, 'body.password'],
      ['an unknown role', { role: 'god' }, 'body.role'],
      ['an uppercase username', { username: 'Boss' }, 'body.username'],
      ['an unknown field', { isAdmin: true }, 'body.isAdmin'],
    ])('rejects %s with VALIDATION_FAILED naming the field', async (_name, override, field) => {
      const owner = await createStaff(t, 'owner');
      const body = { username: 'valid_name', displayName: 'x', role: 'analyst', password: 'long-enough-password', ...override };
      const res = await t.request().post('/api/admin/staff').set(owner.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues.map((i: { field: string }) => i.field)).toContain(field);
    });
  });

  describe('PATCH /api/admin/staff/:id', () => {
    it('ends the sessions of a staff member whose role changes', async () => {
      const owner = await createStaff(t, 'owner');
      const operator = await createStaff(t, 'operator');
      const res = await t.request().patch(`/api/admin/staff/${operator.id}`).set(owner.auth).send({ role: 'analyst' });
      expect(res.body.role).toBe('analyst');
      expect((await t.request().get('/api/admin/me').set(operator.auth)).body.error.code).toBe('TOKEN_INVALID');
      const [row] = await auditRows('staff.update', operator.id);
      expect(row?.before).toMatchObject({ role: 'operator' });
      expect(row?.after).toMatchObject({ role: 'analyst' });
    });

    it('does not let an owner disable or demote themselves', async () => {
      const owner = await createStaff(t, 'owner');
      const res = await t.request().patch(`/api/admin/staff/${owner.id}`).set(owner.auth).send({ isDisabled: true });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CANNOT_CHANGE_SELF');
    });

    it('answers 404 STAFF_NOT_FOUND for an unknown id and 400 for a non-numeric one', async () => {
      const owner = await createStaff(t, 'owner');
      expect((await t.request().patch('/api/admin/staff/999999').set(owner.auth).send({ displayName: 'x' })).body.error.code).toBe('STAFF_NOT_FOUND');
      expect((await t.request().patch('/api/admin/staff/abc').set(owner.auth).send({ displayName: 'x' })).body.error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('POST /api/admin/staff/:id/password', () => {
    it('sets a new password and ends the old sessions', async () => {
      const owner = await createStaff(t, 'owner');
      const service = await createStaff(t, 'service');
      await t.request().post(`/api/admin/staff/${service.id}/password`).set(owner.auth).send({ password: 'brand-new-password' }).expect(204);
      expect((await t.request().get('/api/admin/me').set(service.auth)).status).toBe(401);
      const login = await t.request().post('/api/admin/auth/login').send({ username: service.username, password: 'brand-new-password' });
      expect(login.status).toBe(200);
    });
  });

  describe('POST /api/admin/staff/:id/unlock', () => {
    const lockOut = async (username: string) => {
      for (let i = 0; i < 5; i += 1)
        await t
          .request()
          .post('/api/admin/auth/login')
          .send({ username, password: `guess-${i}-password` });
    };

    it('shows a locked account in the list and the owner clears the lockout, audited', async () => {
      t.clock.advance(16 * 60 * 1000);
      const owner = await createStaff(t, 'owner');
      const service = await createStaff(t, 'service');
      await lockOut(service.username);
      const list = await t.request().get('/api/admin/staff').set(owner.auth).expect(200);
      const listed = list.body.items.find((item: { id: number }) => item.id === service.id);
      const windowEnd = new Date(Math.ceil(t.clock.now().getTime() / 900_000) * 900_000).toISOString();
      expect(listed).toMatchObject({ loginFailures: 5, lockedUntil: windowEnd });
      expect(list.body.items.find((item: { id: number }) => item.id === owner.id)).toMatchObject({ loginFailures: 0, lockedUntil: null });
      const refused = await t.request().post('/api/admin/auth/login').send({ username: service.username, password: service.password });
      expect(refused.body.error).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { lockedUntil: windowEnd } });

      const res = await t.request().post(`/api/admin/staff/${service.id}/unlock`).set(owner.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: service.id, loginFailures: 0, lockedUntil: null });
      const [row] = await auditRows('staff.unlock', service.id);
      expect(row).toMatchObject({
        staffId: owner.id,
        before: { loginFailures: 5, lockedUntil: windowEnd },
        after: { loginFailures: 0, lockedUntil: null, clearedEvents: 5 },
      });
      const login = await t.request().post('/api/admin/auth/login').send({ username: service.username, password: service.password });
      expect(login.status).toBe(200);
    });

    it('refuses a non-owner with FORBIDDEN and leaves the lockout and the audit log as they were', async () => {
      t.clock.advance(16 * 60 * 1000);
      const operator = await createStaff(t, 'operator');
      const analyst = await createStaff(t, 'analyst');
      await lockOut(analyst.username);
      const res = await t.request().post(`/api/admin/staff/${analyst.id}/unlock`).set(operator.auth);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect(await auditRows('staff.unlock', analyst.id)).toHaveLength(0);
      const refused = await t.request().post('/api/admin/auth/login').send({ username: analyst.username, password: analyst.password });
      expect(refused.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    });

    it('answers 404 STAFF_NOT_FOUND for an unknown id', async () => {
      const owner = await createStaff(t, 'owner');
      const res = await t.request().post('/api/admin/staff/999999/unlock').set(owner.auth);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('STAFF_NOT_FOUND');
    });
  });

  describe('GET /api/admin/audit-log', () => {
    it('lists staff actions newest first, filterable by action', async () => {
      const owner = await createStaff(t, 'owner');
      const target = await createStaff(t, 'analyst');
      await t.request().patch(`/api/admin/staff/${target.id}`).set(owner.auth).send({ displayName: 'renamed' }).expect(200);
      const res = await t
        .request()
        .get('/api/admin/audit-log')
        .query({ action: 'staff.update', targetId: String(target.id) })
        .set(owner.auth);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({ action: 'staff.update', staffId: owner.id, after: { displayName: 'renamed' } });
    });
  });
});
