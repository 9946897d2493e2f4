import jwt from 'jsonwebtoken';
import type { z } from 'zod';
import { ERROR_CODES } from '@siyu/shared';
import { listApiRoutes, type ApiRoute } from '../app';
import { testDrivers } from '../testing/drivers';
import { createStaff, loginMember, type TestMember, type TestStaff } from '../testing/fixtures';
import {
  HOSTILE_CURSORS,
  HOSTILE_ROOT_BODIES,
  HOSTILE_STRINGS,
  fieldTargets,
  hostileBodyValues,
  isIdPath,
  sampleOf,
  topLevelKeys,
} from '../testing/schema-fuzz';
import { createTestApp, type TestApp } from '../testing/test-app';
import { observeSchemas, type InputPlace } from './validate';

/**
 * Walks every registered API route with hostile values in every path parameter, query parameter
 * (plus `cursor`) and body field its schemas know, and asserts: never a 5xx, every failure a coded
 * error from shared, and no table changed. The routes come from the routers and the fields from the
 * schemas each handler validates with, so a new route is covered without touching this file.
 */

jest.setTimeout(240_000);

/** An id that is well-formed but names nothing: discovery and body cases reach validation, not a row. */
const ABSENT_ID = '2147483647';

interface Attempt {
  route: ApiRoute;
  label: string;
  params?: Record<string, string>;
  query?: Record<string, string | string[]>;
  /** Raw JSON text of the body. */
  body?: string;
  authorization?: string;
}

interface WalkedRoute extends ApiRoute {
  schemas: Partial<Record<InputPlace, z.ZodType>>;
}

/**
 * Tables a refused request may legitimately write: `rate_limits` counts failed attempts (login codes,
 * redemption codes) whatever their shape — that is what keeps guessing slow; `sim_*` are the WeChat
 * simulator's own state (an outside service in production), not the shop's.
 */
const WRITABLE_ON_REFUSAL = /^(rate_limits|sim_.*)$/;

interface Snapshot {
  [table: string]: string;
}

const KNOWN_CODES = new Set(Object.keys(ERROR_CODES));

function urlOf(route: ApiRoute, params: Record<string, string> = {}): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ABSENT_ID));
}

function authFor(route: ApiRoute, member: TestMember, owner: TestStaff): string {
  return route.path.startsWith('/api/admin') ? owner.auth.Authorization : member.auth.Authorization;
}

async function send(t: TestApp, attempt: Attempt, defaultAuth: string) {
  const { route } = attempt;
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const agent = t.request();
  let request = agent[method](urlOf(route, attempt.params)).set('Authorization', attempt.authorization ?? defaultAuth);
  request = request.set('Idempotency-Key', 'fuzz-idempotency-key');
  if (attempt.query) request = request.query(attempt.query);
  if (attempt.body !== undefined) request = request.set('Content-Type', 'application/json').send(attempt.body);
  return request;
}

