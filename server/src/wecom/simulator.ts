import crypto from 'node:crypto';
import Router from '@koa/router';
import Koa from 'koa';
import { and, count, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import getRawBody from 'raw-body';
import type { Db } from '../db/client';
import {
  simWecomAdminWelcome,
  simWecomContacts,
  simWecomContactTags,
  simWecomCorpTags,
  simWecomGroupMsgResults,
  simWecomGroupMsgs,
  simWecomTokens,
  simWecomWays,
  simWecomWelcomeCodes,
} from '../db/schema';
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
  readonly calls = { gettoken: 0, addContactWay: 0, addJoinWay: 0, getJoinWay: 0, getExternalContact: 0, addMsgTemplate: 0, sendWelcomeMsg: 0, markTag: 0 };
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
    const welcomeCode = await this.issueWelcomeCode(input.externalUserId, userid);
    return this.deliver(
      contactAddedXml({ corpId: this.options.corpId, createTime, userid, externalUserId: input.externalUserId, state: way.state, welcomeCode }),
    );
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

  // ---- Mass sends (add_msg_template), welcome messages and corp tags (issue 15; messaging-protocols.md §1.5, 1.7, 1.8) ----

  /** A welcome code for an add (valid 20 s, one use); null when the console has a welcome message configured. */
  private async issueWelcomeCode(externalUserId: string, userId: string): Promise<string | null> {
    const [admin] = await this.db.select().from(simWecomAdminWelcome).where(eq(simWecomAdminWelcome.corpId, this.options.corpId));
    if (admin) return null;
    const code = crypto.randomBytes(16).toString('hex');
    await this.db.insert(simWecomWelcomeCodes).values({ code, corpId: this.options.corpId, externalUserId, userId, issuedAtMs: this.now() });
    return code;
  }

  /** Test hook: the admin configures (or removes) a welcome message in the console: adds carry no WelcomeCode. */
  async setAdminWelcome(isConfigured: boolean): Promise<void> {
    if (isConfigured) await this.db.insert(simWecomAdminWelcome).values({ corpId: this.options.corpId }).onConflictDoNothing();
    else await this.db.delete(simWecomAdminWelcome).where(eq(simWecomAdminWelcome.corpId, this.options.corpId));
  }

  /** What send_welcome_msg sent to `externalUserId` (tests inspect it), oldest first. */
  async welcomeMessagesTo(externalUserId: string): Promise<unknown[]> {
    const rows = await this.db.select().from(simWecomWelcomeCodes).where(eq(simWecomWelcomeCodes.externalUserId, externalUserId));
    return rows.filter((row) => row.usedAtMs !== null).map((row) => row.content);
  }

  /** The text and attachments of a message; an error body when they break WeCom's rules. */
  private static contentOf(body: Record<string, unknown>): { text: string | null; attachments: unknown[] } | { errcode: number; errmsg: string } {
    const text = body.text;
    const content = text && typeof text === 'object' ? (text as Record<string, unknown>).content : undefined;
    if (text !== undefined && (typeof content !== 'string' || Buffer.byteLength(content) > 4000)) return wxError(40058, 'text.content: at most 4000 bytes');
    const attachments = body.attachments ?? [];
    if (!Array.isArray(attachments) || attachments.length > 9) return wxError(40058, 'attachments: at most 9');
    for (const item of attachments) {
      const type = item && typeof item === 'object' ? (item as Record<string, unknown>).msgtype : undefined;
      if (typeof type !== 'string' || !['image', 'link', 'miniprogram', 'video', 'file'].includes(type)) return wxError(40058, 'attachments: invalid msgtype');
      const payload = (item as Record<string, unknown>)[type];
      if (!payload || typeof payload !== 'object') return wxError(40058, `attachments: ${type} missing`);
      if (type === 'miniprogram') {
        const mp = payload as Record<string, unknown>;
        if (typeof mp.title !== 'string' || typeof mp.appid !== 'string' || typeof mp.page !== 'string' || mp.title === '' || mp.page === '') {
          return wxError(40058, 'attachments: miniprogram needs title, appid and page');
        }
      }
    }
    if (typeof content !== 'string' && attachments.length === 0) return wxError(40058, 'text or attachments required');
    return { text: typeof content === 'string' ? content : null, attachments };
  }

  private async sendWelcomeMsg(body: Record<string, unknown>) {
    this.calls.sendWelcomeMsg += 1;
    const code = body.welcome_code;
    if (typeof code !== 'string' || code === '') return wxError(41049, 'missing welcome_code');
    const content = WecomSimulator.contentOf(body);
    if ('errcode' in content) return content;
    const [row] = await this.db.select().from(simWecomWelcomeCodes).where(eq(simWecomWelcomeCodes.code, code));
    if (!row || row.corpId !== this.options.corpId) return wxError(41050, 'invalid welcome_code');
    if (row.usedAtMs !== null) return wxError(41051, 'welcome_code used or customer already chatting');
    if (this.now() - row.issuedAtMs > 20_000) return wxError(41050, 'welcome_code expired');
    const used = await this.db
      .update(simWecomWelcomeCodes)
      .set({ usedAtMs: this.now(), content })
      .where(and(eq(simWecomWelcomeCodes.code, code), isNull(simWecomWelcomeCodes.usedAtMs)))
      .returning({ code: simWecomWelcomeCodes.code });
    return used.length > 0 ? { errcode: 0, errmsg: 'ok' } : wxError(41051, 'welcome_code used or customer already chatting');
  }

  private async addMsgTemplate(body: Record<string, unknown>) {
    this.calls.addMsgTemplate += 1;
    if ((body.chat_type ?? 'single') !== 'single') return wxError(40058, 'the simulator only sends chat_type single');
    const sender = body.sender;
    if (typeof sender !== 'string' || !ID.test(sender)) return wxError(40058, 'sender: a corp member userid');
    const ids = body.external_userid;
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && ID.test(id))) return wxError(40058, 'invalid external_userid');
    if (ids.length > 10_000) return wxError(40058, 'external_userid: at most 10000');
    const content = WecomSimulator.contentOf(body);
    if ('errcode' in content) return content;
    const unique = [...new Set(ids as string[])];
    const known =
      unique.length === 0
        ? []
        : await this.db
            .select({ id: simWecomContacts.externalUserId })
            .from(simWecomContacts)
            .where(and(eq(simWecomContacts.corpId, this.options.corpId), inArray(simWecomContacts.externalUserId, unique)));
    const knownIds = new Set(known.map((row) => row.id));
    const failList = unique.filter((id) => !knownIds.has(id));
    if (knownIds.size === 0) return wxError(41048, 'no customers can be sent to');
    const msgid = `msg${crypto.randomBytes(12).toString('hex')}`;
    await this.db.transaction(async (tx) => {
      await tx.insert(simWecomGroupMsgs).values({ msgid, corpId: this.options.corpId, sender, content, createdAtMs: this.now() });
      await tx.insert(simWecomGroupMsgResults).values([...knownIds].map((externalUserId) => ({ msgid, externalUserId })));
    });
    return { errcode: 0, errmsg: 'ok', fail_list: failList, msgid };
  }

  /**
   * Test hook: the sender taps send on task `msgid`. Each pending customer becomes 1 (sent), 2 (not the
   * sender's customer) or 3 (already received days-in-month mass messages this calendar month, China time).
   * Null when there is no such task.
   */
  async confirmGroupMsg(msgid: string): Promise<{ sent: number; notFriend: number; overCap: number } | null> {
    const [task] = await this.db.select().from(simWecomGroupMsgs).where(eq(simWecomGroupMsgs.msgid, msgid));
    if (!task || task.corpId !== this.options.corpId) return null;
    const tally = { sent: 0, notFriend: 0, overCap: 0 };
    if (task.confirmedAtMs !== null) return tally;
    const now = this.now();
    const china = new Date(now + 8 * 3_600_000);
    const monthStart = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), 1) - 8 * 3_600_000;
    const daysInMonth = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() + 1, 0)).getUTCDate();
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sim-wecom-groupmsg:${this.options.corpId}`}))`);
      const pending = await tx
        .select()
        .from(simWecomGroupMsgResults)
        .where(and(eq(simWecomGroupMsgResults.msgid, msgid), eq(simWecomGroupMsgResults.status, 0)));
      for (const result of pending) {
        const [contact] = await tx.select().from(simWecomContacts).where(eq(simWecomContacts.externalUserId, result.externalUserId));
        let status = 1;
        if (!contact?.followUsers.some((f) => f.userid === task.sender)) status = 2;
        else {
          const [received] = await tx
            .select({ n: count() })
            .from(simWecomGroupMsgResults)
            .where(
              and(
                eq(simWecomGroupMsgResults.externalUserId, result.externalUserId),
                eq(simWecomGroupMsgResults.status, 1),
                sql`${simWecomGroupMsgResults.sendTimeMs} >= ${monthStart}`,
              ),
            );
          if ((received?.n ?? 0) >= daysInMonth) status = 3;
        }
        await tx
          .update(simWecomGroupMsgResults)
          .set({ status, sendTimeMs: status === 1 ? now : null })
          .where(and(eq(simWecomGroupMsgResults.msgid, msgid), eq(simWecomGroupMsgResults.externalUserId, result.externalUserId)));
        if (status === 1) tally.sent += 1;
        else if (status === 2) tally.notFriend += 1;
        else tally.overCap += 1;
      }
      await tx.update(simWecomGroupMsgs).set({ confirmedAtMs: now }).where(eq(simWecomGroupMsgs.msgid, msgid));
    });
    return tally;
  }

  /** The messages of a task (tests read what the sender was asked to send). */
  async groupMsg(msgid: string): Promise<{ sender: string; content: { text: string | null; attachments: unknown[] } } | null> {
    const [task] = await this.db.select().from(simWecomGroupMsgs).where(eq(simWecomGroupMsgs.msgid, msgid));
    return task ? { sender: task.sender, content: task.content } : null;
  }

  private async getGroupMsgSendResult(body: Record<string, unknown>) {
    const msgid = body.msgid;
    if (typeof msgid !== 'string' || msgid === '') return wxError(41046, 'missing msgid');
    if (typeof body.userid !== 'string' || !ID.test(body.userid)) return wxError(40058, 'userid required');
    const limit = body.limit ?? 500;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 1000) return wxError(40058, 'limit: 1 to 1000');
    const offset = body.cursor === undefined || body.cursor === '' ? 0 : Number(body.cursor);
    if (!Number.isInteger(offset) || offset < 0) return wxError(40058, 'invalid cursor');
    const [task] = await this.db.select().from(simWecomGroupMsgs).where(eq(simWecomGroupMsgs.msgid, msgid));
    if (!task || task.corpId !== this.options.corpId) return wxError(41047, 'invalid msgid');
    if (task.sender !== body.userid) return { errcode: 0, errmsg: 'ok', send_list: [], next_cursor: '' };
    const rows = await this.db
      .select()
      .from(simWecomGroupMsgResults)
      .where(eq(simWecomGroupMsgResults.msgid, msgid))
      .orderBy(simWecomGroupMsgResults.externalUserId)
      .limit(limit + 1)
      .offset(offset);
    return {
      errcode: 0,
      errmsg: 'ok',
      send_list: rows.slice(0, limit).map((row) => ({
        external_userid: row.externalUserId,
        userid: task.sender,
        status: row.status,
        ...(row.sendTimeMs ? { send_time: Math.floor(row.sendTimeMs / 1000) } : {}),
      })),
      next_cursor: rows.length > limit ? String(offset + limit) : '',
    };
  }

  private async getCorpTagList(body: Record<string, unknown>) {
    const tagIds = body.tag_id ?? [];
    const groupIds = body.group_id ?? [];
    if (!Array.isArray(tagIds) || !Array.isArray(groupIds)) return wxError(40058, 'tag_id and group_id are lists');
    const rows = await this.db.select().from(simWecomCorpTags).where(eq(simWecomCorpTags.corpId, this.options.corpId));
    const wanted = rows.filter((row) => (groupIds.length > 0 ? groupIds.includes(row.groupId) : tagIds.length > 0 ? tagIds.includes(row.id) : true));
    const groups = new Map<string, { group_id: string; group_name: string; create_time: number; order: number; tag: unknown[] }>();
    for (const row of wanted) {
      const group = groups.get(row.groupId) ?? {
        group_id: row.groupId,
        group_name: row.groupName,
        create_time: Math.floor(row.createdAtMs / 1000),
        order: 0,
        tag: [],
      };
      group.tag.push({ id: row.id, name: row.name, create_time: Math.floor(row.createdAtMs / 1000), order: row.sort });
      groups.set(row.groupId, group);
    }
    return { errcode: 0, errmsg: 'ok', tag_group: [...groups.values()] };
  }

  private async addCorpTag(body: Record<string, unknown>) {
    const tags = body.tag;
    if (!Array.isArray(tags) || tags.length === 0) return wxError(40058, 'tag: at least one');
    const named: { name: string; order: number }[] = [];
    for (const tag of tags) {
      const { name, order } = (tag ?? {}) as Record<string, unknown>;
      if (typeof name !== 'string' || name.trim() === '' || [...name].length > 30) return wxError(40058, 'tag name: 1 to 30 characters');
      named.push({ name, order: typeof order === 'number' ? order : 0 });
    }
    const corpTags = await this.db.select().from(simWecomCorpTags).where(eq(simWecomCorpTags.corpId, this.options.corpId));
    let group: { id: string; name: string };
    if (typeof body.group_id === 'string' && body.group_id !== '') {
      const existing = corpTags.find((row) => row.groupId === body.group_id);
      if (!existing) return wxError(40068, 'invalid tag group id');
      group = { id: existing.groupId, name: existing.groupName };
    } else if (typeof body.group_name === 'string' && body.group_name.trim() !== '' && [...body.group_name].length <= 30) {
      const existing = corpTags.find((row) => row.groupName === body.group_name);
      group = existing ? { id: existing.groupId, name: existing.groupName } : { id: `etg${crypto.randomBytes(10).toString('hex')}`, name: body.group_name };
    } else {
      return wxError(40058, 'group_id or group_name (1 to 30 characters) required');
    }
    if (named.some((tag) => corpTags.some((row) => row.groupId === group.id && row.name === tag.name))) return wxError(40071, 'tag name exists in the group');
    if (corpTags.length + named.length > 10_000) return wxError(40126, 'too many corp tags');
    const created = named.map((tag) => ({ id: `et${crypto.randomBytes(10).toString('hex')}`, ...tag }));
    await this.db.insert(simWecomCorpTags).values(
      created.map((tag) => ({
        id: tag.id,
        corpId: this.options.corpId,
        groupId: group.id,
        groupName: group.name,
        name: tag.name,
        sort: tag.order,
        createdAtMs: this.now(),
      })),
    );
    const time = Math.floor(this.now() / 1000);
    return {
      errcode: 0,
      errmsg: 'ok',
      tag_group: {
        group_id: group.id,
        group_name: group.name,
        create_time: time,
        order: 0,
        tag: created.map((t) => ({ id: t.id, name: t.name, create_time: time, order: t.order })),
      },
    };
  }

  /** mark_tag: corp tags on a contact through one of its follow users; no change_external_tag callback (API changes emit none). */
  private async markTag(body: Record<string, unknown>) {
    this.calls.markTag += 1;
    const { userid, external_userid: externalUserId } = body;
    const add = body.add_tag ?? [];
    const remove = body.remove_tag ?? [];
    if (typeof userid !== 'string' || !ID.test(userid)) return wxError(40058, 'userid required');
    if (typeof externalUserId !== 'string' || !ID.test(externalUserId)) return wxError(40096, 'invalid external_userid');
    if (!Array.isArray(add) || !Array.isArray(remove) || !add.every((id) => typeof id === 'string') || !remove.every((id) => typeof id === 'string')) {
      return wxError(40068, 'invalid tag id');
    }
    if (add.length === 0 && remove.length === 0) return wxError(40058, 'add_tag or remove_tag required');
    const [contact] = await this.db.select().from(simWecomContacts).where(eq(simWecomContacts.externalUserId, externalUserId));
    if (!contact || contact.corpId !== this.options.corpId) return wxError(40096, 'invalid external_userid');
    if (!contact.followUsers.some((f) => f.userid === userid)) return wxError(84061, 'no relationship');
    const ids = [...new Set([...(add as string[]), ...(remove as string[])])];
    const existing = await this.db
      .select({ id: simWecomCorpTags.id })
      .from(simWecomCorpTags)
      .where(and(eq(simWecomCorpTags.corpId, this.options.corpId), inArray(simWecomCorpTags.id, ids)));
    if (existing.length !== ids.length) return wxError(40068, 'invalid tag id');
    if (add.length > 0) {
      await this.db
        .insert(simWecomContactTags)
        .values((add as string[]).map((tagId) => ({ externalUserId, userId: userid, tagId })))
        .onConflictDoNothing();
    }
    if (remove.length > 0) {
      await this.db
        .delete(simWecomContactTags)
        .where(
          and(
            eq(simWecomContactTags.externalUserId, externalUserId),
            eq(simWecomContactTags.userId, userid),
            inArray(simWecomContactTags.tagId, remove as string[]),
          ),
        );
    }
    return { errcode: 0, errmsg: 'ok' };
  }

  /** The corp tag names marked on a contact (tests). */
  async contactTagNames(externalUserId: string): Promise<string[]> {
    const rows = await this.db
      .select({ name: simWecomCorpTags.name })
      .from(simWecomContactTags)
      .innerJoin(simWecomCorpTags, eq(simWecomCorpTags.id, simWecomContactTags.tagId))
      .where(eq(simWecomContactTags.externalUserId, externalUserId));
    return rows.map((row) => row.name).sort();
  }

  /** The mass-send, welcome and corp-tag APIs and their test hooks. */
  private messagingRoutes(router: Router): void {
    const api = (path: string, handle: (body: Record<string, unknown>) => Promise<unknown>) =>
      router.post(path, async (ctx) => {
        const denied = await this.checkToken(ctx.query.access_token, path);
        if (denied) {
          ctx.body = denied;
          return;
        }
        // add_msg_template takes up to 10,000 external_userids: a larger body than the 64 KB of readJson.
        let body: unknown = null;
        try {
          body = JSON.parse(await getRawBody(ctx.req, { limit: 2 * 1024 * 1024, encoding: 'utf8' }));
        } catch {
          body = null;
        }
        ctx.body =
          body && typeof body === 'object' && !Array.isArray(body) ? await handle(body as Record<string, unknown>) : wxError(47001, 'data format error');
      });
    api('/cgi-bin/externalcontact/add_msg_template', (body) => this.addMsgTemplate(body));
    api('/cgi-bin/externalcontact/get_groupmsg_send_result', (body) => this.getGroupMsgSendResult(body));
    api('/cgi-bin/externalcontact/send_welcome_msg', (body) => this.sendWelcomeMsg(body));
    api('/cgi-bin/externalcontact/get_corp_tag_list', (body) => this.getCorpTagList(body));
    api('/cgi-bin/externalcontact/add_corp_tag', (body) => this.addCorpTag(body));
    api('/cgi-bin/externalcontact/mark_tag', (body) => this.markTag(body));
    router.post('/test/groupmsg/confirm', async (ctx) => {
      const body = await readJson(ctx);
      const msgid = body?.msgid;
      const result = typeof msgid === 'string' ? await this.confirmGroupMsg(msgid) : null;
      ctx.status = result ? 200 : 404;
      ctx.body = result ?? { error: 'no such msgid' };
    });
    router.post('/test/welcome/admin', async (ctx) => {
      const body = await readJson(ctx);
      if (typeof body?.configured !== 'boolean') {
        ctx.status = 400;
        ctx.body = { error: 'configured (boolean) is required' };
        return;
      }
      await this.setAdminWelcome(body.configured);
      ctx.body = { configured: body.configured };
    });
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
    this.messagingRoutes(router);
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
