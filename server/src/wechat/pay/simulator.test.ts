import crypto, { type KeyObject } from 'node:crypto';
import { checkWechatpaySignature, formatAuthorization, randomNonce, requestSigningMessage, signMessage } from './signing';
import { APPID, clientFor, MCHID, OPENID, startReceiver, startSimulator, type TestClock } from './test-kit';

const clock: TestClock = { ms: Date.now() };
let env: Awaited<ReturnType<typeof startSimulator>>;
let seq = 0;
const orderNo = () => `S${Date.now()}${String((seq += 1)).padStart(4, '0')}`;
const client = () => clientFor(env.simulator, env.baseUrl, clock);

beforeAll(async () => {
  env = await startSimulator(clock);
});
afterAll(() => env.close());

interface RawRequest {
  method?: 'GET' | 'POST';
  path: string;
  body?: unknown;
  mchid?: string;
  serialNo?: string;
  timestampSec?: number;
  key?: KeyObject;
  /** Sign something other than what is sent. */
  signedBody?: string;
  authorization?: string;
}

/** Sends a request signed by hand, so each part of the Authorization header can be wrong on purpose. */
async function send(request: RawRequest): Promise<{ status: number; body: Record<string, unknown>; headers: Headers; text: string }> {
  const credentials = env.simulator.clientCredentials();
  const method = request.method ?? 'POST';
  const text = request.body === undefined ? '' : JSON.stringify(request.body);
  const timestamp = String(request.timestampSec ?? Math.floor(clock.ms / 1000));
  const nonce = randomNonce();
  const message = requestSigningMessage(method, request.path, timestamp, nonce, request.signedBody ?? text);
  const authorization =
    request.authorization ??
    formatAuthorization({
      mchid: request.mchid ?? MCHID,
      nonce_str: nonce,
      signature: signMessage(request.key ?? credentials.merchantPrivateKey, message),
      timestamp,
      serial_no: request.serialNo ?? credentials.merchantSerialNo,
    });
  const response = await fetch(`${env.baseUrl}${request.path}`, {
    method,
    headers: { Authorization: authorization, 'Content-Type': 'application/json', Accept: 'application/json' },
    ...(text === '' ? {} : { body: text }),
  });
  const body = await response.text();
  return { status: response.status, body: body ? (JSON.parse(body) as Record<string, unknown>) : {}, headers: response.headers, text: body };
}

const prepayBody = (overrides: Record<string, unknown> = {}) => ({
  appid: APPID,
  mchid: MCHID,
  description: '测试商品',
  out_trade_no: orderNo(),
  notify_url: 'https://shop.example.com/api/wechat/pay/notify',
  amount: { total: 100, currency: 'CNY' },
  payer: { openid: OPENID },
  ...overrides,
});
const JSAPI = '/v3/pay/transactions/jsapi';

