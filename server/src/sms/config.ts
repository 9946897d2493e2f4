import crypto from 'node:crypto';

export interface SmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  endpoint: string;
  /** Compared (constant time) with `?token=` of POST /api/sms/aliyun/report and /uplink. */
  callbackToken: string;
  simulator: boolean;
}

/** The simulated SMS account's AccessKey id (never a real one). */
export const SIMULATOR_SMS_ACCESS_KEY_ID = 'LTAIsimulator0000001';

/**
 * Real Aliyun SMS credentials (ALIYUN_SMS_ACCESS_KEY_ID, _SECRET and _CALLBACK_TOKEN: all or none), or the
 * simulator beside the WeChat simulator (never in production; its secrets derived from the JWT secret, so
 * every process of one install agrees), or null (no SMS). A string is the configuration error.
 */
export function smsConfig(
  env: { ALIYUN_SMS_ACCESS_KEY_ID?: string; ALIYUN_SMS_ACCESS_KEY_SECRET?: string; ALIYUN_SMS_CALLBACK_TOKEN?: string; ALIYUN_SMS_ENDPOINT: string },
  install: { production: boolean; wechatSimulator: boolean; jwtSecret: string },
): SmsConfig | null | string {
  const given = {
    ALIYUN_SMS_ACCESS_KEY_ID: env.ALIYUN_SMS_ACCESS_KEY_ID,
    ALIYUN_SMS_ACCESS_KEY_SECRET: env.ALIYUN_SMS_ACCESS_KEY_SECRET,
    ALIYUN_SMS_CALLBACK_TOKEN: env.ALIYUN_SMS_CALLBACK_TOKEN,
  };
  const missing = Object.entries(given)
    .filter(([, value]) => value === undefined)
    .map(([name]) => name);
  if (missing.length === 3) {
    if (install.production || !install.wechatSimulator) return null;
    const derive = (label: string) => crypto.createHmac('sha256', install.jwtSecret).update(`sms-simulator:${label}`).digest('base64url');
    return { accessKeyId: SIMULATOR_SMS_ACCESS_KEY_ID, accessKeySecret: derive('secret'), endpoint: '', callbackToken: derive('callback'), simulator: true };
  }
  if (missing.length > 0) return `Aliyun SMS needs all of its variables; missing ${missing.join(', ')}`;
  return {
    accessKeyId: env.ALIYUN_SMS_ACCESS_KEY_ID ?? '',
    accessKeySecret: env.ALIYUN_SMS_ACCESS_KEY_SECRET ?? '',
    endpoint: env.ALIYUN_SMS_ENDPOINT,
    callbackToken: env.ALIYUN_SMS_CALLBACK_TOKEN ?? '',
    simulator: false,
  };
}
