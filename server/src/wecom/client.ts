import { AppError } from '../lib/errors';
import { AccessTokenCache } from '../lib/access-token-cache';

/**
 * The WeCom customer-contact API client (messaging-protocols.md §1): gettoken (cached, refreshed before it
 * expires, fetched again and the call retried once on 40014 / 42001), contact-me codes (add_contact_way),
 * group join codes (groupchat/add_join_way, get_join_way) and externalcontact/get. Real HTTP to `baseUrl`,
 * so tests run it against the strict simulator. `-1` (system busy) is retried up to 3 times with backoff.
 */
export interface WecomClientOptions {
  corpId: string;
  /** The customer-contact secret (客户联系 secret): its own token. */
  secret: string;
  /** https://qyapi.weixin.qq.com, or the simulator's URL. */
  baseUrl: string;
  now?: () => number;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Pause before retry n (1-based) of a busy answer; tests shorten it. */
  busyBackoffMs?: (attempt: number) => number;
}

/** A WeCom API call that answered with an errcode. */
export class WecomApiError extends Error {
  override readonly name = 'WecomApiError';
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(`${api} failed: ${errcode} ${errmsg}`);
  }
}

export interface ContactWayInput {
  /** `state` echoed in the add_external_contact callback: ≤ 30 characters. */
  state: string;
  remark?: string;
  /** The corp members (userids); type 1 = exactly one, type 2 = several (≤ 100). */
  users: string[];
}

export interface JoinWayInput {
  state: string;
  remark?: string;
  /** Seed group chats, 1..5. */
  chatIds: string[];
}

export interface WecomExternalContact {
  externalUserId: string;
  name: string;
  unionid: string | null;
  followUsers: { userid: string; state: string | null; createtime: number }[];
}

/** A message attachment (messaging-protocols.md §1.5); the mini-program card is what journeys send. */
export type WecomAttachment =
  | { msgtype: 'miniprogram'; miniprogram: { title: string; appid: string; page: string; pic_media_id?: string } }
  | { msgtype: 'link'; link: { title: string; url: string; picurl?: string; desc?: string } }
  | { msgtype: 'image'; image: { media_id?: string; pic_url?: string } };

export interface WecomCorpTagGroup {
  groupId: string;
  groupName: string;
  tags: { id: string; name: string }[];
}

/** Token errors after which a new token is fetched and the call retried once. */
const TOKEN_ERRORS = new Set([40014, 42001]);
const BUSY = -1;
const BUSY_RETRIES = 3;

