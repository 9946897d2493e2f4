import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './http/client-address';
import { smsConfig, type SmsConfig } from './sms/config';

/** The repository root: data and build outputs are resolved from here, whatever the cwd. */
export const REPO_ROOT = path.resolve(__dirname, '../..');

const base64Key32 = z.string().refine((value) => Buffer.from(value, 'base64').length === 32, { message: 'must be 32 bytes, base64-encoded' });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  PGLITE_DIR: z.string().default(path.join(REPO_ROOT, 'data/pglite')),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PHONE_ENC_KEY: base64Key32.optional(),
  WECHAT_APPID: z
    .string()
    .regex(/^wx[0-9a-zA-Z]{8,30}$/, 'must look like wx…')
    .optional(),
  WECHAT_SECRET: z.string().min(16).optional(),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  WECHAT_SIMULATOR: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Off by default; a hop count or comma-separated proxy addresses/CIDRs (see http/client-address.ts). */
  TRUST_PROXY: z.string().optional(),
  H5_ORIGINS: z.string().default('http://localhost:10086,http://127.0.0.1:10086'),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(256 * 1024),
  SEED_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  /** The media library's files (uploads, variants, generated demo images). */
  MEDIA_DIR: z.string().default(path.join(REPO_ROOT, 'data/media')),
  MEDIA_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  SHIPPING_FEE_FEN: z.coerce.number().int().min(0).max(100_000).default(800),
  FREE_SHIPPING_THRESHOLD_FEN: z.coerce.number().int().min(0).max(100_000_000).default(9900),
  PAYMENT_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  WECHAT_PAY_MCHID: z
    .string()
    .regex(/^\d{8,12}$/, 'must be the numeric merchant id')
    .optional(),
  WECHAT_PAY_MERCHANT_SERIAL_NO: z
    .string()
    .regex(/^[0-9A-Fa-f]{8,64}$/)
    .optional(),
  /** PEM; literal "\n" sequences are accepted for one-line environment files. */
  WECHAT_PAY_MERCHANT_PRIVATE_KEY: z.string().includes('PRIVATE KEY').optional(),
  WECHAT_PAY_API_V3_KEY: z.string().length(32, 'must be 32 characters').optional(),
  WECHAT_PAY_PUBLIC_KEY_ID: z.string().startsWith('PUB_KEY_ID_').optional(),
  WECHAT_PAY_PUBLIC_KEY: z.string().includes('PUBLIC KEY').optional(),
  WECHAT_PAY_BASE_URL: z.url().default('https://api.mch.weixin.qq.com'),
  /** WeCom (企业微信) customer contact: all four or none (none: the WeCom simulator, outside production). */
  WECOM_CORP_ID: z
    .string()
    .regex(/^[0-9A-Za-z]{6,32}$/, 'must be the corp id (ww…)')
    .optional(),
  WECOM_CONTACT_SECRET: z.string().min(16).max(128).optional(),
  WECOM_CALLBACK_TOKEN: z
    .string()
    .regex(/^[0-9A-Za-z]{1,32}$/, 'must be 1–32 letters or digits')
    .optional(),
  WECOM_ENCODING_AES_KEY: z
    .string()
    .regex(/^[0-9A-Za-z]{43}$/, 'must be 43 letters or digits')
    .optional(),
  WECOM_API_BASE: z.url().default('https://qyapi.weixin.qq.com'),
  /** The corp members (userids, comma-separated) a contact-me code is for when the admin names none. */
  WECOM_DEFAULT_USER_IDS: z.string().optional(),
  /** Aliyun SMS (Dysmsapi): key id + secret + callback token, or none (none: the SMS simulator, outside production). */
  ALIYUN_SMS_ACCESS_KEY_ID: z
    .string()
    .regex(/^[0-9A-Za-z]{8,64}$/, 'must be the AccessKey id')
    .optional(),
  ALIYUN_SMS_ACCESS_KEY_SECRET: z.string().min(16).max(128).optional(),
  ALIYUN_SMS_ENDPOINT: z.url().default('https://dysmsapi.aliyuncs.com'),
  ALIYUN_SMS_CALLBACK_TOKEN: z
    .string()
    .regex(/^[0-9A-Za-z_-]{24,128}$/, 'must be 24–128 letters, digits, _ or -')
    .optional(),
  /** The 日报's WeCom group robot webhook (a secret: never logged, never shown); unset = in-app only. */
  DAILY_REPORT_WEBHOOK_URL: z.url().optional(),
  /** Finished background CSV exports (issue 16). */
  EXPORT_DIR: z.string().default(path.join(REPO_ROOT, 'data/exports')),
});

