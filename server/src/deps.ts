import type { Config } from './config';
import type { Database, Db } from './db/client';
import type { Logger } from './lib/logger';
import type { PhoneCrypto } from './lib/phone-crypto';
import type { WechatClient } from './wechat/client';
import type { JobQueue } from './jobs/queue';
import type { WechatPayClient } from './wechat/pay';
import type { WecomClient } from './wecom/client';
import type { SmsClient } from './sms/client';

/** Everything the HTTP layer and the services need, built once at start (or per test). */
export interface AppDeps {
  config: Config;
  database: Database;
  db: Db;
  logger: Logger;
  wechat: WechatClient;
  /** WeChat Pay v3 (the pay simulator in demos and tests). */
  wechatPay: WechatPayClient;
  phoneCrypto: PhoneCrypto;
  /** WeCom customer contact (the WeCom simulator in demos and tests); null when WeCom is not configured. */
  wecom: WecomClient | null;
  /** Aliyun SMS (the SMS simulator in demos and tests); null when SMS is not configured. */
  sms: SmsClient | null;
  /** Background jobs (pg-boss), when started; without them the order sweeper still closes orders. */
  jobs?: JobQueue;
  /** The clock; tests may move it. */
  now: () => Date;
}
