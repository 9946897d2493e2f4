import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { buildDeps } from './bootstrap';
import { ConfigError, loadConfig, type Config } from './config';
import { openDatabase, type Database } from './db/client';
import type { AppMiddleware } from './http/types';
import { startCrmNightly } from './jobs/crm-nightly';
import { startAnalyticsNightly } from './jobs/analytics-nightly';
import { startLiveRuleTags } from './jobs/rule-tags-hourly';
import { runBehaviourMaintenance, startBehaviourMaintenance } from './modules/behaviour';
import { startTagSync } from './modules/wecom-messaging';
import { startOrderSweeper } from './jobs/order-sweeper';
import { startJobQueue } from './jobs/queue';
import { EVENT_CONSUMERS, startEventConsumers } from './modules/events';
import { startJourneyRunner } from './modules/journeys';
import { startMessaging } from './modules/messaging';
import { createLogger, type Logger } from './lib/logger';
import { ensureFrontEndBuilds, type FrontEnd } from './front-end-builds';
import { serveBuild } from './http/static-files';
import { DEMO_PASSWORD, DEMO_STAFF, seedDemo, type SeedResult } from './seed/seed';
import { upgradeDemoPictures } from './seed/upgrade-demo-pictures';
import { upgradeDemoChannels } from './seed/seed-channels';
import { upgradeDemoCrm } from './seed/seed-crm';
import { upgradeDemoJourneys } from './seed/seed-journeys';
import { upgradeDemoExperiments } from './seed/seed-experiments';
import { upgradeDemoBehaviour } from './seed/seed-behaviour';
import { upgradeDemoKpi } from './seed/seed-kpi';
import { upgradeDemoPromotionUsage } from './seed/seed-promotion-usage';
import { startTriggerScanner } from './modules/journey-triggers';
import { WechatPaySimulator } from './wechat/pay';
import { WechatSimulator } from './wechat/simulator';
import { WecomSimulator } from './wecom/simulator';
import { SmsSimulator } from './sms/simulator';
import { WecomRobotSimulator } from './wecom-robot';
import { startDailyReportJob } from './modules/daily-report';
import { startExportWorker } from './modules/exports';
import { ensureDefaultSmsTemplates, findSmsTemplate } from './modules/sms';
import { ensureChannelStatsBuilt } from './modules/channel-report';
import { ensureAnalyticsBuilt } from './modules/analytics';
import { ensureAnalyticsDetailBuilt } from './modules/analytics-detail';
import { ensureMemberFactsBuilt, registerAfterRebuild } from './modules/member-facts';
import { segmentsAfterRebuild } from './modules/segments';
import { backfillPhoneSuffixHashes } from './modules/members';
import { ensureChannelTagsBuilt } from './modules/tags';
import { PhoneCrypto } from './lib/phone-crypto';

const SIMULATOR_PREFIX = '/wechat-sim';
const PAY_SIMULATOR_PREFIX = '/wechat-sim/pay';
const WECOM_SIMULATOR_PREFIX = '/wecom-sim';
const SMS_SIMULATOR_PREFIX = '/sms-sim';
const ROBOT_SIMULATOR_PREFIX = '/wecom-robot-sim';
const SHUTDOWN_GRACE_MS = 10_000;

async function maybeSeed(config: Config, database: Database): Promise<SeedResult> {
  const wantsSeed = config.seedDemo === 'on' || (config.seedDemo === 'auto' && database.driver === 'pglite');
  if (!wantsSeed) return { seeded: false };
  const seeded = await seedDemo(database.db, config.media.dir, config.phoneKey);
  // A demo seeded before the media library: its products get their generated pictures once.
  if (!seeded.seeded) await upgradeDemoPictures(database.db, config.media.dir);
  // A demo seeded before channels (issue 13): its channels and simulated actuals, once.
  if (!seeded.seeded) await upgradeDemoChannels(database.db, config.phoneKey);
  // A demo seeded before customer data (issue 14): its customers, tags and segments, once.
  if (!seeded.seeded) await upgradeDemoCrm(database.db, config.phoneKey);
  // The demo's running journeys (issue 15: welcome, unpaid reminder, win-back), once per database.
  // DEMO_JOURNEYS=off leaves them out (browser suites of other features: no welcome coupon arriving mid-test).
  if (process.env.DEMO_JOURNEYS !== 'off') await upgradeDemoJourneys(database.db);
  // A finished demo campaign with an A/B + holdout experiment, so 实验报告 has numbers (once per database).
  await upgradeDemoExperiments(database.db);
  // Demo orders of the last 30 days that used coupons, the 满减, the live code and a flash sale (checkout + payment), and the
  // demo staff's WeCom customers (促销效果, 员工业绩; issue 16), once per database; before the behaviour events (their journeys).
  await upgradeDemoPromotionUsage(database.db, { config, phoneCrypto: new PhoneCrypto(config.phoneKey) });
  // The last 30 days' behaviour events (visits, views, carts, checkouts of the demo orders; issue 16), once per database.
  await upgradeDemoBehaviour(database.db);
  // This month's KPI targets (月度目标) so the KPI card shows progress, once per month (issue 16).
  await upgradeDemoKpi(database.db);
  return seeded;
}

