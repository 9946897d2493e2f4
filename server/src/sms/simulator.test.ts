import crypto from 'node:crypto';
import { testDrivers } from '../testing/drivers';
import { createTestApp, TEST_SMS, type TestApp } from '../testing/test-app';
import { AliyunSmsClient, classifySmsError, SmsProviderError, SmsTimeoutError, type SmsBatch } from './client';
import { signRpcV2 } from './signature';

const SIGN = '测试商城';
const VERIFY_SIGN = '测试验证';
let phoneSeq = 0;
/** A fresh mainland number per use (flow control counts per number). */
const phone = () => `139${String(process.pid % 1000).padStart(3, '0')}${String((phoneSeq += 1)).padStart(5, '0')}`;

/** The real client and hand-made requests against the strict SMS simulator, over HTTP. */
describe.each(testDrivers())('AliyunSmsClient ↔ SMS simulator on %s', (driver) => {
  let t: TestApp;
  let client: AliyunSmsClient;
  let endpoint: string;

  /** A signed SendBatchSms/any call with chosen parameters (for what the client never sends). */
  async function raw(extra: Record<string, string>, options: { secret?: string; keyId?: string; at?: number; nonce?: string; method?: 'GET' | 'POST' } = {}) {
    const params: Record<string, string> = {
      AccessKeyId: options.keyId ?? TEST_SMS.accessKeyId,
      Action: 'SendBatchSms',
      Format: 'JSON',
      RegionId: 'cn-hangzhou',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: options.nonce ?? crypto.randomUUID(),
      SignatureVersion: '1.0',
      Timestamp: new Date(options.at ?? t.clock.now().getTime()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
      ...extra,
    };
    const method = options.method ?? 'POST';
    params.Signature = signRpcV2(method, params, options.secret ?? TEST_SMS.accessKeySecret);
    const body = new URLSearchParams(params).toString();
    const response =
      method === 'POST'
        ? await fetch(`${endpoint}/`, { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })
        : await fetch(`${endpoint}/?${body}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const batch = (overrides: Partial<SmsBatch> = {}): SmsBatch => ({
    phones: [phone()],
    signName: SIGN,
    templateCode: 'T_NOTICE',
    params: [{ orderNo: 'SO20261206001' }],
    ...overrides,
  });
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'OK',
      (error: unknown) => (error instanceof SmsProviderError ? error.code : String(error)),
    );

  beforeAll(async () => {
    t = await createTestApp(driver);
    endpoint = t.deps.config.sms?.endpoint ?? '';
    client = new AliyunSmsClient({
      accessKeyId: TEST_SMS.accessKeyId,
      accessKeySecret: TEST_SMS.accessKeySecret,
      endpoint,
      now: () => t.clock.now().getTime(),
      timeoutMs: 30_000,
    });
    const sim = t.smsSimulator;
    await sim.registerSign(SIGN, 'general');
    await sim.registerSign(VERIFY_SIGN, 'verification');
    await sim.registerTemplate({ code: 'T_NOTICE', kind: 'notice', content: '您的订单${orderNo}已发货。' });
    await sim.registerTemplate({ code: 'T_MKT', kind: 'marketing', content: '会员${name}，点击 https://wxaurl.cn/${linkTicket}?cq=${link} 领取，拒收请回复R' });
    await sim.registerTemplate({ code: 'T_VERIFY', kind: 'verification', content: '您的验证码为${code}，5分钟内有效。' });
    await sim.registerTemplate({ code: 'T_PENDING', kind: 'notice', content: '您的订单${orderNo}已发货。', status: 'pending' });
    await sim.registerTemplate({ code: 'T_BAD_MKT', kind: 'marketing', content: '会员${name}，新品上架' });
    await sim.registerTemplate({ code: 'T_BAD_NOTICE', kind: 'notice', content: '您的订单${orderNo}已发货，拒收请回复R' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('sends a batch with per-number parameters, returns the BizId and answers QuerySendDetails by OutId', async () => {
    const [a, b] = [phone(), phone()];
    const accepted = await client.sendBatch({
      phones: [a, b],
      signName: SIGN,
      templateCode: 'T_MKT',
      params: [
        { name: '张三', linkTicket: 'AbCdEf123', link: 'q1w2e3r4t5' },
        { name: '李四', linkTicket: 'AbCdEf123', link: 'z9x8c7v6b5' },
      ],
      outId: 'out-batch-1',
    });
    expect(accepted.bizId).toMatch(/^\d+\^0$/);
    const messages = await t.smsSimulator.messages(a);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.content).toBe('【测试商城】会员张三，点击 https://wxaurl.cn/AbCdEf123?cq=q1w2e3r4t5 领取，拒收请回复R');
    const sendDate = messages[0]?.sendDate ?? '';
    const details = await client.querySendDetails({ phone: b, sendDate, outId: 'out-batch-1' });
    expect(details).toEqual([expect.objectContaining({ phone: b, sendStatus: 1, templateCode: 'T_MKT', outId: 'out-batch-1' })]);
    expect(await client.querySendDetails({ phone: b, sendDate, outId: 'another' })).toEqual([]);
  });

  it.each([
    ['an unknown template', { templateCode: 'T_NOPE' }, 'isv.SMS_TEMPLATE_ILLEGAL'],
    ['a template still pending review', { templateCode: 'T_PENDING' }, 'isv.SMS_TEMPLATE_ILLEGAL'],
    ['a marketing template without 拒收请回复R', { templateCode: 'T_BAD_MKT', params: [{ name: '张三' }] }, 'isv.SMS_TEMPLATE_ILLEGAL'],
    ['a notice carrying 拒收请回复R', { templateCode: 'T_BAD_NOTICE' }, 'isv.SMS_TEMPLATE_ILLEGAL'],
    ['an unregistered sign', { signName: '别家商城' }, 'isv.SMS_SIGNATURE_ILLEGAL'],
    [
      'a verification sign on a marketing template',
      { signName: VERIFY_SIGN, templateCode: 'T_MKT', params: [{ name: '张三', linkTicket: 'a', link: 'b' }] },
      'isv.SMS_SIGNATURE_SCENE_ILLEGAL',
    ],
    ['a missing variable', { params: [{}] }, 'isv.TEMPLATE_MISSING_PARAMETERS'],
    ['a URL in a variable', { params: [{ orderNo: 'https://evil.example.com/x' }] }, 'isv.PARAM_NOT_SUPPORT_URL'],
    ['a bare domain in a variable', { params: [{ orderNo: 'shop.example.cn' }] }, 'isv.PARAM_NOT_SUPPORT_URL'],
    ['a variable of 36 characters', { params: [{ orderNo: '订'.repeat(36) }] }, 'isv.PARAM_LENGTH_LIMIT'],
    ['an illegal number', { phones: ['12345'] }, 'isv.MOBILE_NUMBER_ILLEGAL'],
  ] as const)('refuses %s (%s)', async (_, overrides, code) => {
    const before = (await t.smsSimulator.messages()).length;
    expect(await codeOf(client.sendBatch(batch(overrides as Partial<SmsBatch>)))).toBe(code);
    expect(await t.smsSimulator.messages()).toHaveLength(before);
  });

  it('a variable of exactly 35 characters passes', async () => {
    expect(await codeOf(client.sendBatch(batch({ params: [{ orderNo: '订'.repeat(35) }] })))).toBe('OK');
  });

  it('refuses non-string values and more than 100 numbers (what the client never sends)', async () => {
    const p = phone();
    const nonString = await raw({
      PhoneNumberJson: JSON.stringify([p]),
      SignNameJson: JSON.stringify([SIGN]),
      TemplateCode: 'T_NOTICE',
      TemplateParamJson: JSON.stringify([{ orderNo: 123 }]),
    });
    expect(nonString.body.Code).toBe('isv.INVALID_JSON_PARAM');
    const phones = Array.from({ length: 101 }, () => phone());
    const tooMany = await raw({
      PhoneNumberJson: JSON.stringify(phones),
      SignNameJson: JSON.stringify(phones.map(() => SIGN)),
      TemplateCode: 'T_NOTICE',
      TemplateParamJson: JSON.stringify(phones.map(() => ({ orderNo: '1' }))),
    });
    expect(tooMany.body.Code).toBe('isv.MOBILE_COUNT_OVER_LIMIT');
    const hundred = phones.slice(0, 100);
    const ok = await raw({
      PhoneNumberJson: JSON.stringify(hundred),
      SignNameJson: JSON.stringify(hundred.map(() => SIGN)),
      TemplateCode: 'T_NOTICE',
      TemplateParamJson: JSON.stringify(hundred.map(() => ({ orderNo: '1' }))),
    });
    expect(ok.body.Code).toBe('OK');
  });

  it('checks the gateway: key id, signature, timestamp skew (15 min) and nonce reuse', async () => {
    const p = phone();
    const call = {
      PhoneNumberJson: JSON.stringify([p]),
      SignNameJson: JSON.stringify([SIGN]),
      TemplateCode: 'T_NOTICE',
      TemplateParamJson: JSON.stringify([{ orderNo: '1' }]),
    };
    expect(await raw(call, { keyId: 'LTAIsomeoneelse0001' })).toMatchObject({ status: 404, body: { Code: 'InvalidAccessKeyId.NotFound' } });
    expect(await raw(call, { secret: 'wrong-secret' })).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
    const now = t.clock.now().getTime();
    expect(await raw(call, { at: now - 16 * 60_000 })).toMatchObject({ status: 400, body: { Code: 'InvalidTimeStamp.Expired' } });
    expect(await raw(call, { at: now + 16 * 60_000 })).toMatchObject({ status: 400, body: { Code: 'InvalidTimeStamp.Expired' } });
    expect((await raw(call, { at: now - 14 * 60_000, method: 'GET' })).body.Code).toBe('OK');
    const nonce = crypto.randomUUID();
    expect((await raw(call, { nonce })).body.Code).toBe('OK');
    expect(await raw(call, { nonce })).toMatchObject({ status: 400, body: { Code: 'SignatureNonceUsed' } });
    expect(await t.smsSimulator.messages(p)).toHaveLength(2);
  });

  it('flow control: 50 a day per sign + template + number, then isv.BUSINESS_LIMIT_CONTROL until the next day', async () => {
    const p = phone();
    const fifty = Array.from({ length: 50 }, () => p);
    await client.sendBatch({ phones: fifty, signName: SIGN, templateCode: 'T_NOTICE', params: fifty.map(() => ({ orderNo: '1' })) });
    const error = await client.sendBatch(batch({ phones: [p] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsProviderError);
    expect(error).toMatchObject({ code: 'isv.BUSINESS_LIMIT_CONTROL', kind: 'flow_control' });
    // Another template is counted apart.
    expect(await codeOf(client.sendBatch({ phones: [p], signName: SIGN, templateCode: 'T_MKT', params: [{ name: '张三', linkTicket: 'a', link: 'b' }] }))).toBe(
      'OK',
    );
    t.clock.advance(24 * 3_600_000);
    expect(await codeOf(client.sendBatch(batch({ phones: [p] })))).toBe('OK');
  });

  it('flow control of verification codes: 1 a minute, 5 an hour, 10 a day per sign + number', async () => {
    const p = phone();
    const send = () => codeOf(client.sendBatch({ phones: [p], signName: VERIFY_SIGN, templateCode: 'T_VERIFY', params: [{ code: '123456' }] }));
    expect(await send()).toBe('OK');
    expect(await send()).toBe('isv.BUSINESS_LIMIT_CONTROL');
    for (let i = 0; i < 4; i += 1) {
      t.clock.advance(61_000);
      expect(await send()).toBe('OK');
    }
    t.clock.advance(61_000);
    expect(await send()).toBe('isv.BUSINESS_LIMIT_CONTROL');
    for (let i = 0; i < 5; i += 1) {
      t.clock.advance(3_600_000);
      expect(await send()).toBe('OK');
    }
    t.clock.advance(3_600_000);
    expect(await send()).toBe('isv.BUSINESS_LIMIT_CONTROL');
  });

  it('a timed-out call was still recorded: the client says timeout, QuerySendDetails finds it', async () => {
    const p = phone();
    // A 1 s client against a 2.5 s hang (only this call: a loaded machine must not time out the others).
    const impatient = new AliyunSmsClient({
      accessKeyId: TEST_SMS.accessKeyId,
      accessKeySecret: TEST_SMS.accessKeySecret,
      endpoint,
      now: () => t.clock.now().getTime(),
      timeoutMs: 1000,
    });
    t.smsSimulator.timeoutNext();
    await expect(impatient.sendBatch(batch({ phones: [p], outId: 'out-timeout-1' }))).rejects.toBeInstanceOf(SmsTimeoutError);
    const [message] = await t.smsSimulator.messages(p);
    expect(message?.outId).toBe('out-timeout-1');
    expect(await client.querySendDetails({ phone: p, sendDate: message?.sendDate ?? '', outId: 'out-timeout-1' })).toHaveLength(1);
  });

  it('maps provider errors: flow control, retry, account, permanent', async () => {
    t.smsSimulator.failNext('isp.SYSTEM_ERROR');
    await expect(client.sendBatch(batch())).rejects.toMatchObject({ code: 'isp.SYSTEM_ERROR', kind: 'retry' });
    expect(classifySmsError('isv.BUSINESS_LIMIT_CONTROL')).toBe('flow_control');
    expect(classifySmsError('isv.DAY_LIMIT_CONTROL')).toBe('flow_control');
    expect(classifySmsError('isv.AMOUNT_NOT_ENOUGH')).toBe('account');
    expect(classifySmsError('SignatureDoesNotMatch')).toBe('account');
    expect(classifySmsError('isv.SMS_SIGNATURE_ILLEGAL')).toBe('permanent');
    expect(classifySmsError('isv.PARAM_NOT_SUPPORT_URL')).toBe('permanent');
    const wrong = new AliyunSmsClient({ accessKeyId: TEST_SMS.accessKeyId, accessKeySecret: 'not-the-secret', endpoint, now: () => t.clock.now().getTime() });
    await expect(wrong.sendBatch(batch())).rejects.toMatchObject({ code: 'SignatureDoesNotMatch', kind: 'account' });
  });

  it('parses Aliyun report and uplink pushes, dropping malformed rows', () => {
    expect(
      client.parseReport([
        { phone_number: '13900000000', success: true, err_code: 'DELIVERED', biz_id: '1^0', out_id: 'o1', report_time: '2026-12-06 10:00:00' },
        { nothing: 1 },
        'x',
      ]),
    ).toEqual([{ phone: '13900000000', success: true, errCode: 'DELIVERED', bizId: '1^0', outId: 'o1', reportTime: '2026-12-06 10:00:00' }]);
    expect(
      client.parseUplink([
        { phone_number: '13900000000', content: 'R', sign_name: SIGN, send_time: 't', sequence_id: 7 },
        { phone_number: 'x', content: 'R' },
      ]),
    ).toEqual([{ phone: '13900000000', content: 'R', signName: SIGN, sendTime: 't', sequenceId: '7' }]);
    expect(client.parseReport({ not: 'an array' })).toEqual([]);
  });
});
