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
