import crypto from 'node:crypto';
import Router from '@koa/router';
import Koa from 'koa';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { simWechatCodes, simWechatTokens, simWxaDailyQuota, simWxaUrlLinks } from '../db/schema';
import { renderQrPng } from './qr-png';
import { BASE62, ENV_VERSIONS, HOME_PAGE, linkExpiry, PUBLISHED_PAGES, SCENE_CHARS, URL_QUERY_CHARS } from './wxa-rules';
import { readJson, wxError } from '../lib/sim-http';
import { SubscribeSimulator } from '../modules/subscriptions/sim-subscribe';

/**
 * The WeChat simulator: a strict local implementation of jscode2session, stable_token and
 * getuserphonenumber (single-use, expiring codes; WeChat's errcodes and HTTP-200 error bodies), plus
 * `/sim/*` endpoints for tests and the H5 demo shop to mint codes for a chosen simulated user.
 * It exists so that the real client code runs in tests and demos; it never runs beside real credentials.
 * Its codes and tokens live in the database, so several server processes on one database are one WeChat.
 */
export interface SimulatorOptions {
  appid: string;
  secret: string;
  /** Where codes and tokens live (the app's database): every process on it accepts every code. */
  db: Db;
  now?: () => number;
  /** Login codes live 5 minutes, like WeChat's. */
  codeTtlMs?: number;
  tokenTtlSeconds?: number;
  /**
   * The H5 shop that mini-program codes and URL Links stand for (a scan opens `<shopBase>/#/<page>?scene=…`):
   * the server's public URL under `npm start`, the test app's URL in tests. A function when it is known late.
   */
  shopBase?: string | (() => string);
  /** Pages of the "published version" (check_path, URL Link paths); default: the shop's main pages. */
  publishedPages?: readonly string[];
  /** URL Link generations allowed per day (WeChat: 500,000, URL Link and URL Scheme together). */
  dailyLinkQuota?: number;
}

const USER_KEY = /^[0-9A-Za-z_-]{1,32}$/;
const MAINLAND_PHONE = /^1\d{10}$/;
const PHONE_CODE_TTL_MS = 300_000;

export class WechatSimulator {
  /** Counters per API (this process only), for tests that assert how often the client called. */
  readonly calls = { jscode2session: 0, stableToken: 0, getPhoneNumber: 0, getUnlimited: 0, generateUrlLink: 0 };
  private readonly now: () => number;
  private readonly db: Db;
  /** Subscribe messages (send, the grants WeChat counts, the accept hook). */
  readonly subscribe: SubscribeSimulator;

  constructor(private readonly options: SimulatorOptions) {
    this.now = options.now ?? Date.now;
    this.db = options.db;
    this.subscribe = new SubscribeSimulator({
      appid: options.appid,
      db: options.db,
      now: this.now,
      tokenError: (token) => this.tokenError(token),
      isPublishedPage: (page) => this.isPublishedPage(page),
      openidOf: (key) => this.user(key).openid,
    });
  }

  /** Mints a single-use wx.login code for the simulated user `userKey`. */
  async mintLoginCode(userKey: string): Promise<{ code: string; openid: string }> {
    const code = `sim_${crypto.randomBytes(12).toString('hex')}`;
    await this.insertCode(code, 'login', userKey, null, this.options.codeTtlMs ?? 300_000);
    await this.subscribe.rememberUser(userKey);
    return { code, openid: this.user(userKey).openid };
  }

  /** Mints a single-use getPhoneNumber code carrying `phoneNumber` for `userKey`. */
  async mintPhoneCode(userKey: string, phoneNumber: string): Promise<{ code: string }> {
    const code = `simphone_${crypto.randomBytes(12).toString('hex')}`;
    await this.insertCode(code, 'phone', userKey, phoneNumber, PHONE_CODE_TTL_MS);
    return { code };
  }

  /** Invalidates every issued access token, as a force_refresh elsewhere would (40001 on next use). */
  async invalidateTokens(): Promise<void> {
    await this.db.delete(simWechatTokens).where(eq(simWechatTokens.appid, this.options.appid));
  }

  private async insertCode(code: string, kind: 'login' | 'phone', userKey: string, phoneNumber: string | null, ttlMs: number): Promise<void> {
    await this.db.insert(simWechatCodes).values({ code, appid: this.options.appid, kind, userKey, phoneNumber, expiresAtMs: this.now() + ttlMs });
  }