const PAY_VARIABLES = ['WECHAT_PAY_MCHID', 'WECHAT_PAY_MERCHANT_SERIAL_NO', 'WECHAT_PAY_MERCHANT_PRIVATE_KEY', 'WECHAT_PAY_API_V3_KEY'] as const;
/** Both or neither: without them the client runs in platform-certificate mode (GET /v3/certificates). */
const PAY_PUBLIC_KEY_VARIABLES = ['WECHAT_PAY_PUBLIC_KEY_ID', 'WECHAT_PAY_PUBLIC_KEY'] as const;

/** Real WeChat Pay merchant credentials (all or none), or the simulator's merchant. */
export type PayConfig =
  | { simulator: true; mchid: string }
  | {
      simulator: false;
      mchid: string;
      merchantSerialNo: string;
      merchantPrivateKey: string;
      apiV3Key: string;
      /** The WeChat Pay public key; both null in platform-certificate mode. */
      publicKeyId: string | null;
      publicKey: string | null;
      baseUrl: string;
      /** Where WeChat Pay reaches us: PUBLIC_URL + /api/wechat/pay/notify. */
      notifyBaseUrl: string;
    };

/** The simulated merchant id (never a real one). */
export const SIMULATOR_MCHID = '1900000001';

function payConfig(e: z.infer<typeof envSchema>, simulator: boolean): PayConfig {
  const present = [...PAY_VARIABLES, ...PAY_PUBLIC_KEY_VARIABLES].filter((name) => e[name] !== undefined);
  if (present.length === 0) {
    if (!simulator) throw new ConfigError('invalid configuration:\n  real WeChat credentials need WeChat Pay credentials too (WECHAT_PAY_*)');
    return { simulator: true, mchid: SIMULATOR_MCHID };
  }
  const missing = PAY_VARIABLES.filter((name) => e[name] === undefined);
  if (missing.length > 0) throw new ConfigError(`invalid configuration:\n  WeChat Pay needs all of its variables; missing ${missing.join(', ')}`);
  if ((e.WECHAT_PAY_PUBLIC_KEY_ID === undefined) !== (e.WECHAT_PAY_PUBLIC_KEY === undefined)) {
    throw new ConfigError('invalid configuration:\n  WECHAT_PAY_PUBLIC_KEY_ID and WECHAT_PAY_PUBLIC_KEY go together (neither: platform-certificate mode)');
  }
  if (simulator) throw new ConfigError('invalid configuration:\n  the WeChat simulator cannot run beside real WeChat Pay credentials');
  if (!e.PUBLIC_URL) throw new ConfigError('invalid configuration:\n  PUBLIC_URL (https) is required for WeChat Pay notifications');
  return {
    simulator: false,
    mchid: e.WECHAT_PAY_MCHID ?? '',
    merchantSerialNo: e.WECHAT_PAY_MERCHANT_SERIAL_NO ?? '',
    merchantPrivateKey: (e.WECHAT_PAY_MERCHANT_PRIVATE_KEY ?? '').replace(/\\n/g, '\n'),
    apiV3Key: e.WECHAT_PAY_API_V3_KEY ?? '',
    publicKeyId: e.WECHAT_PAY_PUBLIC_KEY_ID ?? null,
    publicKey: e.WECHAT_PAY_PUBLIC_KEY?.replace(/\\n/g, '\n') ?? null,
    baseUrl: e.WECHAT_PAY_BASE_URL,
    notifyBaseUrl: e.PUBLIC_URL.replace(/\/$/, ''),
  };
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  database: { driver: 'postgres'; url: string; poolSize: number } | { driver: 'pglite'; dataDir: string };
  jwtSecret: string;
  /** 32-byte key for AES-256-GCM phone encryption; the lookup hash key is derived from it. */
  phoneKey: Buffer;
  wechat: { appid: string; secret: string; apiBase: string; simulator: boolean };
  corsOrigins: string[];
  /** Which proxies may name the client in X-Forwarded-For (off: the socket peer is the client). */
  trustProxy: TrustProxy;
  bodyLimitBytes: number;
  seedDemo: 'auto' | 'on' | 'off';
  /** The media library: where its files are kept and the largest upload accepted. */
  media: { dir: string; maxBytes: number };
  /** Store rules for checkout: flat shipping fee, free above a threshold, and the payment window. */
  commerce: { shippingFeeFen: number; freeShippingThresholdFen: number; paymentWindowMinutes: number };
  pay: PayConfig;
  /** WeCom customer contact: real credentials, the simulator's (demo, tests), or null (production without WeCom). */
  wecom: WecomConfig | null;
  /** Aliyun SMS: real credentials, the simulator's (demo, tests), or null (production without SMS). */
  sms: SmsConfig | null;
  /** The 日报's WeCom group robot webhook URL (a secret: never log it), or null. */
  dailyReportWebhookUrl: string | null;
  /** Where background CSV exports are written. */
  exportDir: string;
  /** Secrets that were generated for this demo install rather than given (shown in the banner, never their values). */
  generatedSecrets: string[];
  /** Where generated demo secrets are kept (null when every secret came from the environment). */
  secretsFile: string | null;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the environment; throws ConfigError with one readable line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means unset (as in `DATABASE_URL= npm start`).
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const hasRealWechat = Boolean(e.WECHAT_APPID || e.WECHAT_SECRET);
  if (hasRealWechat && !(e.WECHAT_APPID && e.WECHAT_SECRET)) {
    throw new ConfigError('invalid configuration:\n  WECHAT_APPID and WECHAT_SECRET must be set together');
  }
  if (hasRealWechat && e.WECHAT_SIMULATOR === 'on') {
    throw new ConfigError('invalid configuration:\n  WECHAT_SIMULATOR=on cannot be combined with real WeChat credentials');
  }
  const simulator = e.WECHAT_SIMULATOR === 'on' || (e.WECHAT_SIMULATOR === 'auto' && !hasRealWechat);
  if (e.NODE_ENV === 'production' && simulator) {
    throw new ConfigError('invalid configuration:\n  production needs WECHAT_APPID and WECHAT_SECRET (the simulator is for demos and tests)');
  }
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  if (typeof trustProxy === 'string') throw new ConfigError(`invalid configuration:\n  TRUST_PROXY: ${trustProxy}`);
  const secrets = resolveSecrets(e);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    database: e.DATABASE_URL
      ? { driver: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { driver: 'pglite', dataDir: path.resolve(REPO_ROOT, e.PGLITE_DIR) },
    jwtSecret: secrets.jwtSecret,
    phoneKey: Buffer.from(secrets.phoneKey, 'base64'),
    wechat: simulator
      ? { appid: SIMULATOR_APPID, secret: secrets.simulatorSecret, apiBase: '', simulator: true }
      : { appid: e.WECHAT_APPID ?? '', secret: e.WECHAT_SECRET ?? '', apiBase: e.WECHAT_API_BASE, simulator: false },
    corsOrigins: e.H5_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    trustProxy,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    seedDemo: e.SEED_DEMO,
    media: { dir: path.resolve(REPO_ROOT, e.MEDIA_DIR), maxBytes: e.MEDIA_MAX_BYTES },
    commerce: {
      shippingFeeFen: e.SHIPPING_FEE_FEN,
      freeShippingThresholdFen: e.FREE_SHIPPING_THRESHOLD_FEN,
      paymentWindowMinutes: e.PAYMENT_WINDOW_MINUTES,
    },
    pay: payConfig(e, simulator),
    wecom: wecomConfig(e, simulator, secrets.jwtSecret),
    sms: orConfigError(smsConfig(e, { production: e.NODE_ENV === 'production', wechatSimulator: simulator, jwtSecret: secrets.jwtSecret })),
    dailyReportWebhookUrl: e.DAILY_REPORT_WEBHOOK_URL ?? null,
    exportDir: path.resolve(REPO_ROOT, e.EXPORT_DIR),
    generatedSecrets: secrets.generated,
    secretsFile: secrets.file,
  };
}

