import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { formatBeijingTime, SIGNTEST_PREFIX, wechatpaySignatureHeaders } from './signing';
import { clientFor, OPENID, startSimulator, type TestClock } from './test-kit';

const clock: TestClock = { ms: Date.now() };
let env: Awaited<ReturnType<typeof startSimulator>>;
let orderSeq = 0;
const orderNo = () => `T${Date.now()}${String((orderSeq += 1)).padStart(4, '0')}`;
const client = (overrides: Parameters<typeof clientFor>[3] = {}) => clientFor(env.simulator, env.baseUrl, clock, overrides);
const prepay = (outTradeNo: string, amountFen = 1999) =>
  client().jsapiPrepay({ description: '思域精选 · 测试商品', outTradeNo, amountFen, payerOpenid: OPENID, timeExpire: new Date(clock.ms + 30 * 60_000) });

beforeAll(async () => {
  env = await startSimulator(clock, { withPlatformCertificate: true });
});
afterAll(() => env.close());

describe('WechatPayClient against the simulator', () => {
  it('creates a JSAPI order with time_expire in Beijing time and gets a prepay_id', async () => {
    const sent: string[] = [];
    const capture: typeof fetch = (input, init) => {
      if (typeof init?.body === 'string') sent.push(init.body);
      return fetch(input, init);
    };
    const no = orderNo();
    const expire = new Date(Date.UTC(2026, 10, 24, 12, 29, 35));
    const prepayId = await client({ fetch: capture }).jsapiPrepay({
      description: '测试',
      outTradeNo: no,
      amountFen: 1,
      payerOpenid: OPENID,
      timeExpire: expire,
      attach: 'o:1',
    });
    expect(prepayId).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    expect(JSON.parse(sent[0] ?? '{}')).toMatchObject({ time_expire: '2026-11-24T20:29:35+08:00', amount: { total: 1, currency: 'CNY' }, attach: 'o:1' });
    expect(formatBeijingTime(Date.UTC(2026, 0, 1, 16, 0, 0))).toBe('2026-01-02T00:00:00+08:00');
  });

  it('returns a fresh prepay_id when identical parameters are posted again', async () => {
    const no = orderNo();
    const first = await prepay(no);
    const second = await prepay(no);
    expect(second).not.toBe(first);
  });

  it('builds wx.requestPayment parameters whose paySign verifies with the merchant public key', async () => {
    const prepayId = await prepay(orderNo());
    const params = client().requestPaymentParams(prepayId);
    expect(params).toMatchObject({ package: `prepay_id=${prepayId}`, signType: 'RSA', timeStamp: String(Math.floor(clock.ms / 1000)) });
    expect(params.nonceStr).toMatch(/^[A-Z0-9]{32}$/);
    const message = `${env.simulator.clientCredentials().appid}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
    expect(crypto.verify('sha256', Buffer.from(message), env.simulator.merchant.publicKey, Buffer.from(params.paySign, 'base64'))).toBe(true);
  });

  it('queries an order: NOTPAY before payment, SUCCESS with integer amounts after', async () => {
    const no = orderNo();
    await prepay(no, 2599);
    await expect(client().queryByOutTradeNo(no)).resolves.toMatchObject({ outTradeNo: no, tradeState: 'NOTPAY', transactionId: null });
    await env.simulator.pay(no, { deliver: false });
    const paid = await client().queryByOutTradeNo(no);
    expect(paid).toMatchObject({
      tradeState: 'SUCCESS',
      tradeType: 'JSAPI',
      payerOpenid: OPENID,
      amount: { totalFen: 2599, payerTotalFen: 2599, currency: 'CNY' },
    });
    expect(paid.transactionId).toMatch(/^\d{28}$/);
    expect(Number.isInteger(paid.amount.totalFen)).toBe(true);
  });

  it('handles out_trade_no characters that are escaped in URLs (| and *)', async () => {
    const no = `P|${String(Date.now()).slice(-8)}*1`;
    await prepay(no);
    await expect(client().queryByOutTradeNo(no)).resolves.toMatchObject({ outTradeNo: no, tradeState: 'NOTPAY' });
    await expect(client().close(no)).resolves.toBeUndefined();
  });

  it('fails with 404 ORDER_NOT_EXIST for an order WeChat never saw', async () => {
    await expect(client().queryByOutTradeNo('NEVER_SEEN_0001')).rejects.toMatchObject({
      name: 'WechatPayError',
      status: 404,
      code: 'ORDER_NOT_EXIST',
      isOutcomeUnknown: false,
    });
  });

  it('closes an unpaid order (204), after which the same out_trade_no fails with ORDER_CLOSED', async () => {
    const no = orderNo();
    await prepay(no);
    await expect(client().close(no)).resolves.toBeUndefined();
    await expect(client().close(no)).resolves.toBeUndefined();
    await expect(client().queryByOutTradeNo(no)).resolves.toMatchObject({ tradeState: 'CLOSED' });
    await expect(prepay(no)).rejects.toMatchObject({ status: 400, code: 'ORDER_CLOSED' });
  });

  it('refunds part of a paid order and queries the refund until it succeeds', async () => {
    const no = orderNo();
    await prepay(no, 10_000);
    await env.simulator.pay(no, { deliver: false });
    const refund = await client().refund({ outTradeNo: no, outRefundNo: `${no}R1`, refundFen: 2500, totalFen: 10_000, reason: '七天无理由' });
    expect(refund).toMatchObject({ outTradeNo: no, outRefundNo: `${no}R1`, status: 'PROCESSING', amount: { refundFen: 2500, totalFen: 10_000 } });
    await env.simulator.completeRefund(`${no}R1`, { deliver: false });
    const settled = await client().queryRefund(`${no}R1`);
    expect(settled).toMatchObject({ refundId: refund.refundId, status: 'SUCCESS', amount: { refundFen: 2500 } });
    expect(settled.successTime).toMatch(/\+08:00$/);
    await expect(client().queryByOutTradeNo(no)).resolves.toMatchObject({ tradeState: 'REFUND' });
  });

  it('refunds once per out_refund_no: a retry answers the same refund', async () => {
    const no = orderNo();
    await prepay(no, 1000);
    await env.simulator.pay(no, { deliver: false });
    const input = { outTradeNo: no, outRefundNo: `${no}R1`, refundFen: 1000, totalFen: 1000 };
    const first = await client().refund(input);
    const retry = await client().refund(input);
    expect(retry.refundId).toBe(first.refundId);
    await expect(client().refund({ ...input, outRefundNo: `${no}R2`, refundFen: 1 })).rejects.toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
  });

  it('fails with 404 RESOURCE_NOT_EXISTS for an unknown refund', async () => {
    await expect(client().queryRefund('NO_SUCH_REFUND')).rejects.toMatchObject({ status: 404, code: 'RESOURCE_NOT_EXISTS' });
  });

  it('throws RangeError on arguments WeChat would refuse, before calling it', async () => {
    const base = { description: 'x', outTradeNo: orderNo(), amountFen: 100, payerOpenid: OPENID, timeExpire: new Date(clock.ms + 60_000) };
    await expect(client().jsapiPrepay({ ...base, amountFen: 12.5 })).rejects.toBeInstanceOf(RangeError);
    await expect(client().jsapiPrepay({ ...base, amountFen: 0 })).rejects.toBeInstanceOf(RangeError);
    await expect(client().jsapiPrepay({ ...base, outTradeNo: 'ab#12345' })).rejects.toBeInstanceOf(RangeError);
    await expect(client().jsapiPrepay({ ...base, description: '好'.repeat(128) })).rejects.toBeInstanceOf(RangeError);
    await expect(client().refund({ outTradeNo: base.outTradeNo, outRefundNo: 'R'.repeat(65), refundFen: 1, totalFen: 1 })).rejects.toBeInstanceOf(RangeError);
  });

  it('signs the full path when the simulator is mounted under a prefix', async () => {
    const app = new Koa();
    app.use(env.simulator.router('/wechatpay-sim').routes());
    const server = http.createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const mounted = clientFor(env.simulator, `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechatpay-sim`, clock);
      const no = orderNo();
      await mounted.jsapiPrepay({ description: 'x', outTradeNo: no, amountFen: 1, payerOpenid: OPENID, timeExpire: new Date(clock.ms + 60_000) });
      await expect(mounted.queryByOutTradeNo(no)).resolves.toMatchObject({ tradeState: 'NOTPAY' });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('maps an unreachable WeChat to NETWORK_ERROR with an unknown outcome', async () => {
    await expect(client({ baseUrl: 'http://127.0.0.1:1' }).queryByOutTradeNo('ANY_ORDER_1')).rejects.toMatchObject({
      status: 0,
      code: 'NETWORK_ERROR',
      isOutcomeUnknown: true,
    });
  });
});

/** A fetch that lets a test rewrite the simulator's answer before the client sees it. */
function rewriting(edit: (headers: Headers, body: string) => string | void): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const headers = new Headers(response.headers);
    const body = edit(headers, await response.text()) ?? '';
    return new Response(body === '' ? null : body, { status: response.status, headers });
  };
}

describe('WechatPayClient verifying answers', () => {
  const query = async (fetchImpl: typeof fetch) => {
    const no = orderNo();
    await prepay(no);
    return client({ fetch: fetchImpl }).queryByOutTradeNo(no);
  };
  const resign = (offsetSec: number) =>
    rewriting((headers, body) => {
      const signed = wechatpaySignatureHeaders(env.simulator.publicKeyIdKey, body, { timestampSec: Math.floor(clock.ms / 1000) + offsetSec });
      for (const [name, value] of Object.entries(signed)) headers.set(name, value);
      return body;
    });

  it('rejects an answer whose signature does not match its body', async () => {
    const altered = rewriting((_headers, body) => body.replace('NOTPAY', 'SUCCESS'));
    await expect(query(altered)).rejects.toMatchObject({ code: 'RESPONSE_SIGNATURE_INVALID', isOutcomeUnknown: true, details: { reason: 'bad_signature' } });
  });

  it('rejects a WECHATPAY/SIGNTEST/ probe', async () => {
    const probe = rewriting((headers, body) => {
      headers.set('Wechatpay-Signature', `${SIGNTEST_PREFIX}${headers.get('Wechatpay-Signature') ?? ''}`);
      return body;
    });
    await expect(query(probe)).rejects.toMatchObject({ code: 'RESPONSE_SIGNATURE_INVALID', details: { reason: 'probe' } });
  });

  it('rejects an answer signed by a serial it does not know', async () => {
    const unknown = rewriting((headers, body) => {
      headers.set('Wechatpay-Serial', 'PUB_KEY_ID_0000000000000000000000000000');
      return body;
    });
    await expect(query(unknown)).rejects.toMatchObject({ details: { reason: 'unknown_serial' } });
  });

  it('rejects answers signed 300 s or more away from its clock and accepts 299 s', async () => {
    await expect(query(resign(-300))).rejects.toMatchObject({ details: { reason: 'stale' } });
    await expect(query(resign(300))).rejects.toMatchObject({ details: { reason: 'stale' } });
    await expect(query(resign(-299))).resolves.toMatchObject({ tradeState: 'NOTPAY' });
  });

  it('rejects an answer without signature headers', async () => {
    const stripped = rewriting((headers, body) => {
      headers.delete('Wechatpay-Signature');
      return body;
    });
    await expect(query(stripped)).rejects.toMatchObject({ details: { reason: 'malformed' } });
  });

  it('accepts answers signed with the platform certificate during a key switch', async () => {
    const certificate = env.simulator.certificateKey;
    if (!certificate) throw new Error('the simulator was started with a platform certificate');
    env.simulator.signWith(certificate.serial);
    try {
      await expect(query(fetch)).resolves.toMatchObject({ tradeState: 'NOTPAY' });
      const onlyPublicKey = new Map([[env.simulator.publicKeyIdKey.serial, env.simulator.publicKeyIdKey.publicKey]]);
      await expect(client({ platformKeys: onlyPublicKey }).queryByOutTradeNo('NEVER_SEEN_0002')).rejects.toMatchObject({ status: 404 });
      const no = orderNo();
      await prepay(no);
      // A client that knows only the public key learns the certificate from GET /v3/certificates.
      await expect(client({ platformKeys: onlyPublicKey }).queryByOutTradeNo(no)).resolves.toMatchObject({ tradeState: 'NOTPAY' });
      // A serial that no certificate carries stays refused (the certificate list is signed by it too, so it cannot help).
      const renamed: typeof fetch = async (input, init) => {
        const answer = await fetch(input, init);
        const headers = new Headers(answer.headers);
        headers.set('wechatpay-serial', 'FFFFFFFF');
        return new Response(await answer.text(), { status: answer.status, headers });
      };
      await expect(client({ platformKeys: onlyPublicKey, fetch: renamed }).queryByOutTradeNo(no)).rejects.toMatchObject({
        details: { reason: 'unknown_serial' },
      });
    } finally {
      env.simulator.signWith(env.simulator.publicKeyIdKey.serial);
    }
  });
});
