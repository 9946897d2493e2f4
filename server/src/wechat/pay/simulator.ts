import crypto, { type KeyObject } from 'node:crypto';
import Router from '@koa/router';
import Koa from 'koa';
import getRawBody from 'raw-body';
import { parseJson, type RefundStatus } from './schemas';
import type { Db } from '../../db/client';
import { PayLedger, SimApiError } from './sim-ledger';
import { generateSimulatorKeys, loadSimulatorKeys, type SimKeyPair, type SimulatorKeys } from './sim-keys';
import { certificatesAnswer, createSimCertificate, generateSimCertificate, type SimCertificate } from './sim-certificate';
import { refundNoticeJson, transactionJson } from './sim-wire';
import { deliverNotification, encryptResource, notificationBody, type DeliveryOptions, type NotificationDelivery } from './sim-notify';
import { MAX_CLOCK_SKEW_SECONDS, parseAuthorization, requestSigningMessage, toPublicKey, verifyMessage, wechatpaySignatureHeaders } from './signing';

export { encryptResource, notificationBody, signNotification, type DeliveryOptions, type NotificationDelivery } from './sim-notify';
export type { SimKeyPair, SimulatorKeys } from './sim-keys';

/**
 * A strict local WeChat Pay API v3 (JSAPI) with real cryptography: it verifies our Authorization
 * header (signature, serial, mchid, 5-minute timestamp), validates bodies and answers with WeChat's
 * status codes and error codes, signs every answer with a platform key, and delivers signed,
 * AES-256-GCM-encrypted notifications to notify_url. Test and demo hooks: `pay`, `completeRefund`,
 * `notifyPayment`, and POST /sim/request-payment (the H5 shop's simulated payment sheet).
 * It never runs beside real credentials.
 */
export interface WechatPaySimulatorOptions {
  mchid: string;
  appid: string;
  /** Where the books live (the app's database): every process on it sees every prepay, payment and refund. */
  db: Db;
  /** Keys shared by every process on the database (loadSimulatorKeys); generated for this object when absent. */
  keys?: SimulatorKeys;
  /** Generated when absent (32 random ASCII characters). */
  apiV3Key?: string;
  /** The merchant certificate it trusts; a key pair is generated (private key exposed) when absent. */
  merchant?: { serialNo: string; publicKey: string | KeyObject };
  /** Also a platform-certificate key (40-hex serial) beside the PUB_KEY_ID_… key, to model the switch. */
  withPlatformCertificate?: boolean;
  /**
   * 'certificate': a merchant without a WeChat Pay public key — only platform certificates (served by
   * GET /v3/certificates) verify, and they sign everything. Default 'public_key'.
   */
  platformMode?: 'public_key' | 'certificate';
  /** Demo: settle accepted refunds as SUCCESS after this delay. Otherwise they stay PROCESSING until completeRefund(). */
  refundSettleDelayMs?: number;
  now?: () => number;
  /** Used to deliver notifications. */
  fetch?: typeof fetch;
}

type SimAnswer = { status: number; body?: unknown };

const DAY_MS = 24 * 3600 * 1000;
/** WeChat's platform certificates last 5 years. */
const CERTIFICATE_LIFETIME_MS = 5 * 365 * DAY_MS;

export class WechatPaySimulator {
  readonly apiV3Key: string;
  readonly merchant: { serialNo: string; publicKey: KeyObject; privateKey: KeyObject | null };
  /** The WeChat Pay public key (what newer merchants verify with). */
  readonly publicKeyIdKey: SimKeyPair;
  /** The platform certificate key, when asked for. */
  readonly certificateKey: SimKeyPair | null;
  /** The platform certificates GET /v3/certificates serves (the certificate key's, then rotated-in ones). */
  readonly certificates: SimCertificate[] = [];
  readonly ledger: PayLedger;
  /** Every notification copy sent, in order of completion. */
  readonly deliveries: NotificationDelivery[] = [];
  private signingKey: SimKeyPair;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;
  private readonly settleTimers = new Set<string>();

