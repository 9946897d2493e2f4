import { createApp } from '../app';
import { testDrivers } from '../testing/drivers';
import { createTestApp, type TestApp } from '../testing/test-app';
import supertest from 'supertest';

describe.each(testDrivers())('HTTP core on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('GET /api/health answers ok with the driver in use', async () => {
    const res = await t.request().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up', driver: driver === 'pglite' ? 'pglite' : 'postgres', wechat: 'live' });
  });

  it('gives every response a request id, and keeps a well-formed incoming one', async () => {
    const fresh = await t.request().get('/api/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await t.request().get('/api/health').set('X-Request-Id', 'abc12345-trace');
    expect(kept.headers['x-request-id']).toBe('abc12345-trace');
    const replaced = await t.request().get('/api/health').set('X-Request-Id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('answers unknown API routes with 404 ROUTE_NOT_FOUND and wrong methods with 405', async () => {
    const missing = await t.request().get('/api/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ROUTE_NOT_FOUND');
    const wrongMethod = await t.request().delete('/api/health');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers malformed JSON with 400 INVALID_JSON', async () => {
    const res = await t.request().post('/api/auth/wechat').set('Content-Type', 'application/json').send('{"code": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
  });

  it('answers a non-JSON body with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await t.request().post('/api/auth/wechat').set('Content-Type', 'text/plain').send('code=abc');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t
      .request()
      .post('/api/auth/wechat')
      .send({ code: 'x'.repeat(300 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('turns an unexpected error into 500 INTERNAL without leaking its message', async () => {
    const app = createApp(t.deps, {
      extra: [
        async (ctx, next) => {
          if (ctx.path === '/api/boom') throw new Error('secret internals: password=hunter2');
          await next();
        },
      ],
    });
    const res = await supertest(app.callback()).get('/api/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });

  it('allows CORS only for the configured H5 origins', async () => {
    const allowed = await t.request().get('/api/health').set('Origin', 'http://localhost:10086');
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:10086');
    const denied = await t.request().get('/api/health').set('Origin', 'https://evil.example');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe.each(testDrivers())('GET /api/health with the database down on %s', (driver) => {
  it('answers 503 SERVICE_UNAVAILABLE', async () => {
    const t = await createTestApp(driver);
    await t.deps.database.close();
    const res = await t.request().get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
    await t.close();
  });
});
