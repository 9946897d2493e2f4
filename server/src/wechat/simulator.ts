import crypto from 'node:crypto';
import Router from '@koa/router';
import Koa from 'koa';
import getRawBody from 'raw-body';

/**
 * The WeChat simulator: a strict local implementation of jscode2session, stable_token and
 * getuserphonenumber (single-use, expiring codes; WeChat's errcodes and HTTP-200 error bodies), plus
 * `/sim/*` endpoints for tests and the H5 demo shop to mint codes for a chosen simulated user.
 * It exists so that the real client code runs in tests and demos; it never runs beside real credentials.
 */
export interface SimulatorOptions {
  appid: string;
  secret: string;
  now?: () => number;
  /** Login codes live 5 minutes, like WeChat's. */
  codeTtlMs?: number;
  tokenTtlSeconds?: number;
}

interface SimUser {
  key: string;
  openid: string;
  unionid: string;
  nickname: string;
}

interface IssuedCode {
  userKey: string;
  expiresAt: number;
  isUsed: boolean;
  phoneNumber?: string;
}

const USER_KEY = /^[0-9A-Za-z_-]{1,32}$/;
const MAINLAND_PHONE = /^1\d{10}$/;

export class WechatSimulator {
  readonly users = new Map<string, SimUser>();
  private readonly loginCodes = new Map<string, IssuedCode>();
  private readonly phoneCodes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, number>();
  private currentToken: string | null = null;
  /** Counters per API, for tests that assert how often the client called. */
  readonly calls = { jscode2session: 0, stableToken: 0, getPhoneNumber: 0 };
  private readonly now: () => number;