  constructor(private readonly options: WechatPaySimulatorOptions) {
    this.now = options.now ?? Date.now;
    this.fetchImpl = options.fetch ?? fetch;
    const keys = options.keys ?? generateSimulatorKeys();
    this.apiV3Key = options.apiV3Key ?? keys.apiV3Key;
    if (options.merchant) {
      this.merchant = { serialNo: options.merchant.serialNo, publicKey: toPublicKey(options.merchant.publicKey), privateKey: null };
    } else {
      this.merchant = { serialNo: keys.merchant.serial, publicKey: keys.merchant.publicKey, privateKey: keys.merchant.privateKey };
    }
    this.publicKeyIdKey = keys.publicKeyId;
    const isCertificateMode = options.platformMode === 'certificate';
    this.certificateKey = options.withPlatformCertificate || isCertificateMode ? keys.certificate : null;
    if (this.certificateKey) this.certificates.push(createSimCertificate(this.certificateKey, this.now() - DAY_MS, this.now() + CERTIFICATE_LIFETIME_MS));
    this.signingKey = isCertificateMode && this.certificateKey ? this.certificateKey : this.publicKeyIdKey;
    this.ledger = new PayLedger({ db: options.db, mchid: options.mchid, appid: options.appid, now: this.now });
  }

  /** A simulator whose keys are those of every other process on `options.db` (created by the first one). */
  static async open(options: Omit<WechatPaySimulatorOptions, 'keys'>): Promise<WechatPaySimulator> {
    return new WechatPaySimulator({ ...options, keys: await loadSimulatorKeys(options.db, options.mchid) });
  }

  /** What the merchant verifies with: public keys by serial. */
  verificationKeys(): Map<string, KeyObject> {
    const keys = new Map<string, KeyObject>(this.options.platformMode === 'certificate' ? [] : [[this.publicKeyIdKey.serial, this.publicKeyIdKey.publicKey]]);
    for (const certificate of this.certificates) keys.set(certificate.serial, certificate.publicKey);
    return keys;
  }

  /** WeChat publishes a new platform certificate (this process only); sign with it from now on via signWith. */
  rotateCertificate(lifetimeMs = CERTIFICATE_LIFETIME_MS): SimCertificate {
    const certificate = generateSimCertificate(this.now() - 60_000, this.now() + lifetimeMs);
    this.certificates.push(certificate);
    return certificate;
  }

  /** Chooses which platform key signs answers and notifications from now on (by serial). */
  signWith(serial: string): void {
    const key = [this.publicKeyIdKey, ...this.certificates].find((candidate) => candidate.serial === serial);
    if (!key) throw new Error(`no simulator key ${serial}`);
    this.signingKey = key;
  }

  /** The merchant-side settings a WechatPayClient needs to talk to this simulator. */
  clientCredentials() {
    if (!this.merchant.privateKey) throw new Error('the merchant key was supplied from outside: the simulator does not hold its private key');
    return {
      mchid: this.options.mchid,
      appid: this.options.appid,
      merchantSerialNo: this.merchant.serialNo,
      merchantPrivateKey: this.merchant.privateKey,
      apiV3Key: this.apiV3Key,
      platformKeys: this.verificationKeys(),
    };
  }

  /** The payer pays (NOTPAY → SUCCESS) and WeChat sends TRANSACTION.SUCCESS to notify_url. */
  async pay(outTradeNo: string, options: DeliveryOptions & { openid?: string } = {}): Promise<NotificationDelivery[]> {
    await this.ledger.markPaid(outTradeNo, options.openid);
    return this.notifyPayment(outTradeNo, options);
  }

  /** (Re)sends the TRANSACTION.SUCCESS notification of a paid order. */
  async notifyPayment(outTradeNo: string, options: DeliveryOptions = {}): Promise<NotificationDelivery[]> {
    const order = await this.ledger.findOrder(outTradeNo);
    if (!order || order.transactionId === null) throw new Error(`order ${outTradeNo} is not paid`);
    const resource = encryptResource(
      this.apiV3Key,
      { ...transactionJson(order), trade_state: 'SUCCESS', trade_state_desc: '支付成功' },
      { originalType: 'transaction' },
    );
    return this.deliver(order.notifyUrl, 'TRANSACTION.SUCCESS', '支付成功', resource, options);
  }

  /** Settles a PROCESSING refund and sends REFUND.<status> to the refund's notify_url (if it gave one). */
  async completeRefund(outRefundNo: string, options: DeliveryOptions & { status?: Exclude<RefundStatus, 'PROCESSING'> } = {}): Promise<NotificationDelivery[]> {
    const status = options.status ?? 'SUCCESS';
    const refund = await this.ledger.settleRefund(outRefundNo, status);
    if (refund.notifyUrl === null) return [];
    const resource = encryptResource(this.apiV3Key, refundNoticeJson(refund, this.options.mchid), { originalType: 'refund' });
    const summary = { SUCCESS: '退款成功', ABNORMAL: '退款异常', CLOSED: '退款关闭' }[status];
    return this.deliver(refund.notifyUrl, `REFUND.${status}`, summary, resource, options);
  }

