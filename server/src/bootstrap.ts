import type { Config } from './config';
import type { Database } from './db/client';
import type { AppDeps } from './deps';
import type { Logger } from './lib/logger';
import { PhoneCrypto } from './lib/phone-crypto';
import { WechatClient } from './wechat/client';

/** Wires the dependencies of the app from config and an open database. */
export function buildDeps(
  config: Config,
  database: Database,
  logger: Logger,
  options: { wechatBaseUrl: string; now?: () => Date },
): AppDeps {
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
    now,
  };
}