  constructor(private readonly options: SimulatorOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Mints a single-use wx.login code for the simulated user `userKey` (created on first use). */
  mintLoginCode(userKey: string, nickname?: string): { code: string; openid: string } {
    const user = this.user(userKey, nickname);
    const code = `sim_${crypto.randomBytes(12).toString('hex')}`;
    this.loginCodes.set(code, { userKey, expiresAt: this.now() + (this.options.codeTtlMs ?? 300_000), isUsed: false });
    return { code, openid: user.openid };
  }

  /** Mints a single-use getPhoneNumber code carrying `phoneNumber` for `userKey`. */
  mintPhoneCode(userKey: string, phoneNumber: string): { code: string } {
    this.user(userKey);
    const code = `simphone_${crypto.randomBytes(12).toString('hex')}`;
    this.phoneCodes.set(code, { userKey, expiresAt: this.now() + 300_000, isUsed: false, phoneNumber });
    return { code };
  }

  /** Invalidates every issued access token, as a force_refresh elsewhere would (40001 on next use). */
  invalidateTokens(): void {
    this.tokens.clear();
    this.currentToken = null;
  }

  private user(key: string, nickname?: string): SimUser {
    let user = this.users.get(key);
    if (!user) {
      const digest = crypto.createHash('sha256').update(`${this.options.appid}:${key}`).digest('base64url');
      user = { key, openid: `o${digest.slice(0, 27)}`, unionid: `u${digest.slice(27, 42)}`, nickname: nickname ?? key };
      this.users.set(key, user);
    }
    return user;
  }

  private jscode2session(query: Record<string, string | undefined>) {
    this.calls.jscode2session += 1;
    if (query.grant_type !== 'authorization_code') return wxError(40002, 'invalid grant_type');
    if (query.appid !== this.options.appid) return wxError(40013, 'invalid appid');
    if (query.secret !== this.options.secret) return wxError(40125, 'invalid appsecret');
    const issued = query.js_code ? this.loginCodes.get(query.js_code) : undefined;
    if (!issued || issued.isUsed || issued.expiresAt <= this.now()) return wxError(40029, 'invalid code');
    issued.isUsed = true;
    const user = this.user(issued.userKey);
    return { openid: user.openid, session_key: crypto.randomBytes(16).toString('base64'), unionid: user.unionid };
  }

  private stableToken(body: Record<string, unknown>) {
    this.calls.stableToken += 1;
    if (body.grant_type !== 'client_credential') return wxError(40002, 'invalid grant_type');
    if (body.appid !== this.options.appid) return wxError(40013, 'invalid appid');
    if (body.secret !== this.options.secret) return wxError(40125, 'invalid appsecret');
    const ttl = this.options.tokenTtlSeconds ?? 7200;
    const expiresAt = this.currentToken ? this.tokens.get(this.currentToken) : undefined;
    // Like WeChat: the same token until it nears expiry, unless force_refresh.
    if (this.currentToken && expiresAt && expiresAt - this.now() > 300_000 && body.force_refresh !== true) {
      return { access_token: this.currentToken, expires_in: Math.floor((expiresAt - this.now()) / 1000) };
    }
    if (body.force_refresh === true) this.tokens.clear();
    const token = crypto.randomBytes(48).toString('base64url');
    this.tokens.set(token, this.now() + ttl * 1000);
    this.currentToken = token;
    return { access_token: token, expires_in: ttl };
  }

  private getPhoneNumber(accessToken: string | undefined, body: Record<string, unknown>) {
    this.calls.getPhoneNumber += 1;
    const expiresAt = accessToken ? this.tokens.get(accessToken) : undefined;
    if (expiresAt === undefined) return wxError(40001, 'invalid credential, access_token is invalid or not latest');
    if (expiresAt <= this.now()) return wxError(42001, 'access_token expired');
    const issued = typeof body.code === 'string' ? this.phoneCodes.get(body.code) : undefined;
    if (!issued || issued.isUsed || issued.expiresAt <= this.now() || !issued.phoneNumber) return wxError(40029, 'invalid code');
    issued.isUsed = true;
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

  /** The simulator's routes under `prefix` ('' when it has a port of its own, '/wechat-sim' when mounted). */
  router(prefix = ''): Router {
    const router = new Router({ prefix });
    router.get('/sns/jscode2session', (ctx) => {
      ctx.body = this.jscode2session(ctx.query as Record<string, string | undefined>);
    });
    router.post('/cgi-bin/stable_token', async (ctx) => {
      const body = await readJson(ctx);
      ctx.body = body ? this.stableToken(body) : wxError(47001, 'data format error');
    });
    router.post('/wxa/business/getuserphonenumber', async (ctx) => {
      const body = await readJson(ctx);
      const token = typeof ctx.query.access_token === 'string' ? ctx.query.access_token : undefined;
      ctx.body = body ? this.getPhoneNumber(token, body) : wxError(47001, 'data format error');
    });
    router.post('/sim/login-code', async (ctx) => {
      const body = await readJson(ctx);
      const key = body?.user;
      if (typeof key !== 'string' || !USER_KEY.test(key)) {
        ctx.status = 400;
        ctx.body = { error: 'user must be 1–32 letters, digits, "_" or "-"' };
        return;
      }
      ctx.body = this.mintLoginCode(key, typeof body?.nickname === 'string' ? body.nickname.slice(0, 20) : undefined);
    });
    router.post('/sim/phone-code', async (ctx) => {
      const body = await readJson(ctx);
      if (typeof body?.user !== 'string' || !USER_KEY.test(body.user) || typeof body.phoneNumber !== 'string' || !MAINLAND_PHONE.test(body.phoneNumber)) {
        ctx.status = 400;
        ctx.body = { error: 'user and an 11-digit phoneNumber are required' };
        return;
      }
      ctx.body = this.mintPhoneCode(body.user, body.phoneNumber);
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

function wxError(errcode: number, errmsg: string) {
  return { errcode, errmsg };
}

async function readJson(ctx: Koa.Context): Promise<Record<string, unknown> | null> {
  try {
    const text = await getRawBody(ctx.req, { limit: 64 * 1024, encoding: 'utf8' });
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