  /** Uses a code once: the conditional update is the only way from unused to used, whichever process asks. */
  private async consumeCode(code: unknown, kind: 'login' | 'phone'): Promise<{ userKey: string; phoneNumber: string | null } | null> {
    if (typeof code !== 'string' || code === '' || code.includes('\u0000')) return null;
    const now = this.now();
    const [row] = await this.db
      .update(simWechatCodes)
      .set({ usedAtMs: now })
      .where(
        and(
          eq(simWechatCodes.code, code),
          eq(simWechatCodes.appid, this.options.appid),
          eq(simWechatCodes.kind, kind),
          isNull(simWechatCodes.usedAtMs),
          gt(simWechatCodes.expiresAtMs, now),
        ),
      )
      .returning({ userKey: simWechatCodes.userKey, phoneNumber: simWechatCodes.phoneNumber });
    return row ?? null;
  }

  /** A simulated user's ids, derived from the appid and the user key (the same in every process). */
  private user(key: string): { openid: string; unionid: string } {
    const digest = crypto.createHash('sha256').update(`${this.options.appid}:${key}`).digest('base64url');
    return { openid: `o${digest.slice(0, 27)}`, unionid: `u${digest.slice(27, 42)}` };
  }

  private async jscode2session(query: Record<string, string | undefined>) {
    this.calls.jscode2session += 1;
    if (query.grant_type !== 'authorization_code') return wxError(40002, 'invalid grant_type');
    if (query.appid !== this.options.appid) return wxError(40013, 'invalid appid');
    if (query.secret !== this.options.secret) return wxError(40125, 'invalid appsecret');
    const issued = await this.consumeCode(query.js_code, 'login');
    if (!issued) return wxError(40029, 'invalid code');
    const user = this.user(issued.userKey);
    return { openid: user.openid, session_key: crypto.randomBytes(16).toString('base64'), unionid: user.unionid };
  }

  private async stableToken(body: Record<string, unknown>) {
    this.calls.stableToken += 1;
    if (body.grant_type !== 'client_credential') return wxError(40002, 'invalid grant_type');
    if (body.appid !== this.options.appid) return wxError(40013, 'invalid appid');
    if (body.secret !== this.options.secret) return wxError(40125, 'invalid appsecret');
    const ttl = this.options.tokenTtlSeconds ?? 7200;
    const now = this.now();
    if (body.force_refresh === true) {
      await this.invalidateTokens();
    } else {
      // Like WeChat: the same token until it nears expiry. Two processes racing here may both mint one;
      // both stay valid (WeChat's tokens overlap too).
      const [current] = await this.db
        .select()
        .from(simWechatTokens)
        .where(eq(simWechatTokens.appid, this.options.appid))
        .orderBy(desc(simWechatTokens.expiresAtMs))
        .limit(1);
      if (current && current.expiresAtMs - now > 300_000) {
        return { access_token: current.token, expires_in: Math.floor((current.expiresAtMs - now) / 1000) };
      }
    }
    const token = crypto.randomBytes(48).toString('base64url');
    await this.db.insert(simWechatTokens).values({ token, appid: this.options.appid, expiresAtMs: now + ttl * 1000 });
    return { access_token: token, expires_in: ttl };
  }

