import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, SIMULATOR_WECOM_CORP_ID } from '../config';

const wecom = {
  WECOM_CORP_ID: 'wwabcdef0123456789',
  WECOM_CONTACT_SECRET: 'c'.repeat(43),
  WECOM_CALLBACK_TOKEN: 'QDG6eK',
  WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
} as const;

describe('loadConfig: WeCom', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siyu-wecom-config-'));
  // Simulated WeChat (no WECHAT_*): demo secrets are written beside this folder.
  const simulated = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), PGLITE_DIR: path.join(dir, 'pglite') } as const;
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the simulator when no WECOM_* is set and WeChat is simulated, with the same secrets every time', () => {
    const first = loadConfig(simulated).wecom;
    expect(first).toMatchObject({ corpId: SIMULATOR_WECOM_CORP_ID, simulator: true, defaultUserIds: ['sim-sales-01'] });
    expect(first?.encodingAesKey).toMatch(/^[0-9a-f]{43}$/);
    expect(first?.callbackToken).toMatch(/^[0-9A-Za-z]{1,32}$/);
    expect(loadConfig(simulated).wecom).toEqual(first);
  });

  it('takes real credentials (all four) and the default members', () => {
    const config = loadConfig({ ...simulated, ...wecom, WECOM_DEFAULT_USER_IDS: 'zhangsan, lisi' });
    expect(config.wecom).toMatchObject({
      corpId: wecom.WECOM_CORP_ID,
      simulator: false,
      apiBase: 'https://qyapi.weixin.qq.com',
      defaultUserIds: ['zhangsan', 'lisi'],
    });
  });

  it('refuses some of the variables without the others, and a key that is not 43 characters', () => {
    expect(() => loadConfig({ ...simulated, WECOM_CORP_ID: wecom.WECOM_CORP_ID })).toThrow(/WeCom needs all of its variables/);
    expect(() => loadConfig({ ...simulated, ...wecom, WECOM_ENCODING_AES_KEY: wecom.WECOM_ENCODING_AES_KEY.slice(1) })).toThrow(ConfigError);
  });

  it('has no WeCom (never the simulator) beside real WeChat credentials or in production', () => {
    const realWechat = {
      ...simulated,
      PHONE_ENC_KEY: Buffer.alloc(32, 1).toString('base64'),
      WECHAT_APPID: 'wxabcdef0123456',
      WECHAT_SECRET: 's'.repeat(32),
      WECHAT_PAY_MCHID: '1230000109',
      WECHAT_PAY_MERCHANT_SERIAL_NO: 'ABCDEF0123456789',
      WECHAT_PAY_MERCHANT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nMIIE…\\n-----END PRIVATE KEY-----',
      WECHAT_PAY_API_V3_KEY: 'k'.repeat(32),
      PUBLIC_URL: 'https://shop.example.com',
    };
    expect(loadConfig(realWechat).wecom).toBeNull();
    expect(loadConfig({ ...realWechat, NODE_ENV: 'production' }).wecom).toBeNull();
    expect(loadConfig({ ...realWechat, NODE_ENV: 'production', ...wecom }).wecom?.simulator).toBe(false);
  });
});
