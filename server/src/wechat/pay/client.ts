import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { PlatformCertificateStore } from './certificates';
import { apiV3KeyBytes } from './crypto';
import { WechatPayError, WechatPayNotificationError } from './errors';
import { verifyAndDecryptNotification, type NotificationInput } from './notification';
import {
  OUT_REFUND_NO,
  OUT_TRADE_NO,
  parseJson,
  prepayAnswerSchema,
  refundSchema,
  transactionSchema,
  type WechatPayNotification,
  type WechatRefund,
  type WechatTransaction,
} from './schemas';
import {
  checkWechatpaySignature,
  formatAuthorization,
  type SignatureCheck,
  formatBeijingTime,
  randomNonce,
  requestSigningMessage,
  signMessage,
  toPrivateKey,
  toPublicKey,
} from './signing';

export interface WechatPayClientOptions {
  mchid: string;
  appid: string;
  /** Serial number of the merchant API certificate whose private key signs our requests. */
  merchantSerialNo: string;
  merchantPrivateKey: string | KeyObject;
  /** 32 ASCII characters; decrypts notifications. */
  apiV3Key: string;
  /**
   * Verification keys by serial: WeChat Pay public-key ids (PUB_KEY_ID_…) and/or platform certificate serials.
   * Empty in platform-certificate mode: the keys then come from GET /v3/certificates.
   */
  platformKeys: ReadonlyMap<string, string | KeyObject>;
  /** Platform-certificate mode (implied when platformKeys is empty): reload every 12 h and on an unknown serial (≤ 1/min). */
  platformCertificates?: { refreshEveryMs?: number; minRefreshIntervalMs?: number };
  /** https://api.mch.weixin.qq.com, or the simulator's URL (may carry a path prefix). */
  baseUrl: string;
  notifyUrl: string;
  refundNotifyUrl: string;
  now?: () => number;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface JsapiPrepayInput {
  /** ≤ 127 characters. */
  description: string;
  /** 6–32 of [0-9A-Za-z_-|*], unique per merchant. */
  outTradeNo: string;
  amountFen: number;
  payerOpenid: string;
  /** The end of the payment window; sent as RFC 3339 in Beijing time. */
  timeExpire: Date;
  /** ≤ 128 characters, echoed in queries and notifications. */
  attach?: string;
}

export interface RefundInput {
  outTradeNo: string;
  /** ≤ 64 of [0-9A-Za-z_-|*@]; the same number refunds once, so retries must reuse it. */
  outRefundNo: string;
  refundFen: number;
  /** The order's original total, as WeChat checks it. */
  totalFen: number;
  /** ≤ 80 characters, shown to the payer. */
  reason?: string;
}

/** What `wx.requestPayment` / `Taro.requestPayment` take. */
export interface RequestPaymentParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/**
 * WeChat Pay API v3 client for JSAPI (mini-program) payments, on node:crypto. Signs every request,
 * verifies every 2xx answer by Wechatpay-Serial (stale, probe and unknown-serial answers are not
 * believed) and decrypts notifications. Invalid arguments are our bugs and throw RangeError.
 */
export class WechatPayClient {
  private readonly merchantKey: KeyObject;
  private readonly platformKeys: ReadonlyMap<string, KeyObject>;
  /** Downloaded platform certificates: relied on in certificate mode, consulted for an unknown serial otherwise. */
  private readonly certificates: PlatformCertificateStore;
  private readonly isCertificateMode: boolean;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: WechatPayClientOptions) {
    this.merchantKey = toPrivateKey(options.merchantPrivateKey);
    apiV3KeyBytes(options.apiV3Key);
    this.platformKeys = new Map([...options.platformKeys].map(([serial, key]) => [serial, toPublicKey(key)]));
    this.isCertificateMode = this.platformKeys.size === 0 || options.platformCertificates !== undefined;
    this.now = options.now ?? Date.now;
    this.fetchImpl = options.fetch ?? fetch;
    this.certificates = new PlatformCertificateStore({
      apiV3Key: options.apiV3Key,
      now: this.now,
      download: () => this.send('GET', '/v3/certificates', undefined, false),
      ...options.platformCertificates,
    });
  }

  /** Certificate mode: downloads the platform certificates now (at start, so notifications verify at once). */
  async loadPlatformCertificates(): Promise<void> {
    await this.certificates.reload();
  }

  /** Every key that verifies WeChat Pay now, by serial: configured ones and certificates in force. */
  verificationKeys(): Map<string, KeyObject> {
    return new Map([...this.certificates.keys(), ...this.platformKeys]);
  }