  private async getPhoneNumber(accessToken: string | undefined, body: Record<string, unknown>) {
    this.calls.getPhoneNumber += 1;
    const [token] =
      accessToken && !accessToken.includes('\u0000')
        ? await this.db
            .select()
            .from(simWechatTokens)
            .where(and(eq(simWechatTokens.token, accessToken), eq(simWechatTokens.appid, this.options.appid)))
        : [];
    if (!token) return wxError(40001, 'invalid credential, access_token is invalid or not latest');
    if (token.expiresAtMs <= this.now()) return wxError(42001, 'access_token expired');
    const issued = await this.consumeCode(body.code, 'phone');
    if (!issued?.phoneNumber) return wxError(40029, 'invalid code');
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: issued.phoneNumber,
        purePhoneNumber: issued.phoneNumber,
        countryCode: '86',
        watermark: { timestamp: Math.floor(this.now() / 1000), appid: this.options.appid },
      },
    };
  }

  /** 40001 / 42001 for an unknown or expired access token, null for a good one. */
  private async tokenError(accessToken: string | undefined): Promise<{ errcode: number; errmsg: string } | null> {
    const [token] =
      accessToken && !accessToken.includes('\u0000')
        ? await this.db
            .select()
            .from(simWechatTokens)
            .where(and(eq(simWechatTokens.token, accessToken), eq(simWechatTokens.appid, this.options.appid)))
        : [];
    if (!token) return wxError(40001, 'invalid credential, access_token is invalid or not latest');
    if (token.expiresAtMs <= this.now()) return wxError(42001, 'access_token expired');
    return null;
  }

  /** The H5 shop's URL of a page with a query (what a scan or a link opens in the demo). */
  shopUrl(page: string, query: string): string {
    const base = typeof this.options.shopBase === 'function' ? this.options.shopBase() : (this.options.shopBase ?? '');
    return `${base.replace(/\/$/, '')}/#/${page}${query ? `?${query}` : ''}`;
  }

  private isPublishedPage(page: string): boolean {
    return (this.options.publishedPages ?? PUBLISHED_PAGES).includes(page);
  }

  /** getwxacodeunlimit: a real, scannable PNG of the H5 shop URL with `?scene=`, or WeChat's JSON error. */
  private async getUnlimited(accessToken: string | undefined, body: Record<string, unknown>): Promise<Buffer | { errcode: number; errmsg: string }> {
    this.calls.getUnlimited += 1;
    const tokenError = await this.tokenError(accessToken);
    if (tokenError) return tokenError;
    const { scene, page = HOME_PAGE, check_path: checkPath = true, env_version: envVersion = 'release', width = 430 } = body;
    if (typeof scene !== 'string' || scene.length === 0 || scene.length > 32) return wxError(40169, 'invalid length for scene, or the data is not json string');
    if (!SCENE_CHARS.test(scene)) return wxError(40129, 'invalid scene');
    if (typeof page !== 'string' || page.startsWith('/') || page.includes('?') || typeof checkPath !== 'boolean') return wxError(41030, 'invalid page');
    if (checkPath && !this.isPublishedPage(page)) return wxError(41030, 'invalid page rid');
    if (typeof envVersion !== 'string' || !ENV_VERSIONS.has(envVersion)) return wxError(40097, 'invalid args');
    if (typeof width !== 'number' || !Number.isInteger(width) || width < 280 || width > 1280) return wxError(47001, 'data format error: width');
    const url = this.shopUrl(page || HOME_PAGE, `scene=${encodeURIComponent(scene)}`);
    return renderQrPng(url, width);
  }

  /** generate_urllink: validates path, query and expiry, counts the daily quota, remembers what the link opens. */
  private async generateUrlLink(accessToken: string | undefined, body: Record<string, unknown>) {
    this.calls.generateUrlLink += 1;
    const tokenError = await this.tokenError(accessToken);
    if (tokenError) return tokenError;
    const { path = '', query = '', env_version: envVersion = 'release', expire_type: expireType = 0 } = body;
    if (typeof path !== 'string' || path.startsWith('/') || path.includes('?') || (path !== '' && !this.isPublishedPage(path)))
      return wxError(40165, 'invalid path');
    if (typeof query !== 'string' || query.length > 1024 || !URL_QUERY_CHARS.test(query)) return wxError(40212, 'invalid query');
    if (typeof envVersion !== 'string' || !ENV_VERSIONS.has(envVersion)) return wxError(47001, 'data format error: env_version');
    const now = this.now();
    const expiresAtMs = linkExpiry(expireType, body.expire_interval, body.expire_time, now);
    if (expiresAtMs === null) return wxError(85401, 'invalid expire time');
    if (!(await this.takeLinkQuota(now))) return wxError(45009, 'reach max api daily quota limit');
    const ticket = Array.from(crypto.randomBytes(12), (byte) => BASE62[byte % 62]).join('');
    await this.db.insert(simWxaUrlLinks).values({ ticket, appid: this.options.appid, path, query, envVersion, expiresAtMs, createdAtMs: now });
    return { errcode: 0, errmsg: 'ok', url_link: `https://wxaurl.cn/${ticket}` };
  }

  /** One generation off today's quota (Asia/Shanghai day) by a conditional upsert; false when it is used up. */
  private async takeLinkQuota(now: number): Promise<boolean> {
    const day = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
    const limit = this.options.dailyLinkQuota ?? 500_000;
    const taken = await this.db
      .insert(simWxaDailyQuota)
      .values({ appid: this.options.appid, day, used: 1 })
      .onConflictDoUpdate({
        target: [simWxaDailyQuota.appid, simWxaDailyQuota.day],
        set: { used: sql`${simWxaDailyQuota.used} + 1` },
        setWhere: sql`${simWxaDailyQuota.used} < ${limit}`,
      })
      .returning({ used: simWxaDailyQuota.used });
    return taken.length > 0 && limit > 0;
  }

  /** What a URL Link opens (tests and the demo): its page and query, and the H5 shop URL with an appended `cq`. */
  async resolveUrlLink(ticket: string, cq?: string) {
    const [link] = await this.db
      .select()
      .from(simWxaUrlLinks)
      .where(and(eq(simWxaUrlLinks.ticket, ticket), eq(simWxaUrlLinks.appid, this.options.appid)));
    if (!link) return null;
    const query = [link.query, cq === undefined ? '' : `cq=${encodeURIComponent(cq)}`].filter(Boolean).join('&');
    return {
      path: link.path || HOME_PAGE,
      query: link.query,
      envVersion: link.envVersion,
      expiresAt: new Date(link.expiresAtMs).toISOString(),
      isExpired: link.expiresAtMs <= this.now(),
      h5Url: this.shopUrl(link.path || HOME_PAGE, query),
    };
  }

  /** The simulator's routes under `prefix` ('' when it has a port of its own, '/wechat-sim' when mounted). */
  router(prefix = ''): Router {
    const router = new Router({ prefix });
    router.get('/sns/jscode2session', async (ctx) => {
      ctx.body = await this.jscode2session(ctx.query as Record<string, string | undefined>);
    });
    router.post('/cgi-bin/stable_token', async (ctx) => {
      const body = await readJson(ctx);
      ctx.body = body ? await this.stableToken(body) : wxError(47001, 'data format error');
    });
    router.post('/wxa/business/getuserphonenumber', async (ctx) => {
      const body = await readJson(ctx);
      const token = typeof ctx.query.access_token === 'string' ? ctx.query.access_token : undefined;
      ctx.body = body ? await this.getPhoneNumber(token, body) : wxError(47001, 'data format error');
    });
    router.post('/sim/login-code', async (ctx) => {
      const body = await readJson(ctx);
      const key = body?.user;
      if (typeof key !== 'string' || !USER_KEY.test(key)) {
        ctx.status = 400;
        ctx.body = { error: 'user must be 1–32 letters, digits, "_" or "-"' };
        return;
      }
      ctx.body = await this.mintLoginCode(key);
    });
    router.post('/sim/phone-code', async (ctx) => {
      const body = await readJson(ctx);
      if (typeof body?.user !== 'string' || !USER_KEY.test(body.user) || typeof body.phoneNumber !== 'string' || !MAINLAND_PHONE.test(body.phoneNumber)) {
        ctx.status = 400;
        ctx.body = { error: 'user and an 11-digit phoneNumber are required' };
        return;
      }
      ctx.body = await this.mintPhoneCode(body.user, body.phoneNumber);
    });
    router.post('/wxa/getwxacodeunlimit', async (ctx) => {
      const body = await readJson(ctx);
      const token = typeof ctx.query.access_token === 'string' ? ctx.query.access_token : undefined;
      const answer = body ? await this.getUnlimited(token, body) : wxError(40169, 'invalid length for scene, or the data is not json string');
      if (Buffer.isBuffer(answer)) ctx.type = 'image/png';
      ctx.body = answer;
    });
    router.post('/wxa/generate_urllink', async (ctx) => {
      const body = await readJson(ctx);
      const token = typeof ctx.query.access_token === 'string' ? ctx.query.access_token : undefined;
      ctx.body = body ? await this.generateUrlLink(token, body) : wxError(47001, 'data format error');
    });
    router.get('/sim/urllink/:ticket', async (ctx) => {
      const cq = typeof ctx.query.cq === 'string' ? ctx.query.cq : undefined;
      const link = /^[0-9A-Za-z]{1,64}$/.test(ctx.params.ticket ?? '') ? await this.resolveUrlLink(ctx.params.ticket ?? '', cq) : null;
      ctx.status = link ? 200 : 404;
      ctx.body = link ?? { error: 'unknown url link' };
    });
    router.post('/cgi-bin/message/subscribe/send', async (ctx) => {
      const body = await readJson(ctx);
      const token = typeof ctx.query.access_token === 'string' ? ctx.query.access_token : undefined;
      ctx.body = body ? await this.subscribe.send(token, body) : wxError(47001, 'data format error');
    });
    // Test and demo hook: the member tapped 允许 in wx.requestSubscribeMessage ({openid | user, templateIds}).
    router.post('/test/subscribe/accept', async (ctx) => {
      const body = await readJson(ctx);
      const templateIds = body?.templateIds;
      const openid =
        typeof body?.openid === 'string' ? body.openid : typeof body?.user === 'string' && USER_KEY.test(body.user) ? this.user(body.user).openid : null;
      if (!openid || !Array.isArray(templateIds) || templateIds.length < 1 || templateIds.length > 3 || !templateIds.every((id) => typeof id === 'string')) {
        ctx.status = 400;
        ctx.body = { error: 'openid (or user) and 1–3 templateIds are required' };
        return;
      }
      ctx.body = await this.subscribe.accept(openid, templateIds as string[]);
    });
    return router;
  }

  /** A standalone Koa app (its own port in tests). */
  app(): Koa {
    const app = new Koa();
    app.use(this.router().routes());
    return app;
  }
}