/** A configuration error line (sms/config.ts answers one) as a ConfigError. */
function orConfigError<T>(result: T | string): T {
  if (typeof result === 'string') throw new ConfigError(`invalid configuration:\n  ${result}`);
  return result;
}

export interface WecomConfig {
  corpId: string;
  secret: string;
  callbackToken: string;
  /** 43 characters (WXBizMsgCrypt's EncodingAESKey). */
  encodingAesKey: string;
  apiBase: string;
  simulator: boolean;
  defaultUserIds: string[];
}

const WECOM_VARIABLES = ['WECOM_CORP_ID', 'WECOM_CONTACT_SECRET', 'WECOM_CALLBACK_TOKEN', 'WECOM_ENCODING_AES_KEY'] as const;
/** The simulated corp (never a real one). */
export const SIMULATOR_WECOM_CORP_ID = 'wwsimulator00000001';

/**
 * Real WeCom credentials (all four), or the simulator when none is set and WeChat is simulated too (never
 * beside real WeChat credentials, never in production); otherwise no WeCom (codes cannot be made, the
 * callback answers 503). The simulator's secrets are derived from the JWT secret, so every process of one
 * install (and its mounted simulator) agrees on them.
 */
function wecomConfig(e: z.infer<typeof envSchema>, wechatSimulator: boolean, jwtSecret: string): WecomConfig | null {
  const present = WECOM_VARIABLES.filter((name) => e[name] !== undefined);
  const defaultUserIds = (e.WECOM_DEFAULT_USER_IDS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (present.length === 0) {
    if (e.NODE_ENV === 'production' || !wechatSimulator) return null;
    const derive = (label: string) => crypto.createHmac('sha256', jwtSecret).update(`wecom-simulator:${label}`).digest('base64url');
    return {
      corpId: SIMULATOR_WECOM_CORP_ID,
      secret: derive('secret'),
      callbackToken: derive('token')
        .replace(/[^0-9A-Za-z]/g, '')
        .slice(0, 32),
      encodingAesKey: crypto.createHmac('sha256', jwtSecret).update('wecom-simulator:aes').digest('hex').slice(0, 43),
      apiBase: '',
      simulator: true,
      defaultUserIds: defaultUserIds.length ? defaultUserIds : ['sim-sales-01'],
    };
  }
  const missing = WECOM_VARIABLES.filter((name) => e[name] === undefined);
  if (missing.length > 0) throw new ConfigError(`invalid configuration:\n  WeCom needs all of its variables; missing ${missing.join(', ')}`);
  return {
    corpId: e.WECOM_CORP_ID ?? '',
    secret: e.WECOM_CONTACT_SECRET ?? '',
    callbackToken: e.WECOM_CALLBACK_TOKEN ?? '',
    encodingAesKey: e.WECOM_ENCODING_AES_KEY ?? '',
    apiBase: e.WECOM_API_BASE,
    simulator: false,
    defaultUserIds,
  };
}

/** The simulated mini-program's appid (never a real one). */
export const SIMULATOR_APPID = 'wxsimulator0000001';

interface LocalSecrets {
  jwtSecret: string;
  phoneKey: string;
  simulatorSecret: string;
}

/**
 * Production takes every secret from the environment. A demo or development install without them
 * generates its own once and keeps them in the data folder (mode 0600), so tokens and encrypted
 * phone numbers survive a restart. Values are never logged.
 */
function resolveSecrets(e: z.infer<typeof envSchema>): LocalSecrets & { generated: string[]; file: string | null } {
  if (e.NODE_ENV === 'production') {
    const missing = [!e.JWT_SECRET && 'JWT_SECRET', !e.PHONE_ENC_KEY && 'PHONE_ENC_KEY'].filter(Boolean);
    if (missing.length) throw new ConfigError(`invalid configuration:\n  production requires ${missing.join(', ')}`);
  }
  const needsLocal = !e.JWT_SECRET || !e.PHONE_ENC_KEY || !e.WECHAT_APPID;
  const file = needsLocal ? path.join(path.dirname(path.resolve(REPO_ROOT, e.PGLITE_DIR)), 'secrets.json') : null;
  const local = file ? readOrCreateLocalSecrets(file) : null;
  const generated = [!e.JWT_SECRET && 'JWT_SECRET', !e.PHONE_ENC_KEY && 'PHONE_ENC_KEY'].filter((v): v is string => Boolean(v));
  return {
    jwtSecret: e.JWT_SECRET ?? local?.jwtSecret ?? '',
    phoneKey: e.PHONE_ENC_KEY ?? local?.phoneKey ?? '',
    simulatorSecret: local?.simulatorSecret ?? '',
    generated,
    file,
  };
}

function readOrCreateLocalSecrets(file: string): LocalSecrets {
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as LocalSecrets;
  const secrets: LocalSecrets = {
    jwtSecret: crypto.randomBytes(48).toString('base64url'),
    phoneKey: crypto.randomBytes(32).toString('base64'),
    simulatorSecret: crypto.randomBytes(16).toString('hex'),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