  /** Wechatpay-Serial of our requests: the WeChat Pay public-key id, else the newest platform certificate. */
  private platformSerial(): string | null {
    const serials = [...this.platformKeys.keys()];
    return serials.find((serial) => serial.startsWith('PUB_KEY_ID_')) ?? this.certificates.newestSerial() ?? serials[0] ?? null;
  }

  get mchid(): string {
    return this.options.mchid;
  }

  get appid(): string {
    return this.options.appid;
  }

  /** Creates a JSAPI order and returns its prepay_id (valid 2 hours). */
  async jsapiPrepay(input: JsapiPrepayInput): Promise<string> {
    assertOutTradeNo(input.outTradeNo);
    assertAmount('amountFen', input.amountFen);
    if ([...input.description].length > 127 || input.description.length === 0) throw new RangeError('description must be 1–127 characters');
    if (input.attach !== undefined && [...input.attach].length > 128) throw new RangeError('attach must be ≤ 128 characters');
    if (!input.payerOpenid) throw new RangeError('payerOpenid is required');
    const body = {
      appid: this.options.appid,
      mchid: this.options.mchid,
      description: input.description,
      out_trade_no: input.outTradeNo,
      time_expire: formatBeijingTime(input.timeExpire),
      ...(input.attach === undefined ? {} : { attach: input.attach }),
      notify_url: this.options.notifyUrl,
      amount: { total: input.amountFen, currency: 'CNY' },
      payer: { openid: input.payerOpenid },
    };
    const answer = await this.call('POST', '/v3/pay/transactions/jsapi', body, prepayAnswerSchema);
    return answer.prepay_id;
  }

