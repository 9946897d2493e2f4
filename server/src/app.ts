import cors from '@koa/cors';
import Koa from 'koa';
import type { AppDeps } from './deps';
import { jsonBodyParser } from './http/body-parser';
import { errorHandler } from './http/error-handler';
import { requestContext } from './http/request-context';
import type { AppMiddleware, AppRouter, AppState } from './http/types';
import { addressRoutes } from './modules/addresses';
import { adminHomeRoutes } from './modules/admin-home';
import { adminOrderRoutes } from './modules/admin-orders';
import { auditRoutes } from './modules/audit';
import { authRoutes } from './modules/auth';
import { cartRoutes } from './modules/cart';
import { catalogRoutes } from './modules/catalog';
import { catalogIoRoutes } from './modules/catalog-io';
import { channelReportRoutes } from './modules/channel-report';
import { reportRoutes } from './modules/reports';
import { reportDetailRoutes } from './modules/reports-detail';
import { adminChannelRoutes } from './modules/channels';
import { adminCouponRoutes, couponRoutes } from './modules/coupons';
import { adminEntryCodeRoutes, SMS_LINKS_BODY_LIMIT, SMS_LINKS_PATH } from './modules/entry-codes';
import { adminFlashSaleRoutes, flashSaleRoutes } from './modules/flash-sales';
import { healthRoutes } from './modules/health/routes';
import { adminLiveSessionRoutes, liveSessionRoutes } from './modules/live-sessions';
import { MEDIA_UPLOAD_PATH, mediaRoutes } from './modules/media';
import { membersRoutes, profileRoutes } from './modules/members';
import { member360Routes } from './modules/member-360';
import { adminMembershipRoutes, membershipRoutes } from './modules/membership';
import { orderRewardRoutes, orderRoutes } from './modules/orders';
import { favoriteRoutes } from './modules/favorites';
import { hotWordRoutes } from './modules/hot-words';
import { paymentRoutes } from './modules/payments';
import { adminPointsRoutes, pointsRoutes } from './modules/points';
import { adminPointsMallRoutes, pointsMallRoutes } from './modules/points-mall';
import { promotionAdminRoutes } from './modules/promotions';
import { adminReachImportRoutes, REACH_IMPORT_BODY_LIMIT, REACH_IMPORT_PATH } from './modules/reach-imports';
import { adminRefundRoutes, refundRoutes } from './modules/refunds';
import { adminReviewRoutes, REVIEW_IMAGE_UPLOAD_PATH, reviewRoutes } from './modules/reviews';
import { adminShippingRoutes } from './modules/shipping';
import { staffRoutes } from './modules/staff';
import { adminStorePromotionRoutes } from './modules/store-promotions';
import { adminWecomRoutes, wecomCallbackRoutes } from './modules/wecom';
import { channelSettingsRoutes, touchRoutes } from './modules/touches';
import { adminTagRoutes, TAG_IMPORT_BODY_LIMIT, TAG_IMPORT_PATH, tagImportBodyParser } from './modules/tags';
import { adminSegmentRoutes } from './modules/segments';
import { adminCampaignRoutes } from './modules/campaigns';
import { adminExperimentRoutes } from './modules/experiments/routes';
import { adminMarketingCalendarRoutes } from './modules/marketing-calendar/routes';
import { journeyTemplateRoutes } from './modules/journey-templates';
import { adminJourneyRoutes } from './modules/journeys';
import { behaviourRoutes } from './modules/behaviour';
import { adminCrmRoutes } from './modules/member-facts';
import { adminSmsRoutes, smsCallbackRoutes } from './modules/sms';
import { staffTaskRoutes } from './modules/staff-tasks';
import { wecomMessagingRoutes } from './modules/wecom-messaging';
import { adminMessagingRoutes, memberMessagingRoutes } from './modules/messaging';
import { adminSubscribeTemplateRoutes, subscriptionRoutes } from './modules/subscriptions';
import { staffMessageRoutes } from './modules/staff-messages';
import { dailyReportRoutes } from './modules/daily-report';
import { exportRoutes } from './modules/exports';
import { dashboardRoutes } from './modules/dashboard';