export class WecomClient {
  private readonly tokens: AccessTokenCache;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: WecomClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.tokens = new AccessTokenCache(
      () => this.fetchToken(),
      (error) => error instanceof WecomApiError && TOKEN_ERRORS.has(error.errcode),
      options.now ?? Date.now,
    );
  }

  get corpId(): string {
    return this.options.corpId;
  }

  /** A contact-me QR code (type 1 for one member, 2 for several; scene 2 = QR). */
  async addContactWay(input: ContactWayInput): Promise<{ configId: string; qrCode: string }> {
    const body = await this.post<{ config_id: string; qr_code: string }>('externalcontact/add_contact_way', {
      type: input.users.length === 1 ? 1 : 2,
      scene: 2,
      state: input.state,
      ...(input.remark ? { remark: input.remark } : {}),
      user: input.users,
      skip_verify: true,
    });
    return { configId: body.config_id, qrCode: body.qr_code };
  }

  /** A customer-group join code (scene 2 = QR); add_join_way answers only the config_id, get_join_way the QR. */
  async addJoinWay(input: JoinWayInput): Promise<{ configId: string; qrCode: string }> {
    const created = await this.post<{ config_id: string }>('externalcontact/groupchat/add_join_way', {
      scene: 2,
      state: input.state,
      ...(input.remark ? { remark: input.remark } : {}),
      auto_create_room: 1,
      chat_id_list: input.chatIds,
    });
    const way = await this.getJoinWay(created.config_id);
    return { configId: created.config_id, qrCode: way.qrCode };
  }

  /** A join way's details. */
  async getJoinWay(configId: string): Promise<{ configId: string; qrCode: string; state: string; chatIds: string[] }> {
    const body = await this.post<{ join_way: { config_id: string; qr_code: string; state?: string; chat_id_list: string[] } }>(
      'externalcontact/groupchat/get_join_way',
      { config_id: configId },
    );
    return { configId: body.join_way.config_id, qrCode: body.join_way.qr_code, state: body.join_way.state ?? '', chatIds: body.join_way.chat_id_list };
  }

  /** An external contact with its unionid (when the corp has bound a WeChat developer account). */
  async getExternalContact(externalUserId: string): Promise<WecomExternalContact> {
    const body = await this.withToken((token) =>
      this.request<{
        external_contact: { external_userid: string; name: string; unionid?: string };
        follow_user?: { userid: string; state?: string; createtime: number }[];
      }>(
        'externalcontact/get',
        `/cgi-bin/externalcontact/get?access_token=${encodeURIComponent(token)}&external_userid=${encodeURIComponent(externalUserId)}`,
        {
          method: 'GET',
        },
      ),
    );
    return {
      externalUserId: body.external_contact.external_userid,
      name: body.external_contact.name,
      unionid: body.external_contact.unionid ?? null,
      followUsers: (body.follow_user ?? []).map((f) => ({ userid: f.userid, state: f.state ?? null, createtime: f.createtime })),
    };
  }

  /**
   * A mass-send task (企业群发, chat_type single) for `sender` to `externalUserIds` (≤ 10,000; ≤ 9 attachments):
   * nothing reaches the customers until the sender confirms in their client; poll getGroupMsgSendResult.
   */
  async addMsgTemplate(input: {
    externalUserIds: string[];
    sender: string;
    text: string | null;
    attachments?: WecomAttachment[];
  }): Promise<{ msgid: string; failList: string[] }> {
    if (input.externalUserIds.length > 10_000) throw new RangeError('add_msg_template: at most 10,000 customers');
    if ((input.attachments?.length ?? 0) > 9) throw new RangeError('add_msg_template: at most 9 attachments');
    const body = await this.post<{ msgid: string; fail_list?: string[] }>('externalcontact/add_msg_template', {
      chat_type: 'single',
      external_userid: input.externalUserIds,
      sender: input.sender,
      ...(input.text === null ? {} : { text: { content: input.text } }),
      attachments: input.attachments ?? [],
    });
    return { msgid: body.msgid, failList: body.fail_list ?? [] };
  }

  /** Per customer of task `msgid` sent by `userid`: 0 not sent yet, 1 sent, 2 not a friend, 3 over the monthly cap (all pages). */
  async getGroupMsgSendResult(input: { msgid: string; userid: string }): Promise<{ externalUserId: string; status: 0 | 1 | 2 | 3; sendTime: number | null }[]> {
    const results: { externalUserId: string; status: 0 | 1 | 2 | 3; sendTime: number | null }[] = [];
    for (let cursor = ''; ;) {
      const body = await this.post<{ send_list?: { external_userid: string; status: 0 | 1 | 2 | 3; send_time?: number }[]; next_cursor?: string }>(
        'externalcontact/get_groupmsg_send_result',
        { msgid: input.msgid, userid: input.userid, limit: 1000, ...(cursor ? { cursor } : {}) },
      );
      for (const row of body.send_list ?? []) results.push({ externalUserId: row.external_userid, status: row.status, sendTime: row.send_time ?? null });
      if (!body.next_cursor) return results;
      cursor = body.next_cursor;
    }
  }

  /** The welcome message of an add (the event's WelcomeCode: 20 s, one use; 41050 late, 41051 used). */
  async sendWelcomeMsg(input: { welcomeCode: string; text: string | null; attachments?: WecomAttachment[] }): Promise<void> {
    await this.post('externalcontact/send_welcome_msg', {
      welcome_code: input.welcomeCode,
      ...(input.text === null ? {} : { text: { content: input.text } }),
      attachments: input.attachments ?? [],
    });
  }

  /** The corp's tag groups and tags (all of them). */
  async getCorpTagList(): Promise<WecomCorpTagGroup[]> {
    const body = await this.post<{ tag_group?: { group_id: string; group_name: string; tag?: { id: string; name: string }[] }[] }>(
      'externalcontact/get_corp_tag_list',
      {},
    );
    return (body.tag_group ?? []).map((g) => ({ groupId: g.group_id, groupName: g.group_name, tags: (g.tag ?? []).map((t) => ({ id: t.id, name: t.name })) }));
  }

  /** Adds tags to the group named `groupName` (made when missing) or to `groupId`: the group with the new tags. */
  async addCorpTag(input: { groupId?: string; groupName?: string; tags: string[] }): Promise<WecomCorpTagGroup> {
    const body = await this.post<{ tag_group: { group_id: string; group_name: string; tag?: { id: string; name: string }[] } }>(
      'externalcontact/add_corp_tag',
      {
        ...(input.groupId ? { group_id: input.groupId } : { group_name: input.groupName }),
        tag: input.tags.map((name) => ({ name })),
      },
    );
    const g = body.tag_group;
    return { groupId: g.group_id, groupName: g.group_name, tags: (g.tag ?? []).map((t) => ({ id: t.id, name: t.name })) };
  }

  /** Marks / unmarks corp tags on a contact through its follow user `userid` (no callback follows). */
  async markTag(input: { userid: string; externalUserId: string; add: string[]; remove: string[] }): Promise<void> {
    await this.post('externalcontact/mark_tag', {
      userid: input.userid,
      external_userid: input.externalUserId,
      ...(input.add.length > 0 ? { add_tag: input.add } : {}),
      ...(input.remove.length > 0 ? { remove_tag: input.remove } : {}),
    });
  }

  /** The cached access token, fetched with gettoken when missing or about to expire. */
  accessToken(): Promise<string> {
    return this.tokens.get();
  }

  private async fetchToken(): Promise<{ accessToken: string; expiresInSeconds: number }> {
    const query = new URLSearchParams({ corpid: this.options.corpId, corpsecret: this.options.secret });
    const body = await this.request<{ access_token: string; expires_in: number }>('gettoken', `/cgi-bin/gettoken?${query.toString()}`, { method: 'GET' });
    return { accessToken: body.access_token, expiresInSeconds: body.expires_in };
  }

  private post<T>(api: string, payload: Record<string, unknown>): Promise<T> {
    return this.withToken((token) =>
      this.request<T>(api, `/cgi-bin/${api}?access_token=${encodeURIComponent(token)}`, { method: 'POST', body: JSON.stringify(payload) }),
    );
  }

  private withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    return this.tokens.withToken(call);
  }

  /** One call; a busy answer (-1) is tried again up to 3 times with a growing pause. */
  private async request<T>(api: string, pathAndQuery: string, init: { method: 'GET' | 'POST'; body?: string }): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.requestOnce<T>(api, pathAndQuery, init);
      } catch (error) {
        if (!(error instanceof WecomApiError) || error.errcode !== BUSY || attempt >= BUSY_RETRIES) throw error;
        const pause = this.options.busyBackoffMs?.(attempt + 1) ?? 200 * 2 ** attempt;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private async requestOnce<T>(api: string, pathAndQuery: string, init: { method: 'GET' | 'POST'; body?: string }): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.options.baseUrl}${pathAndQuery}`, {
        method: init.method,
        headers: init.body ? { 'content-type': 'application/json' } : {},
        ...(init.body ? { body: init.body } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (error) {
      throw new AppError('WECOM_UNAVAILABLE', undefined, { api, reason: (error as Error).name });
    }
    if (!response.ok) throw new AppError('WECOM_UNAVAILABLE', undefined, { api, httpStatus: response.status });
    const body = (await response.json().catch(() => null)) as (T & { errcode?: number; errmsg?: string }) | null;
    if (!body) throw new AppError('WECOM_UNAVAILABLE', undefined, { api, reason: 'non-JSON answer' });
    if (body.errcode !== undefined && body.errcode !== 0) throw new WecomApiError(body.errcode, body.errmsg ?? '', api);
    return body;
  }
}