  /** The parameters the mini-program passes to wx.requestPayment, paySign made with the merchant key. */
  requestPaymentParams(prepayId: string): RequestPaymentParams {
    const timeStamp = String(Math.floor(this.now() / 1000));
    const nonceStr = randomNonce();
    const pkg = `prepay_id=${prepayId}`;
    const paySign = signMessage(this.merchantKey, `${this.options.appid}\n${timeStamp}\n${nonceStr}\n${pkg}\n`);
    return { timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
  }

  /** The order as WeChat sees it (trade_state etc.); ORDER_NOT_EXIST (404) when it never saw it. */
  async queryByOutTradeNo(outTradeNo: string): Promise<WechatTransaction> {
    assertOutTradeNo(outTradeNo);
    const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.options.mchid)}`;
    return this.call('GET', path, undefined, transactionSchema);
  }

  /** Closes an unpaid order so that it can no longer be paid (204). */
  async close(outTradeNo: string): Promise<void> {
    assertOutTradeNo(outTradeNo);
    await this.call('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, { mchid: this.options.mchid }, null);
  }

  /** Requests a (partial) refund; the answer is usually PROCESSING, the result comes by notification or query. */
  async refund(input: RefundInput): Promise<WechatRefund> {
    assertOutTradeNo(input.outTradeNo);
    if (!OUT_REFUND_NO.test(input.outRefundNo)) throw new RangeError('outRefundNo must be 1–64 of [0-9A-Za-z_-|*@]');
    assertAmount('refundFen', input.refundFen);
    assertAmount('totalFen', input.totalFen);
    if (input.refundFen > input.totalFen) throw new RangeError('refundFen exceeds totalFen');
    if (input.reason !== undefined && [...input.reason].length > 80) throw new RangeError('reason must be ≤ 80 characters');
    const body = {
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      ...(input.reason === undefined ? {} : { reason: input.reason }),
      notify_url: this.options.refundNotifyUrl,
      amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
    };
    return this.call('POST', '/v3/refund/domestic/refunds', body, refundSchema);
  }

  /** A refund by our refund number; RESOURCE_NOT_EXISTS (404) when WeChat has none. */
  async queryRefund(outRefundNo: string): Promise<WechatRefund> {
    if (!OUT_REFUND_NO.test(outRefundNo)) throw new RangeError('outRefundNo must be 1–64 of [0-9A-Za-z_-|*@]');
    return this.call('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`, undefined, refundSchema);
  }

  /**
   * Verifies and decrypts a payment or refund notification; throws WechatPayNotificationError. A serial we
   * do not know starts a (rate-limited) certificate reload in the background and is refused: WeChat
   * retries the notification, and the retry finds the new key.
   */
  verifyAndDecryptNotification(input: NotificationInput): WechatPayNotification {
    try {
      return verifyAndDecryptNotification(input, {
        mchid: this.options.mchid,
        appid: this.options.appid,
        apiV3Key: this.options.apiV3Key,
        keys: this.verificationKeys(),
        nowMs: this.now(),
      });
    } catch (error) {
      if (error instanceof WechatPayNotificationError && error.reason === 'unknown_serial') this.certificates.requestRefresh();
      throw error;
    }
  }

  private async call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, body: object | undefined, schema: S): Promise<z.output<S>>;
  private async call(method: 'GET' | 'POST', path: string, body: object | undefined, schema: null): Promise<void>;
  private async call(method: 'GET' | 'POST', path: string, body: object | undefined, schema: z.ZodType | null): Promise<unknown> {
    const { status, text } = await this.send(method, path, body);
    const label = `${method} ${path.split('?')[0] ?? path}`;
    if (status < 200 || status >= 300) throw errorFromAnswer(status, text, label);
    if (schema === null) return undefined;
    const parsed = schema.safeParse(parseJson(text));
    if (!parsed.success) throw new WechatPayError(status, 'RESPONSE_MALFORMED', `${label}: unexpected answer`, true, parsed.error.issues);
    return parsed.data;
  }

  /**
   * One signed request; the answer is returned only if it is a verified 2xx or an error status (`verify`
   * false: the certificate download, which the certificate store verifies itself).
   */
  private async send(
    method: 'GET' | 'POST',
    path: string,
    body: object | undefined,
    verify = true,
  ): Promise<{ status: number; headers: Headers; text: string }> {
    if (verify && this.isCertificateMode) await this.certificates.ensureFresh();
    const url = new URL(`${this.options.baseUrl}${path}`);
    const bodyText = body === undefined ? '' : JSON.stringify(body);
    const timestamp = String(Math.floor(this.now() / 1000));
    const nonce = randomNonce();
    // Sign the path exactly as it goes on the wire, including any prefix of the base URL.
    const message = requestSigningMessage(method, `${url.pathname}${url.search}`, timestamp, nonce, bodyText);
    const authorization = formatAuthorization({
      mchid: this.options.mchid,
      nonce_str: nonce,
      signature: signMessage(this.merchantKey, message),
      timestamp,
      serial_no: this.options.merchantSerialNo,
    });
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          Authorization: authorization,
          Accept: 'application/json',
          ...this.serialHeader(),
          'User-Agent': 'siyu-commerce-wechatpay/1',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: bodyText }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      text = await response.text();
    } catch (error) {
      throw new WechatPayError(0, 'NETWORK_ERROR', `${method} ${url.pathname}: ${(error as Error).name}`, true);
    }
    if (response.ok && verify) {
      const check = await this.checkAnswer(response.headers, text);
      if (!check.isValid) {
        throw new WechatPayError(response.status, 'RESPONSE_SIGNATURE_INVALID', `${method} ${url.pathname}: ${check.message}`, true, { reason: check.reason });
      }
    }
    if (!verify && !response.ok) throw errorFromAnswer(response.status, text, `${method} ${url.pathname}`);
    return { status: response.status, headers: response.headers, text };
  }

  /** Checks an answer's signature; an unknown serial reloads the certificates (rate-limited) and checks again. */
  private async checkAnswer(headers: Headers, text: string): Promise<SignatureCheck> {
    const check = checkWechatpaySignature({ headers, body: text, keys: this.verificationKeys(), nowMs: this.now() });
    if (check.isValid || check.reason !== 'unknown_serial') return check;
    const isReloaded = await this.certificates.refreshForUnknownSerial().catch(() => false);
    return isReloaded ? checkWechatpaySignature({ headers, body: text, keys: this.verificationKeys(), nowMs: this.now() }) : check;
  }

  private serialHeader(): Record<string, string> {
    const serial = this.platformSerial();
    return serial === null ? {} : { 'Wechatpay-Serial': serial };
  }
}

/** WeChat's error answer `{code, message, detail?}` as a WechatPayError; 5xx leaves the outcome unknown. */
function errorFromAnswer(status: number, text: string, label: string): WechatPayError {
  const body = parseJson(text);
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const code = typeof record.code === 'string' ? record.code : `HTTP_${status}`;
  const message = typeof record.message === 'string' ? record.message : `HTTP ${status}`;
  return new WechatPayError(status, code, `${label}: ${message}`, status >= 500, record.detail);
}

function assertOutTradeNo(outTradeNo: string): void {
  if (!OUT_TRADE_NO.test(outTradeNo)) throw new RangeError('outTradeNo must be 6–32 of [0-9A-Za-z_-|*]');
}

function assertAmount(name: string, fen: number): void {
  if (!Number.isSafeInteger(fen) || fen <= 0) throw new RangeError(`${name} must be a positive integer number of fen`);
}
