import type { Config } from './config';
import type { Database } from './db/client';
import type { AppDeps } from './deps';
import type { Logger } from './lib/logger';
import { PhoneCrypto } from './lib/phone-crypto';
import { WechatClient } from './wechat/client';
import { WechatPayClient, type WechatPaySimulator } from './wechat/pay';
import { WecomClient } from './wecom/client';
import { AliyunSmsClient } from './sms/client';

export interface WiringOptions {
  /** WeChat's API (or the simulator's URL). */
  wechatBaseUrl: string;
  /** Where WeChat Pay posts notifications to this server: `<base>/api/wechat/pay/notify`. */
  payNotifyBaseUrl: string;
  /** In simulator mode: the pay simulator (its keys) and its URL. */
  paySimulator?: { simulator: WechatPaySimulator; baseUrl: string };
  /** WeCom's API when it is not config.wecom.apiBase (the WeCom simulator's URL). */
  wecomBaseUrl?: string;
  /** Aliyun SMS's endpoint when it is not config.sms.endpoint (the SMS simulator's URL). */
  smsBaseUrl?: string;
  now?: () => Date;
}

/** The WeChat Pay client: real merchant credentials, or the simulator's. */
function buildPayClient(config: Config, options: WiringOptions, now: () => Date): WechatPayClient {
  const common = {
    notifyUrl: `${options.payNotifyBaseUrl}/api/wechat/pay/notify`,
    refundNotifyUrl: `${options.payNotifyBaseUrl}/api/wechat/pay/refund-notify`,
    now: () => now().getTime(),
  };
  if (config.pay.simulator) {
    if (!options.paySimulator) throw new Error('simulator mode needs the pay simulator');
    return new WechatPayClient({ ...options.paySimulator.simulator.clientCredentials(), baseUrl: options.paySimulator.baseUrl, ...common });
  }
  return new WechatPayClient({
    mchid: config.pay.mchid,
    appid: config.wechat.appid,
    merchantSerialNo: config.pay.merchantSerialNo,
    merchantPrivateKey: config.pay.merchantPrivateKey,
    apiV3Key: config.pay.apiV3Key,
    // No WeChat Pay public key: platform-certificate mode (the client downloads GET /v3/certificates).
    platformKeys: config.pay.publicKeyId && config.pay.publicKey ? new Map([[config.pay.publicKeyId, config.pay.publicKey]]) : new Map<string, string>(),
    baseUrl: config.pay.baseUrl,
    ...common,
  });
}

/** Wires the dependencies of the app from config and an open database. */
export function buildDeps(config: Config, database: Database, logger: Logger, options: WiringOptions): AppDeps {
  const now = options.now ?? (() => new Date());
  return {
    config,
    database,
    db: database.db,
    logger,
    phoneCrypto: new PhoneCrypto(config.phoneKey),
    wechat: new WechatClient({
      appid: config.wechat.appid,
      secret: config.wechat.secret,
      baseUrl: options.wechatBaseUrl,
      now: () => now().getTime(),
    }),
    wechatPay: buildPayClient(config, options, now),
    wecom: config.wecom
      ? new WecomClient({
          corpId: config.wecom.corpId,
          secret: config.wecom.secret,
          baseUrl: options.wecomBaseUrl ?? config.wecom.apiBase,
          now: () => now().getTime(),
        })
      : null,
    sms: config.sms
      ? new AliyunSmsClient({
          accessKeyId: config.sms.accessKeyId,
          accessKeySecret: config.sms.accessKeySecret,
          endpoint: options.smsBaseUrl ?? config.sms.endpoint,
          now: () => now().getTime(),
        })
      : null,
    now,
  };
}