/** Every router of the API, in one place. */
function apiRouters(deps: AppDeps): AppRouter[] {
  return [
    healthRoutes(deps),
    authRoutes(deps),
    membersRoutes(deps),
    member360Routes(deps),
    profileRoutes(deps),
    favoriteRoutes(deps),
    hotWordRoutes(deps),
    addressRoutes(deps),
    staffRoutes(deps),
    auditRoutes(deps),
    catalogRoutes(deps),
    catalogIoRoutes(deps),
    cartRoutes(deps),
    orderRoutes(deps),
    orderRewardRoutes(deps),
    paymentRoutes(deps),
    adminHomeRoutes(deps),
    adminOrderRoutes(deps),
    refundRoutes(deps),
    adminRefundRoutes(deps),
    promotionAdminRoutes(deps),
    liveSessionRoutes(deps),
    adminLiveSessionRoutes(deps),
    flashSaleRoutes(deps),
    adminFlashSaleRoutes(deps),
    adminStorePromotionRoutes(deps),
    adminShippingRoutes(deps),
    couponRoutes(deps),
    adminCouponRoutes(deps),
    membershipRoutes(deps),
    adminMembershipRoutes(deps),
    pointsMallRoutes(deps),
    adminPointsMallRoutes(deps),
    pointsRoutes(deps),
    adminPointsRoutes(deps),
    reviewRoutes(deps),
    adminReviewRoutes(deps),
    mediaRoutes(deps),
    adminWecomRoutes(deps),
    wecomMessagingRoutes(deps),
    staffTaskRoutes(deps),
    adminEntryCodeRoutes(deps),
    // Before the channels router: its '/api/admin/channels/:id' would take 'report' for an id.
    channelReportRoutes(deps),
    reportRoutes(deps),
    reportDetailRoutes(deps),
    adminChannelRoutes(deps),
    adminReachImportRoutes(deps),
    touchRoutes(deps),
    channelSettingsRoutes(deps),
    adminTagRoutes(deps),
    adminSegmentRoutes(deps),
    // Before the journeys router: its '/api/admin/journeys/:id' would take 'templates' for an id.
    journeyTemplateRoutes(deps),
    adminCampaignRoutes(deps),
    adminExperimentRoutes(deps),
    adminMarketingCalendarRoutes(deps),
    adminJourneyRoutes(deps),
    behaviourRoutes(deps),
    adminCrmRoutes(deps),
    adminSmsRoutes(deps),
    smsCallbackRoutes(deps),
    memberMessagingRoutes(deps),
    adminMessagingRoutes(deps),
    subscriptionRoutes(deps),
    adminSubscribeTemplateRoutes(deps),
    staffMessageRoutes(deps),
    dailyReportRoutes(deps),
    exportRoutes(deps),
    dashboardRoutes(deps),
  ];
}

/** Routers that read their own request bodies (WeCom's XML callback): mounted before the JSON body parser. */
function rawBodyRouters(deps: AppDeps): AppRouter[] {
  return [wecomCallbackRoutes(deps)];
}

/** One registered API route: what the route-walking fuzz test visits. */
export interface ApiRoute {
  method: string;
  /** The router path with its `:param` placeholders, e.g. `/api/orders/:id/cancel`. */
  path: string;
  paramNames: string[];
}

/** Every method + path the API routers answer (HEAD, implied by GET, is left out). */
export function listApiRoutes(deps: AppDeps): ApiRoute[] {
  return [...rawBodyRouters(deps), ...apiRouters(deps)].flatMap((router) =>
    router.stack.flatMap((layer) =>
      layer.methods
        .filter((method) => method !== 'HEAD')
        .map((method) => ({ method, path: String(layer.path), paramNames: layer.paramNames.map((param) => String(param.name)) })),
    ),
  );
}

export interface AppOptions {
  /** Middleware that reads its own request bodies (the mounted WeChat simulator). */
  beforeBody?: AppMiddleware[];
  /** Middleware mounted after the API (static shop and admin builds, the WeChat simulator). */
  extra?: AppMiddleware[];
}

/** Builds the Koa application; `app.callback()` is what supertest and the HTTP server use. */
export function createApp(deps: AppDeps, options: AppOptions = {}): Koa<AppState> {
  // Koa's own X-Forwarded-* reading stays off: requestContext sets ctx.ip once, per TRUST_PROXY.
  const app = new Koa<AppState>({ proxy: false });
  app.silent = true; // the error handler logs; Koa's default stderr printing would duplicate it
  const allowedOrigins = new Set(deps.config.corsOrigins);
  app.use(requestContext(deps.logger, deps.config.trustProxy));
  app.use(errorHandler());
  app.use(
    cors({
      origin: (ctx) => (allowedOrigins.has(ctx.get('origin')) ? ctx.get('origin') : ''),
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      exposeHeaders: ['X-Request-Id'],
      maxAge: 600,
    }),
  );
  for (const middleware of options.beforeBody ?? []) app.use(middleware);
  for (const router of rawBodyRouters(deps)) {
    app.use(router.routes());
    app.use(router.allowedMethods({ throw: true }));
  }
  const bodyParser = jsonBodyParser(deps.config.bodyLimitBytes, [MEDIA_UPLOAD_PATH, REVIEW_IMAGE_UPLOAD_PATH]);
  // Reach imports carry a vendor's CSV (up to 5 MB) in their JSON body.
  const importBodyParser = jsonBodyParser(Math.max(deps.config.bodyLimitBytes, REACH_IMPORT_BODY_LIMIT));
  // SMS link campaigns carry up to 100,000 phones in their JSON body.
  const smsLinksBodyParser = jsonBodyParser(Math.max(deps.config.bodyLimitBytes, SMS_LINKS_BODY_LIMIT));
  // Tag imports carry up to 100,000 phones or member ids as text/csv.
  const tagImportParser = tagImportBodyParser(Math.max(deps.config.bodyLimitBytes, TAG_IMPORT_BODY_LIMIT));
  app.use((ctx, next) => {
    if (REACH_IMPORT_PATH.test(ctx.path)) return importBodyParser(ctx, next);
    if (TAG_IMPORT_PATH.test(ctx.path)) return tagImportParser(ctx, next);
    return SMS_LINKS_PATH.test(ctx.path) ? smsLinksBodyParser(ctx, next) : bodyParser(ctx, next);
  });
  for (const router of apiRouters(deps)) {
    app.use(router.routes());
    app.use(router.allowedMethods({ throw: true }));
  }
  for (const middleware of options.extra ?? []) app.use(middleware);
  return app;
}
