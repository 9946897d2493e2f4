import crypto from 'node:crypto';
import Router from '@koa/router';
import Koa from 'koa';
import { and, count, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { simWecomContacts, simWecomTokens, simWecomWays } from '../db/schema';
import { WxBizMsgCrypt } from './crypto';
import { contactAddedXml, deliverEvent, groupJoinedXml, type Delivery } from './simulator-events';
import { readJson, wxError } from '../lib/sim-http';

export type { Delivery } from './simulator-events';

/**
 * The WeCom simulator: a strict local implementation of gettoken, add_contact_way, groupchat/add_join_way,
 * get_join_way and externalcontact/get (messaging-protocols.md §1.10), plus test hooks that "scan" a
 * contact-me code or "join" a group through a join code and POST the encrypted callback to the app, as WeCom
 * would: CDATA XML, a valid msg_signature, no MsgId, re-delivered up to 3 times when the app times out.
 * Its state lives in the database (several processes on one database are one WeCom). Never beside real
 * credentials.
 */
export interface WecomSimulatorOptions {
  corpId: string;
  secret: string;
  /** The app's callback token and EncodingAESKey (the callback URL's settings in the WeCom console). */
  callbackToken: string;
  encodingAesKey: string;
  /** Where events are POSTed (`…/api/wecom/callback`); may be set after construction. */
  callbackUrl?: string;
  db: Db;
  now?: () => number;
  tokenTtlSeconds?: number;
  /** Codes made through the API, contact-me and join ways together (WeCom: 500,000 per corp). */
  quota?: number;
  /** How long WeCom waits for the app's answer before it re-delivers (5 s). */
  deliveryTimeoutMs?: number;
}

const ID = /^[0-9A-Za-z_-]{1,64}$/;
const STATE_MAX = 30;
const MAX_USERS = 100;
const MAX_CHATS = 5;

export class WecomSimulator {
  callbackUrl: string | undefined;
  /** How long WeCom waits for the app before it re-delivers (tests shorten it). */
  deliveryTimeoutMs: number;
  /** Calls per API in this process (test instrumentation). */
  readonly calls = { gettoken: 0, addContactWay: 0, addJoinWay: 0, getJoinWay: 0, getExternalContact: 0 };
  private readonly now: () => number;
  private readonly db: Db;
  private readonly crypt: WxBizMsgCrypt;
  /** Errcodes the next API calls answer (a test's fault injection, e.g. -1 busy). */
  private readonly faults: number[] = [];
  /** Calls per API per minute before 45009 (WeCom: 10,000 per corp per API; this process only). */
  rateLimitPerMinute = 10_000;
  private readonly window = new Map<string, { minute: number; calls: number }>();

  constructor(private readonly options: WecomSimulatorOptions) {
    this.now = options.now ?? Date.now;
    this.db = options.db;
    this.callbackUrl = options.callbackUrl;
    this.deliveryTimeoutMs = options.deliveryTimeoutMs ?? 5000;
    this.crypt = new WxBizMsgCrypt({ token: options.callbackToken, encodingAesKey: options.encodingAesKey, receiveId: options.corpId });
  }

  /** The next `times` API calls (not gettoken) answer `errcode`. */
  failNext(errcode: number, times = 1): void {
    for (let i = 0; i < times; i += 1) this.faults.push(errcode);
  }

  /** Every issued token expires now (42001 on next use). */
  async expireTokens(): Promise<void> {
    await this.db.update(simWecomTokens).set({ expiresAtMs: this.now() }).where(eq(simWecomTokens.corpId, this.options.corpId));
  }

  /** Every issued token is revoked early (40014 on next use). */
  async revokeTokens(): Promise<void> {
    await this.db.update(simWecomTokens).set({ isRevoked: true }).where(eq(simWecomTokens.corpId, this.options.corpId));
  }

  private async gettoken(query: Record<string, unknown>) {
    this.calls.gettoken += 1;
    if (query.corpid !== this.options.corpId) return wxError(40013, 'invalid corpid');
    if (query.corpsecret !== this.options.secret) return wxError(40001, 'invalid secret');
    const now = this.now();
    const ttl = this.options.tokenTtlSeconds ?? 7200;
    // Like WeCom: the same token while it is valid.
    const [current] = await this.db
      .select()
      .from(simWecomTokens)
      .where(and(eq(simWecomTokens.corpId, this.options.corpId), eq(simWecomTokens.isRevoked, false), gt(simWecomTokens.expiresAtMs, now)))
      .orderBy(desc(simWecomTokens.expiresAtMs))
      .limit(1);
    if (current) return { errcode: 0, errmsg: 'ok', access_token: current.token, expires_in: Math.floor((current.expiresAtMs - now) / 1000) };
    const token = crypto.randomBytes(48).toString('base64url');
    await this.db.insert(simWecomTokens).values({ token, corpId: this.options.corpId, expiresAtMs: now + ttl * 1000 });
    return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: ttl };
  }

  /** null when the token is good; the errcode body otherwise (or an injected fault). */
  private async checkToken(accessToken: unknown, api: string): Promise<{ errcode: number; errmsg: string } | null> {
    const minute = Math.floor(this.now() / 60_000);
    const used = this.window.get(api);
    const calls = used?.minute === minute ? used.calls + 1 : 1;
    this.window.set(api, { minute, calls });
    if (calls > this.rateLimitPerMinute) return wxError(45009, 'api freq out of limit');
    const fault = this.faults.shift();
    if (fault !== undefined) return wxError(fault, fault === -1 ? 'system busy' : 'simulated fault');
    if (typeof accessToken !== 'string' || accessToken === '' || accessToken.length > 512) return wxError(41001, 'access_token missing');
    const [row] = await this.db.select().from(simWecomTokens).where(eq(simWecomTokens.token, accessToken));
    if (!row || row.corpId !== this.options.corpId || row.isRevoked) return wxError(40014, 'invalid access_token');
    if (row.expiresAtMs <= this.now()) return wxError(42001, 'access_token expired');
    return null;
  }

  /** A new way counts toward the shared quota: inserted only while the corp is under it. */
  private async insertWay(values: typeof simWecomWays.$inferInsert): Promise<boolean> {
    const [used] = await this.db.select({ n: count() }).from(simWecomWays).where(eq(simWecomWays.corpId, this.options.corpId));
    if ((used?.n ?? 0) >= (this.options.quota ?? 500_000)) return false;
    await this.db.insert(simWecomWays).values(values);
    return true;
  }

  private async addContactWay(body: Record<string, unknown>) {
    this.calls.addContactWay += 1;
    if (body.type === undefined) return wxError(41037, 'missing type');
    if (body.scene === undefined) return wxError(41038, 'missing scene');
    if (body.type !== 1 && body.type !== 2) return wxError(41039, 'invalid type');
    if (body.scene !== 1 && body.scene !== 2) return wxError(41040, 'invalid scene');
    const state = body.state ?? '';
    const remark = body.remark ?? '';
    if (typeof state !== 'string' || state.length > STATE_MAX) return wxError(40058, 'invalid state: at most 30 characters');
    if (typeof remark !== 'string' || remark.length > STATE_MAX) return wxError(40058, 'invalid remark: at most 30 characters');
    const users = body.user ?? [];
    if (!Array.isArray(users) || !users.every((u) => typeof u === 'string' && ID.test(u))) return wxError(40058, 'invalid user');
    if (users.length === 0) return wxError(40058, 'user or party required');
    if (users.length > MAX_USERS) return wxError(41041, 'too many users');
    if (body.type === 1 && users.length !== 1) return wxError(40058, 'type 1 takes exactly one user');
    const configId = crypto.randomBytes(16).toString('hex');
    const qrCode = body.scene === 2 ? `https://wework.qpic.cn/wwpic/sim/${configId}/0` : null;
    const isAdded = await this.insertWay({
      configId,
      corpId: this.options.corpId,
      kind: 'contact_way',
      type: body.type,
      scene: body.scene,
      state,
      remark,
      users: users as string[],
      qrCode,
      createdAtMs: this.now(),
    });
    if (!isAdded) return wxError(41045, 'contact way quota reached');
    return { errcode: 0, errmsg: 'ok', config_id: configId, ...(qrCode ? { qr_code: qrCode } : {}) };
  }

  private async addJoinWay(body: Record<string, unknown>) {
    this.calls.addJoinWay += 1;
    if (body.scene !== 1 && body.scene !== 2) return wxError(41040, 'invalid scene');
    const state = body.state ?? '';
    const remark = body.remark ?? '';
    if (typeof state !== 'string' || state.length > STATE_MAX) return wxError(40058, 'invalid state: at most 30 characters');
    if (typeof remark !== 'string' || remark.length > STATE_MAX) return wxError(40058, 'invalid remark: at most 30 characters');
    const chats = body.chat_id_list;
    if (!Array.isArray(chats) || chats.length === 0 || chats.length > MAX_CHATS || !chats.every((c) => typeof c === 'string' && ID.test(c))) {
      return wxError(40058, 'chat_id_list: 1 to 5 group chats');
    }
    const configId = crypto.randomBytes(16).toString('hex');
    const isAdded = await this.insertWay({
      configId,
      corpId: this.options.corpId,
      kind: 'join_way',
      scene: body.scene,
      state,
      remark,
      chatIds: chats as string[],
      qrCode: body.scene === 2 ? `https://wework.qpic.cn/wwpic/sim-group/${configId}/0` : null,
      createdAtMs: this.now(),
    });
    if (!isAdded) return wxError(41045, 'contact way quota reached');
    return { errcode: 0, errmsg: 'ok', config_id: configId };
  }

  private async way(configId: unknown, kind: 'contact_way' | 'join_way') {
    if (typeof configId !== 'string' || !ID.test(configId)) return null;
    const [row] = await this.db.select().from(simWecomWays).where(eq(simWecomWays.configId, configId));
    return row && row.corpId === this.options.corpId && row.kind === kind ? row : null;
  }

  private async getJoinWay(body: Record<string, unknown>) {
    this.calls.getJoinWay += 1;
    const way = await this.way(body.config_id, 'join_way');
    if (!way) return wxError(41044, 'invalid config_id');
    return {
      errcode: 0,
      errmsg: 'ok',
      join_way: {
        config_id: way.configId,
        scene: way.scene,
        remark: way.remark,
        auto_create_room: 1,
        chat_id_list: way.chatIds,
        qr_code: way.qrCode ?? '',
        state: way.state,
      },
    };
  }

  private async getExternalContact(externalUserId: unknown) {
    this.calls.getExternalContact += 1;
    if (typeof externalUserId !== 'string' || !ID.test(externalUserId)) return wxError(40096, 'invalid external_userid');
    const [row] = await this.db.select().from(simWecomContacts).where(eq(simWecomContacts.externalUserId, externalUserId));
    if (!row || row.corpId !== this.options.corpId) return wxError(40096, 'invalid external_userid');
    return {
      errcode: 0,
      errmsg: 'ok',
      external_contact: { external_userid: row.externalUserId, name: row.name, type: 1, gender: 0, ...(row.unionid ? { unionid: row.unionid } : {}) },
      follow_user: row.followUsers.map((f) => ({
        userid: f.userid,
        remark: '',
        description: '',
        createtime: f.createtime,
        tags: [],
        add_way: 1,
        state: f.state,
      })),
    };
  }

  /** Records the customer in the simulator (externalcontact/get answers it from then on). */
  private async rememberContact(externalUserId: string, unionid: string | null, follow: { userid: string; state: string } | null): Promise<void> {
    const createtime = Math.floor(this.now() / 1000);
    const [existing] = await this.db.select().from(simWecomContacts).where(eq(simWecomContacts.externalUserId, externalUserId));
    const followUsers = [...(existing?.followUsers ?? []), ...(follow ? [{ ...follow, createtime }] : [])];
    await this.db
      .insert(simWecomContacts)
      .values({ externalUserId, corpId: this.options.corpId, unionid, name: `客户${externalUserId.slice(-4)}`, followUsers, createdAtMs: this.now() })
      .onConflictDoUpdate({ target: simWecomContacts.externalUserId, set: { followUsers, ...(unionid ? { unionid } : {}) } });
  }

  /**
   * A customer scans contact-me code `configId`: the customer is added by the code's (first) member and WeCom
   * POSTs change_external_contact / add_external_contact with the code's State.
   */
  async scanContactWay(input: { configId: string; externalUserId: string; unionid?: string | null }): Promise<Delivery | null> {
    const way = await this.way(input.configId, 'contact_way');
    const userid = way?.users[0];
    if (!way || !userid) return null;
    await this.rememberContact(input.externalUserId, input.unionid ?? null, { userid, state: way.state });
    const createTime = Math.floor(this.now() / 1000);
    return this.deliver(contactAddedXml({ corpId: this.options.corpId, createTime, userid, externalUserId: input.externalUserId, state: way.state }));
  }

  /** A customer joins a group through join code `configId` (⚠️ the event shape: see groupJoinedXml). */
  async joinGroup(input: { configId: string; externalUserId: string; unionid?: string | null }): Promise<Delivery | null> {
    const way = await this.way(input.configId, 'join_way');
    const chatId = way?.chatIds[0];
    if (!way || !chatId) return null;
    await this.rememberContact(input.externalUserId, input.unionid ?? null, null);
    const createTime = Math.floor(this.now() / 1000);
    return this.deliver(groupJoinedXml({ corpId: this.options.corpId, createTime, chatId, externalUserId: input.externalUserId, state: way.state }));
  }

  /** Encrypts, signs and POSTs an event to the callback URL (re-delivered up to 3 times on a timeout). */
  async deliver(plaintextXml: string): Promise<Delivery> {
    if (!this.callbackUrl) throw new Error('the WeCom simulator has no callback URL');
    const target = { corpId: this.options.corpId, callbackUrl: this.callbackUrl, timeoutMs: this.deliveryTimeoutMs, nowSeconds: Math.floor(this.now() / 1000) };
    return deliverEvent(this.crypt, target, plaintextXml);
  }

  /** The simulator's routes under `prefix` ('' on a port of its own, '/wecom-sim' when mounted). */
  router(prefix = ''): Router {
    const router = new Router({ prefix });
    router.get('/cgi-bin/gettoken', async (ctx) => {
      ctx.body = await this.gettoken(ctx.query);
    });
    const guarded = (path: string, handle: (body: Record<string, unknown>) => Promise<unknown>) =>
      router.post(path, async (ctx) => {
        const denied = await this.checkToken(ctx.query.access_token, path);
        const body = denied ? null : await readJson(ctx);
        ctx.body = denied ?? (body ? await handle(body) : wxError(47001, 'data format error'));
      });
    guarded('/cgi-bin/externalcontact/add_contact_way', (body) => this.addContactWay(body));
    guarded('/cgi-bin/externalcontact/groupchat/add_join_way', (body) => this.addJoinWay(body));
    guarded('/cgi-bin/externalcontact/groupchat/get_join_way', (body) => this.getJoinWay(body));
    router.get('/cgi-bin/externalcontact/get', async (ctx) => {
      ctx.body = (await this.checkToken(ctx.query.access_token, 'externalcontact/get')) ?? (await this.getExternalContact(ctx.query.external_userid));
    });
    const hook = (path: string, act: (input: { configId: string; externalUserId: string; unionid: string | null }) => Promise<Delivery | null>) =>
      router.post(path, async (ctx) => {
        const body = await readJson(ctx);
        const { configId, externalUserId, unionid } = body ?? {};
        if (
          typeof configId !== 'string' ||
          typeof externalUserId !== 'string' ||
          !ID.test(externalUserId) ||
          (unionid !== undefined && typeof unionid !== 'string')
        ) {
          ctx.status = 400;
          ctx.body = { error: 'configId and externalUserId ([0-9A-Za-z_-]{1,64}) are required; unionid is optional' };
          return;
        }
        const delivery = await act({ configId, externalUserId, unionid: unionid ?? null });
        ctx.status = delivery ? 200 : 404;
        ctx.body = delivery ?? { error: 'no such code' };
      });
    hook('/sim/scan-contact-way', (input) => this.scanContactWay(input));
    hook('/sim/join-group', (input) => this.joinGroup(input));
    return router;
  }

  /** A standalone Koa app (its own port in tests). */
  app(): Koa {
    const app = new Koa();
    app.use(this.router().routes());
    return app;
  }
}