  private async deliver(url: string, eventType: string, summary: string, resource: ReturnType<typeof encryptResource>, options: DeliveryOptions) {
    const notificationId = crypto.randomUUID();
    const body = notificationBody({ id: notificationId, eventType, summary, resource, nowMs: this.now() });
    const sign = (text: string) => wechatpaySignatureHeaders(this.signingKey, text, { timestampSec: Math.floor(this.now() / 1000) });
    const deliveries = await deliverNotification({ url, notificationId, body, eventType, sign, fetch: this.fetchImpl, options });
    this.deliveries.push(...deliveries);
    return deliveries;
  }

  /** Checks the Authorization header like WeChat; answers the authenticated mchid or throws 401 SIGN_ERROR. */
  private authenticate(method: string, pathAndQuery: string, header: string, body: string): string {
    const auth = parseAuthorization(header || undefined);
    if (!auth) throw new SimApiError(401, 'SIGN_ERROR', 'Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》');
    // An unknown merchant cannot be verified: WeChat answers as for a bad signature (unverified).
    if (auth.mchid !== this.options.mchid) throw new SimApiError(401, 'SIGN_ERROR', '商户号不存在或签名错误');
    if (auth.serial_no !== this.merchant.serialNo) throw new SimApiError(401, 'SIGN_ERROR', '商户证书序列号有误');
    if (!/^\d{1,12}$/.test(auth.timestamp) || Math.abs(Math.floor(this.now() / 1000) - Number(auth.timestamp)) >= MAX_CLOCK_SKEW_SECONDS) {
      throw new SimApiError(401, 'SIGN_ERROR', '请求时间戳与当前时间相差超过5分钟');
    }
    if (auth.nonce_str.length > 32) throw new SimApiError(401, 'SIGN_ERROR', 'nonce_str 过长');
    const message = requestSigningMessage(method, pathAndQuery, auth.timestamp, auth.nonce_str, body);
    if (!verifyMessage(this.merchant.publicKey, message, auth.signature)) throw new SimApiError(401, 'SIGN_ERROR', '签名错误');
    return auth.mchid;
  }

  /** Authenticates, runs `action` and writes a signed answer (errors too). */
  private async handle(
    ctx: Koa.Context,
    action: (request: { mchid: string; body: unknown }) => Promise<SimAnswer>,
    signer = () => this.signingKey,
  ): Promise<void> {
    let answer: SimAnswer;
    try {
      const raw = await readRaw(ctx);
      const mchid = this.authenticate(ctx.method, ctx.originalUrl, ctx.get('authorization'), raw);
      const platformSerial = ctx.get('wechatpay-serial');
      // unverified code: a serial of no platform certificate or public key of this merchant.
      if (platformSerial && !this.verificationKeys().has(platformSerial))
        throw new SimApiError(400, 'PARAM_ERROR', 'Wechatpay-Serial 不是有效的平台证书序列号或公钥ID');
      const body = raw === '' ? undefined : parseJson(raw);
      if (raw !== '' && body === null) throw new SimApiError(400, 'PARAM_ERROR', '请求体不是合法的JSON');
      answer = await action({ mchid, body });
    } catch (error) {
      if (!(error instanceof SimApiError)) throw error;
      answer = { status: error.status, body: { code: error.code, message: error.message, ...(error.detail === undefined ? {} : { detail: error.detail }) } };
    }
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    ctx.set(wechatpaySignatureHeaders(signer(), text, { timestampSec: Math.floor(this.now() / 1000) }));
    ctx.set('Request-ID', crypto.randomUUID());
    ctx.status = answer.status;
    if (text !== '') {
      ctx.body = text;
      ctx.type = 'application/json';
    }
  }

