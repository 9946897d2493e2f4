import { AppError } from '../lib/errors';
import { AccessTokenCache } from '../lib/access-token-cache';

/** What jscode2session answers. `sessionKey` stays on the server, always. */
export interface WechatSession {
  openid: string;
  unionid: string | null;
  sessionKey: string;
}

export interface WechatPhone {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

export interface WechatClientOptions {
  appid: string;
  secret: string;
  /** e.g. https://api.weixin.qq.com, or the simulator's URL. */
  baseUrl: string;
  now?: () => number;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

interface WechatErrorBody {
  errcode?: number;
  errmsg?: string;
}

/** getwxacodeunlimit's parameters (wechat-protocols.md §2). */
export interface UnlimitedQrCodeRequest {
  /** ≤ 32 chars of WeChat's scene alphabet; the page reads it as `query.scene`. */
  scene: string;
  /** A published page, no leading '/', no query (default: the home page). */
  page?: string;
  checkPath?: boolean;
  envVersion?: 'release' | 'trial' | 'develop';
  /** 280..1280 px (default 430). */
  width?: number;
}

/** generate_urllink's parameters (messaging-protocols.md §2.1): either an interval in days or a time. */
export type UrlLinkRequest = {
  path?: string;
  query?: string;
  envVersion?: 'release' | 'trial' | 'develop';
} & ({ expireType: 1; expireInterval: number } | { expireType: 0; expireTime: number });

/** subscribeMessage.send's parameters: `data` by field key (`thing1` …), values already rendered. */
export interface SubscribeMessageRequest {
  toUser: string;
  templateId: string;
  /** The page the message opens (no leading '/'; may carry a query). */
  page?: string;
  data: Record<string, string>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
}

/** Token errors after which a fresh token is fetched and the call retried once. */
const TOKEN_ERRORS = new Set([40001, 42001]);

/** A WeChat API call that answered with an errcode. */
export class WechatApiError extends Error {
  override readonly name = 'WechatApiError';
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(`${api} failed: ${errcode} ${errmsg}`);
  }
}

/**
 * The WeChat server API client: jscode2session, stable_token (one process-wide cached token,
 * renewed ahead of expiry, one retry on 40001/42001) and getuserphonenumber. Talks real HTTP to
 * `baseUrl`, so tests exercise it against the strict simulator.
 */
export class WechatClient {
  private readonly tokens: AccessTokenCache;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: WechatClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.tokens = new AccessTokenCache(
      () => this.fetchStableToken(),
      (error) => error instanceof WechatApiError && TOKEN_ERRORS.has(error.errcode),
      options.now ?? Date.now,
    );
  }

  get appid(): string {
    return this.options.appid;
  }

