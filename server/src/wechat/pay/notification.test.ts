import type { WechatPayNotificationError } from './errors';
import { encryptResource, notificationBody, signNotification } from './simulator';
import { SIGNTEST_PREFIX } from './signing';
import { APPID, clientFor, MCHID, OPENID, startReceiver, startSimulator, type TestClock } from './test-kit';

const clock: TestClock = { ms: Date.now() };
let env: Awaited<ReturnType<typeof startSimulator>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let seq = 0;
const orderNo = () => `N${Date.now()}${String((seq += 1)).padStart(4, '0')}`;
const client = () => clientFor(env.simulator, env.baseUrl, clock, { notifyUrl: `${receiver.baseUrl}/pay`, refundNotifyUrl: `${receiver.baseUrl}/refund` });

beforeAll(async () => {
  env = await startSimulator(clock, { withPlatformCertificate: true });
  receiver = await startReceiver(client);
});
afterAll(async () => {
  await receiver.close();
  await env.close();
});

const plainTransaction = (overrides: Record<string, unknown> = {}) => ({
  appid: APPID,
  mchid: MCHID,
  out_trade_no: 'N20260101000001',
  transaction_id: '4200000000000000000000000001',
  trade_type: 'JSAPI',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  bank_type: 'OTHERS',
  success_time: '2026-01-01T10:00:00+08:00',
  payer: { openid: OPENID },
  amount: { total: 1999, payer_total: 1999, currency: 'CNY', payer_currency: 'CNY' },
  ...overrides,
});

interface Forgery {
  plaintext?: unknown;
  eventType?: string;
  originalType?: string;
  apiV3Key?: string;
  timestampSec?: number;
  serial?: string;
  /** Spoils the ciphertext before signing, so only decryption can notice. */
  isCiphertextTampered?: boolean;
  /** Spoils the body after signing. */
  editBody?: (body: string) => string;
  editHeaders?: (headers: Record<string, string>) => void;
}

/** A notification made with real keys, then spoiled in exactly one way. */
function forge(forgery: Forgery = {}) {
  const originalType = forgery.originalType ?? 'transaction';
  const resource = encryptResource(forgery.apiV3Key ?? env.simulator.apiV3Key, forgery.plaintext ?? plainTransaction(), { originalType });
  if (forgery.isCiphertextTampered) {
    const raw = Buffer.from(resource.ciphertext, 'base64');
    raw[0] = (raw[0] ?? 0) ^ 1;
    resource.ciphertext = raw.toString('base64');
  }
  const body = notificationBody({ eventType: forgery.eventType ?? 'TRANSACTION.SUCCESS', summary: '支付成功', resource, nowMs: clock.ms });
  const key = env.simulator.publicKeyIdKey;
  const headers = signNotification(key, body, { timestampSec: forgery.timestampSec ?? Math.floor(clock.ms / 1000) });
  if (forgery.serial) headers['Wechatpay-Serial'] = forgery.serial;
  forgery.editHeaders?.(headers);
  const lowerCased = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { headers: lowerCased, rawBody: forgery.editBody ? forgery.editBody(body) : body };
}

const verify =
  (forgery: Forgery = {}) =>
  () =>
    client().verifyAndDecryptNotification(forge(forgery));