  /** Demo sheet: checks the wx.requestPayment parameters like the WeChat app, then pays the order. */
  private async requestPayment(body: Record<string, unknown> | null): Promise<{ status: number; body: { errMsg: string } }> {
    const fail = (why: string) => ({ status: 400, body: { errMsg: `requestPayment:fail ${why}` } });
    const { timeStamp, nonceStr, package: pkg, signType, paySign } = body ?? {};
    if (typeof timeStamp !== 'string' || typeof nonceStr !== 'string' || typeof pkg !== 'string' || typeof paySign !== 'string' || signType !== 'RSA') {
      return fail('parameter error');
    }
    const order = await this.ledger.orderForPrepay(pkg.replace(/^prepay_id=/, ''));
    if (!pkg.startsWith('prepay_id=') || !order) return fail('prepay_id invalid or expired');
    if (!verifyMessage(this.merchant.publicKey, `${this.options.appid}\n${timeStamp}\n${nonceStr}\n${pkg}\n`, paySign)) return fail('paySign error');
    try {
      await this.ledger.markPaid(order.outTradeNo);
    } catch (error) {
      return fail((error as Error).message);
    }
    const duplicates = typeof body?.duplicates === 'number' && Number.isInteger(body.duplicates) ? Math.min(Math.max(body.duplicates, 1), 10) : 1;
    const delayMs = typeof body?.delayMs === 'number' ? Math.min(Math.max(body.delayMs, 0), 60_000) : 0;
    // Delivery outcomes are recorded in `deliveries`; the sheet answers at once, as the WeChat app does.
    void this.notifyPayment(order.outTradeNo, { duplicates, delayMs }).catch(() => undefined);
    return { status: 200, body: { errMsg: 'requestPayment:ok' } };
  }

  private scheduleRefundSettlement(outRefundNo: string): void {
    const delay = this.options.refundSettleDelayMs;
    if (delay === undefined || this.settleTimers.has(outRefundNo)) return;
    this.settleTimers.add(outRefundNo);
    setTimeout(() => void this.completeRefund(outRefundNo).catch(() => undefined), delay).unref();
  }

  /** The simulator's routes under `prefix` ('' on a port of its own, e.g. '/wechatpay-sim' when mounted). */
  router(prefix = ''): Router {
    const router = new Router({ prefix });
    router.post('/v3/pay/transactions/jsapi', (ctx) =>
      this.handle(ctx, async ({ mchid, body }) => ({ status: 200, body: await this.ledger.prepay(body, mchid) })),
    );
    router.get('/v3/pay/transactions/out-trade-no/:no', (ctx) =>
      this.handle(ctx, async ({ mchid }) => ({ status: 200, body: await this.ledger.query(ctx.params.no ?? '', stringQuery(ctx.query.mchid), mchid) })),
    );
    router.post('/v3/pay/transactions/out-trade-no/:no/close', (ctx) =>
      this.handle(ctx, async ({ mchid, body }) => {
        await this.ledger.close(ctx.params.no ?? '', body, mchid);
        return { status: 204 };
      }),
    );
    router.post('/v3/refund/domestic/refunds', (ctx) =>
      this.handle(ctx, async ({ body }) => {
        const refund = await this.ledger.refund(body);
        if (refund.status === 'PROCESSING' && typeof refund.out_refund_no === 'string') this.scheduleRefundSettlement(refund.out_refund_no);
        return { status: 200, body: refund };
      }),
    );
    router.get('/v3/certificates', (ctx) =>
      this.handle(
        ctx,
        async () => {
          if (this.certificates.length === 0) throw new SimApiError(404, 'RESOURCE_NOT_EXISTS', '商户未使用平台证书'); // unverified code
          return { status: 200, body: certificatesAnswer(this.apiV3Key, this.certificates) };
        },
        // A platform certificate signs the list (the one signing now, if it is one).
        () => this.certificates.find((certificate) => certificate.serial === this.signingKey.serial) ?? this.certificates[0] ?? this.signingKey,
      ),
    );
    router.get('/v3/refund/domestic/refunds/:no', (ctx) =>
      this.handle(ctx, async () => ({ status: 200, body: await this.ledger.queryRefund(ctx.params.no ?? '') })),
    );
    router.post('/sim/request-payment', async (ctx) => {
      const answer = await this.requestPayment(asRecord(parseJson(await readRaw(ctx))));
      ctx.status = answer.status;
      ctx.body = answer.body;
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

function stringQuery(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

async function readRaw(ctx: Koa.Context): Promise<string> {
  if (ctx.method === 'GET' || ctx.method === 'HEAD') return '';
  return getRawBody(ctx.req, { limit: 64 * 1024, encoding: 'utf8' });
}