  /** Exchanges a wx.login code for the member's openid (and unionid when bound). */
  async code2Session(code: string): Promise<WechatSession> {
    const query = new URLSearchParams({
      appid: this.options.appid,
      secret: this.options.secret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    const body = await this.call<{ openid: string; session_key: string; unionid?: string }>('jscode2session', `/sns/jscode2session?${query.toString()}`, {
      method: 'GET',
    });
    return { openid: body.openid, unionid: body.unionid ?? null, sessionKey: body.session_key };
  }

  /** Exchanges a getPhoneNumber button code for the member's phone number. */
  async getPhoneNumber(code: string): Promise<WechatPhone> {
    const body = await this.withToken((token) =>
      this.call<{ phone_info: WechatPhone & { watermark: { appid: string } } }>(
        'getuserphonenumber',
        `/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`,
        { method: 'POST', body: JSON.stringify({ code }) },
      ),
    );
    if (body.phone_info.watermark.appid !== this.options.appid) {
      throw new WechatApiError(-1, 'watermark appid mismatch', 'getuserphonenumber');
    }
    const { phoneNumber, purePhoneNumber, countryCode } = body.phone_info;
    return { phoneNumber, purePhoneNumber, countryCode };
  }

  /** An unlimited mini-program code (getwxacodeunlimit): the PNG bytes; a JSON answer is an error. */
  async getUnlimitedQrCode(request: UnlimitedQrCodeRequest): Promise<Buffer> {
    const body = JSON.stringify({
      scene: request.scene,
      ...(request.page !== undefined ? { page: request.page } : {}),
      ...(request.checkPath !== undefined ? { check_path: request.checkPath } : {}),
      ...(request.envVersion !== undefined ? { env_version: request.envVersion } : {}),
      ...(request.width !== undefined ? { width: request.width } : {}),
    });
    return this.withToken((token) => this.callForImage('getwxacodeunlimit', `/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`, body));
  }

  /** A URL Link (generate_urllink) that opens the mini-program at `path?query` from outside WeChat (SMS). */
  async generateUrlLink(request: UrlLinkRequest): Promise<{ urlLink: string }> {
    const expiry = request.expireType === 1 ? { expire_interval: request.expireInterval } : { expire_time: request.expireTime };
    const body = JSON.stringify({
      ...(request.path !== undefined ? { path: request.path } : {}),
      ...(request.query !== undefined ? { query: request.query } : {}),
      ...(request.envVersion !== undefined ? { env_version: request.envVersion } : {}),
      expire_type: request.expireType,
      ...expiry,
    });
    const answer = await this.withToken((token) =>
      this.call<{ url_link: string }>('generate_urllink', `/wxa/generate_urllink?access_token=${encodeURIComponent(token)}`, { method: 'POST', body }),
    );
    return { urlLink: answer.url_link };
  }

  /**
   * Sends a subscribe message (wechat-protocols.md §3). One accepted grant is spent per success; errcodes
   * (43101 no grant, 47003 bad data, 40037 bad template, 40003 bad openid, 41030 bad page) throw WechatApiError.
   */
  async sendSubscribeMessage(request: SubscribeMessageRequest): Promise<void> {
    const body = JSON.stringify({
      touser: request.toUser,
      template_id: request.templateId,
      ...(request.page !== undefined ? { page: request.page } : {}),
      data: Object.fromEntries(Object.entries(request.data).map(([key, value]) => [key, { value }])),
      miniprogram_state: request.miniprogramState ?? 'formal',
      lang: request.lang ?? 'zh_CN',
    });
    await this.withToken((token) =>
      this.call<WechatErrorBody>('subscribe_send', `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, { method: 'POST', body }),
    );
  }

  /** The cached access token, fetched with stable_token when missing or about to expire. */
  accessToken(): Promise<string> {
    return this.tokens.get();
  }

  private async fetchStableToken(): Promise<{ accessToken: string; expiresInSeconds: number }> {
    const body = await this.call<{ access_token: string; expires_in: number }>('stable_token', '/cgi-bin/stable_token', {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'client_credential', appid: this.options.appid, secret: this.options.secret, force_refresh: false }),
    });
    return { accessToken: body.access_token, expiresInSeconds: body.expires_in };
  }

  private withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    return this.tokens.withToken(call);
  }

  /** A POST whose success is image bytes and whose failure is a JSON errcode body (told apart by content-type). */
  private async callForImage(api: string, pathAndQuery: string, body: string): Promise<Buffer> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.options.baseUrl}${pathAndQuery}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        // Drawing a code takes WeChat longer than a JSON answer: a wider default than the other calls.
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new AppError('WECHAT_UNAVAILABLE', undefined, { api, reason: (error as Error).name });
    }
    if (!response.ok) throw new AppError('WECHAT_UNAVAILABLE', undefined, { api, httpStatus: response.status });
    const contentType = response.headers.get('content-type') ?? '';
    const bytes = Buffer.from(await response.arrayBuffer().catch(() => new ArrayBuffer(0)));
    if (contentType.startsWith('image/')) {
      if (bytes.length === 0) throw new AppError('WECHAT_UNAVAILABLE', undefined, { api, reason: 'empty image' });
      return bytes;
    }
    let error: WechatErrorBody | null = null;
    try {
      error = JSON.parse(bytes.toString('utf8')) as WechatErrorBody;
    } catch {
      error = null;
    }
    if (error && typeof error.errcode === 'number' && error.errcode !== 0) throw new WechatApiError(error.errcode, error.errmsg ?? '', api);
    throw new AppError('WECHAT_UNAVAILABLE', undefined, { api, reason: `unexpected answer (${contentType || 'no content-type'})` });
  }

  private async call<T>(api: string, pathAndQuery: string, init: { method: 'GET' | 'POST'; body?: string }): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.options.baseUrl}${pathAndQuery}`, {
        method: init.method,
        headers: init.body ? { 'content-type': 'application/json' } : {},
        ...(init.body ? { body: init.body } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (error) {
      throw new AppError('WECHAT_UNAVAILABLE', undefined, { api, reason: (error as Error).name });
    }
    if (!response.ok) throw new AppError('WECHAT_UNAVAILABLE', undefined, { api, httpStatus: response.status });
    const body = (await response.json().catch(() => null)) as (T & WechatErrorBody) | null;
    if (!body) throw new AppError('WECHAT_UNAVAILABLE', undefined, { api, reason: 'non-JSON answer' });
    if (body.errcode !== undefined && body.errcode !== 0) {
      throw new WechatApiError(body.errcode, body.errmsg ?? '', api);
    }
    return body;
  }
}
