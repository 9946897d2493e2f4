import Router from '@koa/router';
import { idParamsSchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { applyPaymentAndSettle, startPayment } from '../../flows/payment';
import { applyRefundResult } from '../../flows/refund';
import { memberIdOf, requireMember } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { WechatPayNotificationError } from '../../wechat/pay';

/** WeChat Pay's failure answer: 4xx with {"code":"FAIL","message":…} (WeChat retries). */
function refuse(ctx: AppContext, status: number, message: string): void {
  ctx.status = status;
  ctx.body = { code: 'FAIL', message };
}

/** Member payment start, and WeChat Pay's payment and refund notification callbacks (signature-verified, no JWT). */
export function paymentRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  router.post('/api/orders/:id/pay', requireMember(deps), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await startPayment(serviceContext(ctx, deps), deps, memberIdOf(ctx), id);
  });

  router.post('/api/wechat/pay/notify', async (ctx) => {
    let notification;
    try {
      notification = deps.wechatPay.verifyAndDecryptNotification({ headers: ctx.headers, rawBody: ctx.state.rawBody ?? '' });
    } catch (error) {
      if (!(error instanceof WechatPayNotificationError)) throw error;
      ctx.state.log.warn({ reason: error.reason }, 'wechat pay notification refused');
      refuse(ctx, error.httpStatus, error.reason);
      return;
    }
    if (notification.kind !== 'transaction') {
      refuse(ctx, 400, 'not a payment notification');
      return;
    }
    try {
      const outcome = await applyPaymentAndSettle(serviceContext(ctx, deps), deps, notification.transaction);
      ctx.state.log.info({ outTradeNo: notification.transaction.outTradeNo, outcome }, 'wechat pay notification applied');
      ctx.status = 204;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      ctx.state.log.error(
        { outTradeNo: notification.transaction.outTradeNo, code: error.code, details: error.details },
        'wechat pay notification does not match its order',
      );
      refuse(ctx, 400, error.code);
    }
  });

  router.post('/api/wechat/pay/refund-notify', async (ctx) => {
    let notification;
    try {
      notification = deps.wechatPay.verifyAndDecryptNotification({ headers: ctx.headers, rawBody: ctx.state.rawBody ?? '' });
    } catch (error) {
      if (!(error instanceof WechatPayNotificationError)) throw error;
      ctx.state.log.warn({ reason: error.reason }, 'wechat pay refund notification refused');
      refuse(ctx, error.httpStatus, error.reason);
      return;
    }
    if (notification.kind !== 'refund') {
      refuse(ctx, 400, 'not a refund notification');
      return;
    }
    try {
      const outcome = await applyRefundResult(serviceContext(ctx, deps), notification.refund);
      ctx.state.log.info({ outRefundNo: notification.refund.outRefundNo, outcome }, 'wechat pay refund notification applied');
      ctx.status = 204;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      ctx.state.log.error(
        { outRefundNo: notification.refund.outRefundNo, code: error.code, details: error.details },
        'wechat pay refund notification does not match its refund',
      );
      refuse(ctx, 400, error.code);
    }
  });
  return router;
}