describe('WeChat Pay simulator: Authorization', () => {
  it('accepts a correctly signed request and signs its answer with the platform key', async () => {
    const answer = await send({ path: JSAPI, body: prepayBody() });
    expect(answer.status).toBe(200);
    const check = checkWechatpaySignature({ headers: answer.headers, body: answer.text, keys: env.simulator.verificationKeys(), nowMs: clock.ms });
    expect(check).toEqual({ isValid: true, serial: env.simulator.publicKeyIdKey.serial });
  });

  it('answers 401 SIGN_ERROR to a signature by another key, and signs that answer too', async () => {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const answer = await send({ path: JSAPI, body: prepayBody(), key: privateKey });
    expect(answer).toMatchObject({ status: 401, body: { code: 'SIGN_ERROR' } });
    expect(checkWechatpaySignature({ headers: answer.headers, body: answer.text, keys: env.simulator.verificationKeys(), nowMs: clock.ms }).isValid).toBe(true);
  });

  it.each([
    ['a body other than the signed one', { signedBody: '{"amount":1}' }],
    ['a serial_no that is not our certificate', { serialNo: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' }],
    ['a merchant it does not know', { mchid: '1900000999' }],
    ['a timestamp 300 s old', { timestampSec: Math.floor(clock.ms / 1000) - 300 }],
    ['a timestamp 300 s ahead', { timestampSec: Math.floor(clock.ms / 1000) + 300 }],
    ['no schema', { authorization: 'mchid="1900000109"' }],
    ['a missing field', { authorization: 'WECHATPAY2-SHA256-RSA2048 mchid="1900000109",nonce_str="A",timestamp="1",serial_no="B"' }],
  ])('answers 401 SIGN_ERROR to %s', async (_name, overrides: Partial<RawRequest>) => {
    await expect(send({ path: JSAPI, body: prepayBody(), ...overrides })).resolves.toMatchObject({ status: 401, body: { code: 'SIGN_ERROR' } });
  });

  it('accepts a timestamp 299 s old', async () => {
    await expect(send({ path: JSAPI, body: prepayBody(), timestampSec: Math.floor(clock.ms / 1000) - 299 })).resolves.toMatchObject({ status: 200 });
  });

  it('signs GET requests over path and query with an empty body', async () => {
    const body = prepayBody();
    await send({ path: JSAPI, body });
    const path = `/v3/pay/transactions/out-trade-no/${String(body.out_trade_no)}?mchid=${MCHID}`;
    await expect(send({ method: 'GET', path })).resolves.toMatchObject({ status: 200, body: { trade_state: 'NOTPAY' } });
    await expect(send({ method: 'GET', path, signedBody: 'x' })).resolves.toMatchObject({ status: 401 });
    await expect(send({ method: 'GET', path: path.replace(`?mchid=${MCHID}`, '') })).resolves.toMatchObject({ status: 400, body: { code: 'PARAM_ERROR' } });
  });
});

describe('WeChat Pay simulator: POST /v3/pay/transactions/jsapi', () => {
  it.each([
    ['an out_trade_no of 5 characters', { out_trade_no: 'A1234' }],
    ['an out_trade_no of 33 characters', { out_trade_no: 'A'.repeat(33) }],
    ['an out_trade_no with a character outside [0-9A-Za-z_-|*]', { out_trade_no: 'ORDER#0001' }],
    ['a fractional amount', { amount: { total: 10.5, currency: 'CNY' } }],
    ['an amount of zero', { amount: { total: 0, currency: 'CNY' } }],
    ['an amount given as a string', { amount: { total: '100', currency: 'CNY' } }],
    ['a currency other than CNY', { amount: { total: 100, currency: 'USD' } }],
    ['a description of 128 characters', { description: '好'.repeat(128) }],
    ['an attach of 129 characters', { attach: 'a'.repeat(129) }],
    ['a notify_url over plain http to a public host', { notify_url: 'http://shop.example.com/notify' }],
    ['a notify_url with a query', { notify_url: 'https://shop.example.com/notify?order=1' }],
    ['a time_expire without an offset', { time_expire: '2026-11-24T20:29:35' }],
    ['no payer', { payer: undefined }],
  ])('answers 400 PARAM_ERROR to %s', async (_name, overrides: Record<string, unknown>) => {
    await expect(send({ path: JSAPI, body: prepayBody(overrides) })).resolves.toMatchObject({ status: 400, body: { code: 'PARAM_ERROR' } });
  });

  it('answers 400 PARAM_ERROR when the body names another mchid than the signer', async () => {
    await expect(send({ path: JSAPI, body: prepayBody({ mchid: '1900000999' }) })).resolves.toMatchObject({ status: 400, body: { code: 'PARAM_ERROR' } });
  });

  it('answers 400 APPID_MCHID_NOT_MATCH to an appid the merchant is not bound to', async () => {
    await expect(send({ path: JSAPI, body: prepayBody({ appid: 'wxother0000000001' }) })).resolves.toMatchObject({
      status: 400,
      body: { code: 'APPID_MCHID_NOT_MATCH' },
    });
  });

  it('accepts a plain-http notify_url on the loopback interface (local use only)', async () => {
    await expect(send({ path: JSAPI, body: prepayBody({ notify_url: 'http://127.0.0.1:3000/api/wechat/pay/notify' }) })).resolves.toMatchObject({
      status: 200,
    });
  });

  it('answers 403 OUT_TRADE_NO_USED when an out_trade_no comes back with other parameters', async () => {
    const body = prepayBody();
    await send({ path: JSAPI, body });
    await expect(send({ path: JSAPI, body: { ...body, amount: { total: 101, currency: 'CNY' } } })).resolves.toMatchObject({
      status: 403,
      body: { code: 'OUT_TRADE_NO_USED' },
    });
  });

  it('refuses to take a paid order again', async () => {
    const body = prepayBody();
    await send({ path: JSAPI, body });
    await env.simulator.pay(String(body.out_trade_no), { deliver: false });
    await expect(send({ path: JSAPI, body })).resolves.toMatchObject({ status: 400, body: { code: 'ORDERPAID' } });
  });
});

describe('WeChat Pay simulator: refunds', () => {
  const paidOrder = async (totalFen: number) => {
    const no = orderNo();
    await client().jsapiPrepay({ description: 'x', outTradeNo: no, amountFen: totalFen, payerOpenid: OPENID, timeExpire: new Date(clock.ms + 60_000) });
    await env.simulator.pay(no, { deliver: false });
    return no;
  };

  it('refuses more than the refundable amount, a wrong total and an unpaid order with INVALID_REQUEST', async () => {
    const no = await paidOrder(1000);
    await client().refund({ outTradeNo: no, outRefundNo: `${no}A`, refundFen: 600, totalFen: 1000 });
    await expect(client().refund({ outTradeNo: no, outRefundNo: `${no}B`, refundFen: 401, totalFen: 1000 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(client().refund({ outTradeNo: no, outRefundNo: `${no}C`, refundFen: 10, totalFen: 999 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(client().refund({ outTradeNo: no, outRefundNo: `${no}D`, refundFen: 400, totalFen: 1000 })).resolves.toMatchObject({ status: 'PROCESSING' });
    const unpaid = orderNo();
    await client().jsapiPrepay({ description: 'x', outTradeNo: unpaid, amountFen: 100, payerOpenid: OPENID, timeExpire: new Date(clock.ms + 60_000) });
    await expect(client().refund({ outTradeNo: unpaid, outRefundNo: `${unpaid}A`, refundFen: 1, totalFen: 100 })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });

  it('gives the refundable amount back when a refund is CLOSED', async () => {
    const no = await paidOrder(500);
    await client().refund({ outTradeNo: no, outRefundNo: `${no}A`, refundFen: 500, totalFen: 500 });
    await env.simulator.completeRefund(`${no}A`, { status: 'CLOSED', deliver: false });
    await expect(client().refund({ outTradeNo: no, outRefundNo: `${no}B`, refundFen: 500, totalFen: 500 })).resolves.toMatchObject({ status: 'PROCESSING' });
  });

  it('refuses a reused out_refund_no with another amount, and an unknown order with 404 RESOURCE_NOT_EXISTS', async () => {
    const no = await paidOrder(1000);
    await client().refund({ outTradeNo: no, outRefundNo: `${no}A`, refundFen: 100, totalFen: 1000 });
    await expect(client().refund({ outTradeNo: no, outRefundNo: `${no}A`, refundFen: 200, totalFen: 1000 })).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST',
    });
    await expect(client().refund({ outTradeNo: 'NOSUCHORDER1', outRefundNo: 'R1', refundFen: 1, totalFen: 1 })).rejects.toMatchObject({
      status: 404,
      code: 'RESOURCE_NOT_EXISTS',
    });
  });

  it('allows 50 partial refunds per order and refuses the 51st', async () => {
    const no = await paidOrder(100);
    for (let i = 1; i <= 50; i += 1) await client().refund({ outTradeNo: no, outRefundNo: `${no}R${i}`, refundFen: 1, totalFen: 100 });
    await expect(client().refund({ outTradeNo: no, outRefundNo: `${no}R51`, refundFen: 1, totalFen: 100 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('refuses refunds more than 365 days after payment', async () => {
    const no = await paidOrder(100);
    const start = clock.ms;
    clock.ms += 365 * 24 * 3600 * 1000;
    try {
      await expect(client().refund({ outTradeNo: no, outRefundNo: `${no}A`, refundFen: 1, totalFen: 100 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    } finally {
      clock.ms = start;
    }
  });
});

describe('WeChat Pay simulator: POST /sim/request-payment (the H5 payment sheet)', () => {
  it('checks paySign like wx.requestPayment, pays the order and notifies', async () => {
    const receiver = await startReceiver(() => clientFor(env.simulator, env.baseUrl, clock));
    try {
      const payClient = clientFor(env.simulator, env.baseUrl, clock, { notifyUrl: `${receiver.baseUrl}/notify` });
      const no = orderNo();
      const params = payClient.requestPaymentParams(
        await payClient.jsapiPrepay({ description: 'x', outTradeNo: no, amountFen: 300, payerOpenid: OPENID, timeExpire: new Date(clock.ms + 60_000) }),
      );
      const post = (body: object) => fetch(`${env.baseUrl}/sim/request-payment`, { method: 'POST', body: JSON.stringify(body) });
      const forged = await post({ ...params, paySign: Buffer.alloc(256).toString('base64') });
      expect(forged.status).toBe(400);
      await expect(forged.json()).resolves.toEqual({ errMsg: 'requestPayment:fail paySign error' });
      const paid = await post(params);
      await expect(paid.json()).resolves.toEqual({ errMsg: 'requestPayment:ok' });
      await expect(payClient.queryByOutTradeNo(no)).resolves.toMatchObject({ tradeState: 'SUCCESS' });
      await waitFor(() => receiver.received.length === 1);
      expect(receiver.received[0]?.outcome).toMatchObject({ kind: 'transaction', transaction: { outTradeNo: no, amount: { totalFen: 300 } } });
      expect((await post(params)).status).toBe(400);
    } finally {
      await receiver.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
