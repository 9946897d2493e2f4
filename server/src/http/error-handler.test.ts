import Koa from 'koa';
import supertest from 'supertest';
import { createLogger } from '../lib/logger';
import { testDrivers } from '../testing/drivers';
import { createTestApp, type TestApp } from '../testing/test-app';
import { errorHandler } from './error-handler';
import type { AppState } from './types';

/**
 * The net under the schemas: a statement the database refuses because of the client's input (or a
 * lost race) answers a coded 4xx, not 500. Each case runs real SQL on the driver, through Drizzle's wrapper.
 */
describe.each(testDrivers())('error handler on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  /** An app whose only route runs `statement` through the test app's database. */
  function appRunning(statement: string) {
    const app = new Koa<AppState>();
    app.silent = true;
    app.use(async (ctx, next) => {
      ctx.state.log = createLogger('silent');
      await next();
    });
    app.use(errorHandler());
    app.use(async (ctx) => {
      await t.deps.database.executeSql(statement);
      ctx.body = { ok: true };
    });
    return supertest(app.callback());
  }

  it.each([
    ['a NUL in text', `select convert_from('\\x610062'::bytea, 'UTF8')`, 400, 'VALIDATION_FAILED'],
    ['an id beyond int4', `select 2147483648::int4`, 400, 'VALIDATION_FAILED'],
    ['text that is not a number', `select 'abc'::int`, 400, 'VALIDATION_FAILED'],
    ['text longer than its column', `do $$ declare v varchar(2); begin v := 'abc'; end $$`, 400, 'VALIDATION_FAILED'],
    ['a serialization failure', `do $$ begin raise exception 'lost race' using errcode = '40001'; end $$`, 409, 'CONCURRENT_UPDATE'],
    ['a deadlock', `do $$ begin raise exception 'deadlock' using errcode = '40P01'; end $$`, 409, 'CONCURRENT_UPDATE'],
    ['any other database error', `select * from no_such_table`, 500, 'INTERNAL'],
  ])('answers %s with %s %s', async (_, statement, status, code) => {
    const response = await appRunning(statement).get('/');
    expect([response.status, response.body.error?.code]).toEqual([status, code]);
  });
});