function landingPage(): AppMiddleware {
  return async (ctx, next) => {
    if (ctx.path !== '/' || ctx.method !== 'GET') return next();
    ctx.type = 'html';
    ctx.body = `<!doctype html><meta charset="utf-8"><title>私域商城 Siyu Commerce</title>
<h1>私域商城 Siyu Commerce</h1><p>API is running. <a href="/api/health">/api/health</a> · <a href="/api/products">/api/products</a></p>`;
  };
}

function printBanner(config: Config, database: Database, baseUrl: string, seed: SeedResult, frontEnds: FrontEnd[], startupMs: number): void {
  const served = (mountPath: string) => frontEnds.some((f) => f.mountPath === mountPath);
  const lines = [
    '',
    '  私域商城 Siyu Commerce is running',
    `  API        ${baseUrl}/api  (health: ${baseUrl}/api/health)`,
    `  Shop       ${served('/') ? `${baseUrl}/` : 'not built'}`,
    `  Admin      ${served('/admin') ? `${baseUrl}/admin/` : 'not built'}`,
    `  Database   ${database.driver === 'pglite' ? `PGlite (embedded) at ${config.database.driver === 'pglite' ? config.database.dataDir : ''}` : 'PostgreSQL server (DATABASE_URL)'}`,
    `  WeChat     ${config.wechat.simulator ? `SIMULATOR at ${baseUrl}${SIMULATOR_PREFIX} (no WeChat credentials configured)` : 'live WeChat API'}`,
    `  SMS        ${config.sms ? (config.sms.simulator ? `SIMULATOR at ${baseUrl}${SMS_SIMULATOR_PREFIX} (no Aliyun SMS credentials configured)` : 'live Aliyun SMS') : 'not configured'}`,
    `  WeChat Pay ${config.pay.simulator ? `SIMULATOR at ${baseUrl}${PAY_SIMULATOR_PREFIX} (payments are simulated)` : `live, merchant ${config.pay.mchid}`}`,
    `  日报 robot  ${config.dailyReportWebhookUrl ? 'WeCom group robot configured (DAILY_REPORT_WEBHOOK_URL)' : `off, 日报 in-app only${config.wechat.simulator ? ` (a simulated robot: ${baseUrl}${ROBOT_SIMULATOR_PREFIX}/cgi-bin/webhook/send?key=${WecomRobotSimulator.keyFor(config.jwtSecret)})` : ''}`}`,
    `  Demo data  ${seed.seeded ? `seeded now: ${seed.categories} categories, ${seed.products} products, ${seed.skus} SKUs` : 'not seeded on this start'}`,
  ];
  if (config.wechat.simulator || seed.seeded) {
    lines.push(`  Staff      DEMO credentials (change before real use): ${DEMO_STAFF.map((s) => s.username).join(' / ')}, password "${DEMO_PASSWORD}"`);
  }
  if (config.generatedSecrets.length)
    lines.push(`  Secrets    generated for this install and kept in ${config.secretsFile}: ${config.generatedSecrets.join(', ')}`);
  lines.push(`  Started in ${startupMs} ms. Ctrl+C stops.`, '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Exits once the last log lines are written (process.exit would drop a buffered line). */
function exitAfterFlush(logger: Logger, code: number): void {
  logger.flush(() => process.exit(code));
}

function installShutdown(server: http.Server, database: Database, logger: Logger, background: { stop(): Promise<void> }[]): void {
  let isStopping = false;
  const stop = (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    // A timer that fires while the pool closes (a simulator's delayed callback, a worker's last tick) may reject
    // once the database is gone: log it rather than crash before the workers and the database are closed.
    process.on('unhandledRejection', (reason: unknown) => logger.warn({ err: reason }, 'rejected while stopping'));
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      Promise.all(background.map((worker) => worker.stop()))
        .then(() => database.close())
        .then(() => {
          logger.info('stopped');
          exitAfterFlush(logger, 0);
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'error while stopping');
          exitAfterFlush(logger, 1);
        });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config.database);
  await database.migrate();
  // Behaviour events' monthly partitions (last month … next 2) are made and those past retention dropped; daily after.
  await runBehaviourMaintenance({ db: database.db, now: () => new Date(), logger });
  const seed = await maybeSeed(config, database);
  // Orders and members from before the outbox emitted no events: the channel roll-up is built once from the tables.
  await ensureChannelStatsBuilt(database.db);
  // Likewise the dashboards' core roll-up (analytics-core), after the demo seed; kept by its consumer and checked nightly.
  await ensureAnalyticsBuilt(database.db);
  await ensureAnalyticsDetailBuilt(database.db);
  // Likewise member facts (RFM, lifecycle): built once for everyone, then kept by the member-facts consumer and the nightly rebuild.
  // Rule tags and the segments' daily sizes follow every full rebuild (nightly, settings, manual).
  registerAfterRebuild(segmentsAfterRebuild);
  await ensureMemberFactsBuilt(database.db);
  // Phones stored before the partial search get their suffix hash (idempotent: only missing ones are written).
  await backfillPhoneSuffixHashes(database.db, new PhoneCrypto(config.phoneKey));
  // Members attributed before the channel-tags consumer get their channel tag (once per database; later starts rename the tags of renamed channels).
  await ensureChannelTagsBuilt(database.db);
  const frontEnds = ensureFrontEndBuilds(logger);

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  const loopback = `http://127.0.0.1:${port}`;
  // The simulators keep their state and keys in the database: several processes on one database are one WeChat.
  // Mini-program codes and URL Links of the simulator open the H5 shop this server serves (PUBLIC_URL when set).
  const shopBase = process.env.PUBLIC_URL?.replace(/\/$/, '') || baseUrl;
  const simulator = config.wechat.simulator
    ? new WechatSimulator({ appid: config.wechat.appid, secret: config.wechat.secret, db: database.db, shopBase })
    : null;
  const paySimulator = config.pay.simulator
    ? await WechatPaySimulator.open({ mchid: config.pay.mchid, appid: config.wechat.appid, db: database.db, refundSettleDelayMs: 2000 })
    : null;
  // WeCom's simulator posts its callbacks to this server, like WeCom would to the configured URL.
  const wecomSimulator = config.wecom?.simulator
    ? new WecomSimulator({ ...config.wecom, callbackUrl: `${loopback}/api/wecom/callback`, db: database.db })
    : null;
  // The SMS simulator pushes receipts and replies here; it knows the shop's approved templates (the demo's console).
  await ensureDefaultSmsTemplates(database.db);
  const smsCallback = (kind: string) => `${loopback}/api/sms/aliyun/${kind}?token=${encodeURIComponent(config.sms?.callbackToken ?? '')}`;
  const smsSimulator = config.sms?.simulator
    ? new SmsSimulator({
        ...config.sms,
        db: database.db,
        reportUrl: smsCallback('report'),
        uplinkUrl: smsCallback('uplink'),
        lookupTemplate: async (code) => {
          const found = await findSmsTemplate(database.db, code);
          return found?.status === 'approved' ? found : null;
        },
      })
    : null;
  const deps = buildDeps(config, database, logger, {
    ...(smsSimulator ? { smsBaseUrl: `${loopback}${SMS_SIMULATOR_PREFIX}` } : {}),
    ...(wecomSimulator ? { wecomBaseUrl: `${loopback}${WECOM_SIMULATOR_PREFIX}` } : {}),
    wechatBaseUrl: simulator ? `${loopback}${SIMULATOR_PREFIX}` : config.wechat.apiBase,
    payNotifyBaseUrl: config.pay.simulator ? loopback : config.pay.notifyBaseUrl,
    ...(paySimulator ? { paySimulator: { simulator: paySimulator, baseUrl: `${loopback}${PAY_SIMULATOR_PREFIX}` } } : {}),
  });
  const beforeBody = [
    ...(simulator ? [simulator.router(SIMULATOR_PREFIX).routes() as unknown as AppMiddleware] : []),
    ...(paySimulator ? [paySimulator.router(PAY_SIMULATOR_PREFIX).routes() as unknown as AppMiddleware] : []),
    ...(wecomSimulator ? [wecomSimulator.router(WECOM_SIMULATOR_PREFIX).routes() as unknown as AppMiddleware] : []),
    ...(smsSimulator ? [smsSimulator.router(SMS_SIMULATOR_PREFIX).routes() as unknown as AppMiddleware] : []),
    // The 日报's WeCom group robot, simulated in demos (point DAILY_REPORT_WEBHOOK_URL at it; the banner shows its URL).
    ...(config.wechat.simulator
      ? [new WecomRobotSimulator({ key: WecomRobotSimulator.keyFor(config.jwtSecret) }).router(ROBOT_SIMULATOR_PREFIX).routes() as unknown as AppMiddleware]
      : []),
  ];
  const statics = frontEnds.map((frontEnd) => serveBuild(frontEnd.mountPath, frontEnd.outDir));
  const app = createApp(deps, { beforeBody, extra: [...statics, landingPage()] });
  server.on('request', app.callback());
  deps.jobs = await startJobQueue(deps, database);
  installShutdown(server, database, logger, [
    deps.jobs,
    startOrderSweeper(deps),
    startEventConsumers(deps, EVENT_CONSUMERS),
    startTriggerScanner(deps),
    startJourneyRunner(deps),
    startMessaging(deps),
    startCrmNightly(deps),
    startLiveRuleTags(deps),
    startAnalyticsNightly(deps),
    startBehaviourMaintenance(deps),
    startTagSync(deps),
    startDailyReportJob(deps),
    startExportWorker(deps),
  ]);
  printBanner(config, database, baseUrl, seed, frontEnds, Date.now() - startedAt);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
