import { WechatPayNotificationError } from './errors';
import { clientFor, OPENID, startReceiver, startSimulator, type TestClock } from './test-kit';

/** A merchant without a WeChat Pay public key: every key comes from GET /v3/certificates. */
const clock: TestClock = { ms: Date.now() };
let env: Awaited<ReturnType<typeof startSimulator>>;
let orderSeq = 0;
const orderNo = () => `C${Date.now()}${String((orderSeq += 1)).padStart(4, '0')}`;

/** A certificate-mode client that records each request's path and Wechatpay-Serial header. */
function recordingClient(overrides: Parameters<typeof clientFor>[3] = {}) {
  const requests: { path: string; serial: string | null }[] = [];
  const recording: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    requests.push({ path: url.pathname, serial: new Headers(init?.headers).get('wechatpay-serial') });
    return fetch(input, init);
  };
  const client = clientFor(env.simulator, env.baseUrl, clock, { platformKeys: new Map(), fetch: recording, ...overrides });
  const prepay = (outTradeNo: string) =>
    client.jsapiPrepay({ description: '思域精选 · 证书模式', outTradeNo, amountFen: 100, payerOpenid: OPENID, timeExpire: new Date(clock.ms + 30 * 60_000) });
  const downloads = () => requests.filter((request) => request.path === '/v3/certificates').length;
  return { client, requests, prepay, downloads };
}

beforeAll(async () => {
  env = await startSimulator(clock, { platformMode: 'certificate' });
});
afterAll(() => env.close());

describe('WeChat Pay platform-certificate mode', () => {
  it('downloads the certificates first, verifies answers with them and sends their serial as Wechatpay-Serial', async () => {
    const { client, requests, prepay, downloads } = recordingClient();
    const serial = env.simulator.certificates[0]?.serial;
    expect(env.simulator.verificationKeys().size).toBe(1);
    await expect(prepay(orderNo())).resolves.toMatch(/^wx/);
    expect(requests.map((request) => request.path)).toEqual(['/v3/certificates', '/v3/pay/transactions/jsapi']);
    expect(requests[1]?.serial).toBe(serial);
    expect(client.verificationKeys().has(serial ?? '')).toBe(true);
    await prepay(orderNo());
    expect(downloads()).toBe(1);
  });

  it('refuses certificates that do not decrypt with its APIv3 key with RESPONSE_MALFORMED', async () => {
    const { prepay } = recordingClient({ apiV3Key: 'x'.repeat(32) });
    await expect(prepay(orderNo())).rejects.toMatchObject({ code: 'RESPONSE_MALFORMED' });
  });

  it('reloads when WeChat signs with a new certificate, and once per 12 hours', async () => {
    const { prepay, downloads } = recordingClient();
    await prepay(orderNo());
    const rotated = env.simulator.rotateCertificate();
    env.simulator.signWith(rotated.serial);
    try {
      // Within a minute of the last download an unknown serial does not reload (anyone can send one).
      await expect(prepay(orderNo())).rejects.toMatchObject({ code: 'RESPONSE_SIGNATURE_INVALID', details: { reason: 'unknown_serial' } });
      expect(downloads()).toBe(1);
      clock.ms += 61_000;
      await expect(prepay(orderNo())).resolves.toMatch(/^wx/);
      expect(downloads()).toBe(2);
      await prepay(orderNo());
      expect(downloads()).toBe(2);
      clock.ms += 12 * 3600_000;
      await prepay(orderNo());
      expect(downloads()).toBe(3);
    } finally {
      env.simulator.signWith(env.simulator.certificates[0]?.serial ?? '');
    }
  });

  it('refuses a notification under an unknown serial, reloads in the background and accepts the retry', async () => {
    const { client, prepay, downloads } = recordingClient();
    const receiver = await startReceiver(() => client);
    try {
      await prepay(orderNo());
      const rotated = env.simulator.rotateCertificate();
      env.simulator.signWith(rotated.serial);
      // Past the one-reload-a-minute limit of the download the prepay above made.
      clock.ms += 61_000;
      const no = orderNo();
      await clientFor(env.simulator, env.baseUrl, clock, { notifyUrl: `${receiver.baseUrl}/notify` }).jsapiPrepay({
        description: '证书轮换',
        outTradeNo: no,
        amountFen: 100,
        payerOpenid: OPENID,
        timeExpire: new Date(clock.ms + 30 * 60_000),
      });
      const [first] = await env.simulator.pay(no);
      expect(first?.status).toBe(401);
      expect(receiver.received[0]?.outcome).toMatchObject({ reason: 'unknown_serial' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(downloads()).toBe(2);
      const [retry] = await env.simulator.notifyPayment(no);
      expect(retry?.status).toBe(204);
      const accepted = receiver.received[1]?.outcome;
      expect(accepted).not.toBeInstanceOf(WechatPayNotificationError);
      expect(accepted).toMatchObject({ kind: 'transaction', transaction: { outTradeNo: no, tradeState: 'SUCCESS' } });
    } finally {
      env.simulator.signWith(env.simulator.certificates[0]?.serial ?? '');
      await receiver.close();
    }
  });

  it('answers a request with a Wechatpay-Serial it does not know with PARAM_ERROR', async () => {
    const { prepay } = recordingClient({ platformKeys: new Map([['PUB_KEY_ID_0100000000000000000000000000', env.simulator.publicKeyIdKey.publicKey]]) });
    await expect(prepay(orderNo())).rejects.toMatchObject({ status: 400, code: 'PARAM_ERROR' });
  });
});
