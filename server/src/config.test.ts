import { ConfigError, loadConfig } from './config';

const pay = {
  WECHAT_PAY_MCHID: '1230000109',
  WECHAT_PAY_MERCHANT_SERIAL_NO: 'ABCDEF0123456789',
  WECHAT_PAY_MERCHANT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nMIIE…\\n-----END PRIVATE KEY-----',
  WECHAT_PAY_API_V3_KEY: 'k'.repeat(32),
  WECHAT_PAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0112345678',
  WECHAT_PAY_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nMIIB…\\n-----END PUBLIC KEY-----',
  PUBLIC_URL: 'https://shop.example.com',
} as const;
const base = {
  NODE_ENV: 'test',
  JWT_SECRET: 'x'.repeat(32),
  PHONE_ENC_KEY: Buffer.alloc(32, 1).toString('base64'),
  WECHAT_APPID: 'wxabcdef0123456',
  WECHAT_SECRET: 's'.repeat(32),
  ...pay,
} as const;

describe('loadConfig', () => {
  it('reads a valid environment', () => {
    const config = loadConfig({ ...base, PORT: '4000', DATABASE_URL: 'postgres://u@h:5432/db' });
    expect(config.port).toBe(4000);
    expect(config.database).toEqual({ driver: 'postgres', url: 'postgres://u@h:5432/db', poolSize: 10 });
    expect(config.wechat.simulator).toBe(false);
  });

  it('fails fast with one readable line per problem', () => {
    const load = () => loadConfig({ ...base, PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/PORT: .*\n.*DATABASE_URL: must be a postgres:\/\/ URL/);
  });

  it('refuses the simulator alongside real WeChat credentials', () => {
    expect(() => loadConfig({ ...base, WECHAT_SIMULATOR: 'on' })).toThrow(/cannot be combined/);
  });

  it('refuses production without secrets or with the simulator', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', WECHAT_APPID: base.WECHAT_APPID, WECHAT_SECRET: base.WECHAT_SECRET })).toThrow(
      /JWT_SECRET, PHONE_ENC_KEY/,
    );
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', WECHAT_APPID: undefined, WECHAT_SECRET: undefined })).toThrow(/simulator/);
  });

  it('reads TRUST_PROXY: off by default, a hop count, or proxy addresses and CIDRs', () => {
    expect(loadConfig(base).trustProxy).toEqual({ kind: 'off' });
    expect(loadConfig({ ...base, TRUST_PROXY: 'false' }).trustProxy).toEqual({ kind: 'off' });
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).toEqual({ kind: 'hops', hops: 1 });
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,fd00::/8' }).trustProxy).toMatchObject({
      kind: 'addresses',
      text: ['10.0.0.0/8', '192.168.1.7', 'fd00::/8'],
    });
  });

  it.each(['true', '11', '10.0.0.0/33', 'proxy.example.com', '10.0.0.1,10.0.0.300', ' , '])('refuses TRUST_PROXY=%j', (value) => {
    expect(() => loadConfig({ ...base, TRUST_PROXY: value })).toThrow(/TRUST_PROXY: /);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...base, DATABASE_URL: '', PORT: '' })).toMatchObject({ port: 3000, database: { driver: 'pglite' } });
  });

  it('reads WeChat Pay credentials, turning escaped newlines of one-line env files into PEM newlines', () => {
    const config = loadConfig(base);
    expect(config.pay).toMatchObject({ simulator: false, mchid: '1230000109', notifyBaseUrl: 'https://shop.example.com' });
    expect(config.pay.simulator === false && config.pay.merchantPrivateKey).toContain('KEY-----\nMIIE');
  });

  it('wants all WeChat Pay variables or none, and PUBLIC_URL with them', () => {
    expect(() => loadConfig({ ...base, WECHAT_PAY_API_V3_KEY: undefined })).toThrow(/missing WECHAT_PAY_API_V3_KEY/);
    expect(() => loadConfig({ ...base, PUBLIC_URL: undefined })).toThrow(/PUBLIC_URL/);
    const noPay = Object.fromEntries(Object.entries(base).filter(([key]) => !key.startsWith('WECHAT_PAY_')));
    expect(() => loadConfig(noPay)).toThrow(/WeChat Pay credentials/);
  });

  it('runs WeChat Pay in platform-certificate mode without the public key, and wants its id and PEM together', () => {
    const config = loadConfig({ ...base, WECHAT_PAY_PUBLIC_KEY_ID: undefined, WECHAT_PAY_PUBLIC_KEY: undefined });
    expect(config.pay).toMatchObject({ simulator: false, mchid: '1230000109', publicKeyId: null, publicKey: null });
    expect(() => loadConfig({ ...base, WECHAT_PAY_PUBLIC_KEY: undefined })).toThrow(/WECHAT_PAY_PUBLIC_KEY_ID and WECHAT_PAY_PUBLIC_KEY go together/);
  });

  it('rejects a phone key that is not 32 bytes', () => {
    expect(() => loadConfig({ ...base, PHONE_ENC_KEY: 'c2hvcnQ=' })).toThrow(/PHONE_ENC_KEY: must be 32 bytes/);
  });
});
