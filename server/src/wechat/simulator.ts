import crypto from 'node:crypto';
import Router from '@koa/router';
import Koa from 'koa';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import getRawBody from 'raw-body';
import type { Db } from '../db/client';
import { simWechatCodes, simWechatTokens } from '../db/schema';

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
}

const USER_KEY = /^[0-9A-Za-z_-]{1,32}$/;
const MAINLAND_PHONE = /^1\d{10}$/;
const PHONE_CODE_TTL_MS = 300_000;

export class WechatSimulator {
  /** Counters per API (this process only), for tests that assert how often the client called. */
  readonly calls = { jscode2session: 0, stableToken: 0, getPhoneNumber: 0 };
  private readonly now: () => number;
  private readonly db: Db;

  constructor(private readonly options: SimulatorOptions) {
    this.now = options.now ?? Date.now;
    this.db = options.db;
  }

  /** Mints a single-use wx.login code for the simulated user `userKey`. */
  async mintLoginCode(userKey: string): Promise<{ code: string; openid: string }> {
    const code = `sim_${crypto.randomBytes(12).toString('hex')}`;
    await this.insertCode(code, 'login', userKey, null, this.options.codeTtlMs ?? 300_000);
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