/** Every public table's row count and content hash: a change anywhere shows. */
async function snapshot(t: TestApp): Promise<Snapshot> {
  const tables = await t.deps.database.executeSql(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const names = (tables.rows as { name: string }[]).map((row) => row.name).filter((name) => !WRITABLE_ON_REFUSAL.test(name));
  const parts = names.map((name) => `select '${name}' as name, md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as hash from "${name}" x`);
  const result = await t.deps.database.executeSql(parts.join(' union all '));
  return Object.fromEntries((result.rows as { name: string; hash: string }[]).map((row) => [row.name, row.hash]));
}

function changedTables(before: Snapshot, after: Snapshot): string[] {
  return Object.keys(after).filter((name) => before[name] !== after[name]);
}

/**
 * Discovery's sample POST /api/admin/crm/rebuilds starts a member-facts rebuild that runs on in the background
 * and updates its progress row: the walk's "writes nothing" snapshots start once it has finished.
 */
async function rebuildsSettled(t: TestApp, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await t.deps.database.executeSql(`select count(*)::int as running from crm_rebuilds where status = 'running'`);
    if (Number((result.rows[0] as { running: number }).running) === 0) return;
    if (Date.now() > deadline) throw new Error('a member-facts rebuild started by the route discovery did not finish');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Routes per table snapshot: hashing every table after each route would double the run. */
const ROUTES_PER_SNAPSHOT = 8;

/** Sends the attempts one by one; returns a line per broken promise (5xx, uncoded error, acceptance, a write). */
async function walk(t: TestApp, attempts: Attempt[], auth: (route: ApiRoute) => string): Promise<string[]> {
  const failures: string[] = [];
  const byRoute = new Map<ApiRoute, Attempt[]>();
  for (const attempt of attempts) byRoute.set(attempt.route, [...(byRoute.get(attempt.route) ?? []), attempt]);
  const routes = [...byRoute.keys()];
  for (let start = 0; start < routes.length; start += ROUTES_PER_SNAPSHOT) {
    const chunk = routes.slice(start, start + ROUTES_PER_SNAPSHOT);
    const before = await snapshot(t);
    for (const attempt of chunk.flatMap((route) => byRoute.get(route) ?? [])) {
      const failure = judge(attempt, await send(t, attempt, auth(attempt.route)));
      if (failure) failures.push(failure);
    }
    const changed = changedTables(before, await snapshot(t));
    if (changed.length > 0) failures.push(`one of ${chunk.map((route) => `${route.method} ${route.path}`).join(', ')} wrote to ${changed.join(', ')}`);
  }
  return failures;
}

/** What is wrong with the answer to a hostile attempt, if anything. */
function judge(attempt: Attempt, response: { status: number; body: unknown }): string | null {
  const { route } = attempt;
  const code = (response.body as { error?: { code?: unknown } } | undefined)?.error?.code;
  const where = `${route.method} ${route.path} [${attempt.label}]`;
  if (response.status >= 500) return `${where}: ${response.status} ${String(code)}`;
  if (response.status >= 400 && (typeof code !== 'string' || !KNOWN_CODES.has(code))) return `${where}: ${response.status} without a known code`;
  // A GET may ignore what it does not know; a write must refuse every hostile value.
  if (response.status < 400 && route.method !== 'GET') return `${where}: accepted with ${response.status}`;
  return null;
}

/** Sends each route one request with an absent id and an empty body, and records the schemas its handler validates with. */
async function discover(t: TestApp, routes: ApiRoute[], auth: (route: ApiRoute) => string): Promise<WalkedRoute[]> {
  const walked: WalkedRoute[] = [];
  for (const route of routes) {
    const schemas: WalkedRoute['schemas'] = {};
    const previous = observeSchemas((schema, where) => {
      schemas[where] ??= schema;
    });
    try {
      await send(t, { route, label: 'discovery', body: '{}' }, auth(route));
    } finally {
      observeSchemas(previous);
    }
    walked.push({ ...route, schemas });
  }
  return walked;
}

function pathAttempts(route: WalkedRoute): Attempt[] {
  return route.paramNames.flatMap((name) =>
    HOSTILE_STRINGS.map((value) => ({ route, label: `path ${name}=${JSON.stringify(value.slice(0, 24))}`, params: { [name]: value }, body: '{}' })),
  );
}

function queryAttempts(route: WalkedRoute): Attempt[] {
  if (!route.schemas.query) return [];
  const keys = [...new Set([...topLevelKeys(route.schemas.query), 'cursor'])];
  const values = keys.flatMap((key) =>
    [...HOSTILE_STRINGS, ...(key === 'cursor' ? HOSTILE_CURSORS : [])].map((value) => ({ key, value: value as string | string[] })),
  );
  values.push(...keys.map((key) => ({ key, value: ['1', '2'] })));
  return values.map(({ key, value }) => ({ route, label: `query ${key}=${JSON.stringify(value).slice(0, 40)}`, query: { [key]: value } }));
}

function bodyAttempts(route: WalkedRoute): Attempt[] {
  const schema = route.schemas.body;
  if (!schema) return [];
  const fieldCases = fieldTargets(schema).flatMap((target) =>
    hostileBodyValues(target.kind).map((value) => ({
      route,
      label: `body ${target.path.join('.') || '(root)'}=${JSON.stringify(value).slice(0, 24)}`,
      body: JSON.stringify(target.build(value)),
    })),
  );
  const rootCases = HOSTILE_ROOT_BODIES.map((body) => ({ route, label: `body ${body.slice(0, 24)}`, body }));
  return [
    ...fieldCases,
    ...rootCases,
    { route, label: 'body with an unknown NUL field', body: JSON.stringify({ ...(sampleOf(schema) as object), 'x\u0000': 1 }) },
  ];
}

describe.each(testDrivers())('every API route on %s', (driver) => {
  let t: TestApp;
  let member: TestMember;
  let owner: TestStaff;
  let routes: WalkedRoute[];
  const auth = (route: ApiRoute) => authFor(route, member, owner);

  beforeAll(async () => {
    t = await createTestApp(driver);
    member = await loginMember(t);
    owner = await createStaff(t, 'owner');
    routes = await discover(t, listApiRoutes(t.deps), auth);
    await rebuildsSettled(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('knows every route and the schemas their handlers validate with', () => {
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.filter((route) => route.schemas.body).length).toBeGreaterThan(40);
    expect(routes.filter((route) => route.schemas.query).length).toBeGreaterThan(10);
    const paramRoutes = routes.filter((route) => route.paramNames.length > 0);
    // A handler that reads a path parameter without its schema would escape the walk.
    expect(paramRoutes.filter((route) => !route.schemas.params).map((route) => `${route.method} ${route.path}`)).toEqual([]);
  });

  it('answers hostile path parameters with a coded 4xx and writes nothing', async () => {
    expect(await walk(t, routes.flatMap(pathAttempts), auth)).toEqual([]);
  });

  it('answers hostile query parameters and malformed cursors with a coded 4xx and writes nothing', async () => {
    expect(await walk(t, routes.flatMap(queryAttempts), auth)).toEqual([]);
  });

  it('answers hostile body fields and bodies with a coded 4xx and writes nothing', async () => {
    expect(await walk(t, routes.flatMap(bodyAttempts), auth)).toEqual([]);
  });

  it('has schemas that refuse NUL in every text field and ids beyond int4 in every id field', () => {
    // Over HTTP a hostile field can hide behind another field the sample did not satisfy; the schema cannot.
    const schemas = new Map(routes.flatMap((route) => Object.entries(route.schemas).map(([where, schema]) => [schema, where] as const)));
    expect([...schemas].flatMap(([schema, where]) => schemaGaps(schema, where !== 'body'))).toEqual([]);
  });

  describe('the findings of the outside test run', () => {
    it.each([
      ['POST', '/api/auth/wechat', { code: 'abc', launch: { path: 'pages/index\u0000' } }],
      ['POST', '/api/auth/wechat', { code: 'abc', launch: { query: { scene: 'a\u0000' } } }],
      ['POST', '/api/auth/wechat', { code: 'abc', launch: { query: { 'a\u0000': 'b' } } }],
      ['POST', '/api/orders/2147483647/cancel', { reason: 'no\u0000' }],
      ['POST', '/api/coupons/redeem', { code: 'CODE\u0000' }],
      ['POST', '/api/admin/auth/login', { username: 'owner\u0000', password: 'whatever-password' }],
      ['POST', '/api/admin/categories', { name: 'cat', parentId: 2 ** 31 }],
      ['POST', '/api/cart/items', { skuId: 2 ** 31, quantity: 1 }],
    ])('%s %s with a NUL or an id ≥ 2^31 in the body answers 400 VALIDATION_FAILED', async (method, path, body) => {
      const route = { method, path, paramNames: [] };
      const response = await send(t, { route, label: 'example', body: JSON.stringify(body) }, auth(route));
      expect([response.status, response.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it.each([
      ['/api/live-sessions/scene/%00', 'VALIDATION_FAILED'],
      ['/api/products?categoryId=2147483648', 'VALIDATION_FAILED'],
      ['/api/admin/orders?memberId=99999999999', 'VALIDATION_FAILED'],
      ['/api/admin/audit-log?staffId=2147483648', 'VALIDATION_FAILED'],
      ['/api/orders?cursor=WyJ4Il0', 'INVALID_CURSOR'],
      ['/api/admin/refunds?cursor=WzFlNDAwXQ', 'INVALID_CURSOR'],
      ['/api/products?cursor=WyJzYWxlcyIsOTk5OTk5OTk5OTksMV0', 'INVALID_CURSOR'],
    ])('GET %s answers 400 %s', async (url, code) => {
      const response = await t
        .request()
        .get(url)
        .set('Authorization', url.startsWith('/api/admin') ? owner.auth.Authorization : member.auth.Authorization);
      expect([response.status, response.body.error?.code]).toEqual([400, code]);
    });
  });

  describe('a token signed with the right secret whose subject is not an id', () => {
    const sign = (audience: string, sub: string) =>
      jwt.sign({ ver: 0, role: 'owner' }, t.deps.config.jwtSecret, { algorithm: 'HS256', audience, issuer: 'siyu', subject: sub, expiresIn: 600 });

    it.each(['99999999999', '2147483648', '123456789012345678901234', '0', '-1', '1e3'])(
      'sub %s answers 401 TOKEN_INVALID on member and staff routes',
      async (sub) => {
        const asMember = await t
          .request()
          .get('/api/orders')
          .set('Authorization', `Bearer ${sign('siyu:member', sub)}`);
        const asStaff = await t
          .request()
          .get('/api/admin/staff')
          .set('Authorization', `Bearer ${sign('siyu:staff', sub)}`);
        expect([asMember.status, asMember.body.error?.code, asStaff.status, asStaff.body.error?.code]).toEqual([401, 'TOKEN_INVALID', 401, 'TOKEN_INVALID']);
      },
    );
  });
});

/** Fields of `schema` that accept NUL in text, or an id the int4 column cannot hold. */
function schemaGaps(schema: z.ZodType, isQuery: boolean): string[] {
  // An id field is a number in a body and a digits-only string in a query; a text field named `…Id` (audit targetId) is text.
  const targets = fieldTargets(schema).filter((target) => target.kind === 'string' || (isIdPath(target.path) && target.kind !== 'object'));
  return targets.flatMap((target) => {
    const isText = target.kind === 'string';
    const value = isText ? 'a\u0000b' : isQuery ? '2147483648' : 2 ** 31;
    const result = schema.safeParse(target.build(value));
    const path = target.path.join('.');
    const isRefusedThere = !result.success && result.error.issues.some((issue) => issue.path.join('.') === path || issue.path.join('.').startsWith(`${path}.`));
    return isRefusedThere
      ? []
      : [`${isQuery ? 'query/params' : 'body'} field ${path || '(root)'} of {${topLevelKeys(schema).join(', ')}} accepts ${JSON.stringify(value)}`];
  });
}