describe('WechatPayClient.verifyAndDecryptNotification', () => {
  it('verifies and decrypts a payment notification into integer fen', () => {
    const notification = verify()();
    expect(notification).toMatchObject({
      kind: 'transaction',
      eventType: 'TRANSACTION.SUCCESS',
      transaction: { outTradeNo: 'N20260101000001', tradeState: 'SUCCESS', payerOpenid: OPENID, amount: { totalFen: 1999, payerTotalFen: 1999 } },
    });
    if (notification.kind !== 'transaction') throw new Error('expected a transaction');
    expect(Number.isInteger(notification.transaction.amount.totalFen)).toBe(true);
  });

  it('accepts the raw body as a Buffer and fetch-style Headers', () => {
    const { headers, rawBody } = forge();
    expect(client().verifyAndDecryptNotification({ headers: new Headers(headers), rawBody: Buffer.from(rawBody) }).kind).toBe('transaction');
  });

  it('verifies a notification signed with the platform certificate during a key switch', () => {
    const certificate = env.simulator.certificateKey;
    if (!certificate) throw new Error('started with a platform certificate');
    const { rawBody } = forge();
    const headers = Object.fromEntries(
      Object.entries(signNotification(certificate, rawBody, { timestampSec: Math.floor(clock.ms / 1000) })).map(([k, v]) => [k.toLowerCase(), v]),
    );
    expect(client().verifyAndDecryptNotification({ headers, rawBody }).kind).toBe('transaction');
  });

  it('decrypts a refund notification', () => {
    const refund = {
      mchid: MCHID,
      out_trade_no: 'N20260101000001',
      transaction_id: '4200000000000000000000000001',
      out_refund_no: 'N20260101000001R1',
      refund_id: '50000000000000000000000000001',
      refund_status: 'SUCCESS',
      success_time: '2026-01-02T10:00:00+08:00',
      user_received_account: '支付用户零钱',
      amount: { total: 1999, refund: 500, payer_total: 1999, payer_refund: 500 },
    };
    expect(verify({ plaintext: refund, eventType: 'REFUND.SUCCESS', originalType: 'refund' })()).toMatchObject({
      kind: 'refund',
      eventType: 'REFUND.SUCCESS',
      refund: { outRefundNo: 'N20260101000001R1', status: 'SUCCESS', amount: { refundFen: 500, totalFen: 1999 } },
    });
  });

  const now = () => Math.floor(clock.ms / 1000);
  it.each<[string, Forgery, WechatPayNotificationError['reason']]>([
    ['a tampered ciphertext (signed after tampering)', { isCiphertextTampered: true }, 'decrypt_failed'],
    [
      'a tampered ciphertext (after signing)',
      { editBody: (body) => body.replace(/"ciphertext":"(.)/, (_m, c: string) => `"ciphertext":"${c === 'A' ? 'B' : 'A'}`) },
      'bad_signature',
    ],
    ['a tampered associated_data', { editBody: (body) => body.replace('"associated_data":"transaction"', '"associated_data":"refund"') }, 'bad_signature'],
    ['another APIv3 key', { apiV3Key: 'x'.repeat(32) }, 'decrypt_failed'],
    ['a body changed after signing', { editBody: (body) => body.replace('支付成功', '支付失败') }, 'bad_signature'],
    ['a timestamp 300 s old', { timestampSec: Math.floor(clock.ms / 1000) - 300 }, 'stale'],
    ['a timestamp 300 s ahead', { timestampSec: Math.floor(clock.ms / 1000) + 300 }, 'stale'],
    ['a WECHATPAY/SIGNTEST/ probe', { editHeaders: (h) => void (h['Wechatpay-Signature'] = `${SIGNTEST_PREFIX}${h['Wechatpay-Signature'] ?? ''}`) }, 'probe'],
    ['an unknown serial', { serial: 'PUB_KEY_ID_0199999999999999999999999999' }, 'unknown_serial'],
    ['no Wechatpay-Nonce', { editHeaders: (h) => void delete h['Wechatpay-Nonce'] }, 'malformed'],
    ['an event that is not ours to handle', { eventType: 'TRANSACTION.CLOSED' }, 'malformed'],
    ['a refund resource under TRANSACTION.SUCCESS', { originalType: 'refund' }, 'malformed'],
    ['a transaction without amount', { plaintext: plainTransaction({ amount: undefined }) }, 'malformed'],
    ['a fractional amount', { plaintext: plainTransaction({ amount: { total: 19.99, currency: 'CNY' } }) }, 'malformed'],
    ['another merchant', { plaintext: plainTransaction({ mchid: '1900000999' }) }, 'mismatch'],
    ['another appid', { plaintext: plainTransaction({ appid: 'wxother0000000001' }) }, 'mismatch'],
    [
      'an amount in another currency',
      { plaintext: plainTransaction({ amount: { total: 1999, payer_total: 1999, currency: 'USD', payer_currency: 'USD' } }) },
      'currency',
    ],
  ])('rejects %s', (_name, forgery, reason) => {
    expect(verify(forgery)).toThrow(expect.objectContaining({ name: 'WechatPayNotificationError', reason }));
  });

  it('accepts a notification signed 299 s ago', () => {
    expect(verify({ timestampSec: now() - 299 })().kind).toBe('transaction');
  });

  it('answers 401 for who-sent-it failures and 400 for unusable bodies', () => {
    expect(verify({ serial: 'PUB_KEY_ID_0199999999999999999999999999' })).toThrow(expect.objectContaining({ httpStatus: 401 }));
    expect(verify({ apiV3Key: 'x'.repeat(32) })).toThrow(expect.objectContaining({ httpStatus: 400 }));
  });
});

describe('WeChat Pay simulator notification delivery', () => {
  const newOrder = async (amountFen = 888) => {
    const no = orderNo();
    await client().jsapiPrepay({ description: 'x', outTradeNo: no, amountFen, payerOpenid: OPENID, timeExpire: new Date(clock.ms + 60_000) });
    return no;
  };
  const receivedFor = (no: string) =>
    receiver.received.filter((r) => !(r.outcome instanceof Error) && r.outcome.kind === 'transaction' && r.outcome.transaction.outTradeNo === no);

  it('POSTs a signed, encrypted TRANSACTION.SUCCESS to notify_url, which verifies it and answers 204', async () => {
    const no = await newOrder(888);
    const deliveries = await env.simulator.pay(no);
    expect(deliveries).toEqual([expect.objectContaining({ status: 204, eventType: 'TRANSACTION.SUCCESS', url: `${receiver.baseUrl}/pay` })]);
    expect(receivedFor(no)[0]?.outcome).toMatchObject({ transaction: { tradeState: 'SUCCESS', amount: { totalFen: 888 } } });
    expect(JSON.parse(receivedFor(no)[0]?.rawBody ?? '{}')).toMatchObject({ resource_type: 'encrypt-resource', resource: { algorithm: 'AEAD_AES_256_GCM' } });
  });

  it('delivers n duplicates at once: same id, each signed afresh', async () => {
    const no = await newOrder();
    const deliveries = await env.simulator.pay(no, { duplicates: 10 });
    expect(deliveries.map((d) => d.status)).toEqual(Array(10).fill(204));
    const copies = receivedFor(no);
    expect(copies).toHaveLength(10);
    expect(new Set(copies.map((c) => (c.outcome instanceof Error ? '' : c.outcome.id))).size).toBe(1);
    expect(new Set(copies.map((c) => c.headers['wechatpay-nonce'])).size).toBe(10);
  });

  it('models a lost notification with deliver: false, and resends on demand', async () => {
    const no = await newOrder();
    await expect(env.simulator.pay(no, { deliver: false })).resolves.toEqual([]);
    expect(receivedFor(no)).toHaveLength(0);
    await expect(client().queryByOutTradeNo(no)).resolves.toMatchObject({ tradeState: 'SUCCESS' });
    await env.simulator.notifyPayment(no);
    expect(receivedFor(no)).toHaveLength(1);
  });

  it('delays delivery by delayMs', async () => {
    const no = await newOrder();
    const started = Date.now();
    await env.simulator.pay(no, { delayMs: 150 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(receivedFor(no)).toHaveLength(1);
  });

  it('sends REFUND.SUCCESS to the refund notify_url when a refund settles', async () => {
    const no = await newOrder(1000);
    await env.simulator.pay(no, { deliver: false });
    await client().refund({ outTradeNo: no, outRefundNo: `${no}R`, refundFen: 300, totalFen: 1000 });
    const [delivery] = await env.simulator.completeRefund(`${no}R`);
    expect(delivery).toMatchObject({ status: 204, eventType: 'REFUND.SUCCESS', url: `${receiver.baseUrl}/refund` });
    expect(receiver.received.at(-1)?.outcome).toMatchObject({ kind: 'refund', refund: { outTradeNo: no, status: 'SUCCESS', amount: { refundFen: 300 } } });
  });

  it('records the status when the merchant rejects a notification', async () => {
    const no = await newOrder();
    const other = await startSimulator(clock);
    try {
      // The receiver trusts the first simulator's keys only: this one's signature has an unknown serial.
      const otherClient = clientFor(other.simulator, other.baseUrl, clock, { notifyUrl: `${receiver.baseUrl}/pay` });
      await otherClient.jsapiPrepay({ description: 'x', outTradeNo: no, amountFen: 100, payerOpenid: OPENID, timeExpire: new Date(clock.ms + 60_000) });
      const [delivery] = await other.simulator.pay(no);
      expect(delivery).toMatchObject({ status: 401, error: null });
      expect(JSON.parse(delivery?.responseBody ?? '{}')).toMatchObject({ code: 'FAIL' });
      expect(receiver.received.at(-1)?.outcome).toMatchObject({ reason: 'unknown_serial' });
    } finally {
      await other.close();
    }
  });

  it('settles refunds by itself when refundSettleDelayMs is set (demo mode)', async () => {
    const demo = await startSimulator(clock, { refundSettleDelayMs: 20 });
    try {
      const demoClient = clientFor(demo.simulator, demo.baseUrl, clock, { refundNotifyUrl: `${receiver.baseUrl}/refund` });
      const no = orderNo();
      await demoClient.jsapiPrepay({ description: 'x', outTradeNo: no, amountFen: 100, payerOpenid: OPENID, timeExpire: new Date(clock.ms + 60_000) });
      await demo.simulator.pay(no, { deliver: false });
      await demoClient.refund({ outTradeNo: no, outRefundNo: `${no}R`, refundFen: 100, totalFen: 100 });
      const deadline = Date.now() + 5000;
      while (demo.simulator.deliveries.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      await expect(demoClient.queryRefund(`${no}R`)).resolves.toMatchObject({ status: 'SUCCESS' });
      // Delivered (and refused by the receiver, which trusts the other simulator's keys only).
      expect(demo.simulator.deliveries).toEqual([expect.objectContaining({ eventType: 'REFUND.SUCCESS', status: 401 })]);
    } finally {
      await demo.close();
    }
  });
});
