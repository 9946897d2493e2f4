import Router from '@koa/router';
import { idParamsSchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { createSmsTemplate, listSmsTemplates, smsTemplateBodySchema, smsTemplatePatchSchema, updateSmsTemplate } from './templates';
import { applySmsReports, applySmsUplinks, callbackTokenMatches } from './webhooks';

/** SMS templates (read: journeys:read; write: journeys:write, audited). */
export function adminSmsRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const canRead = requireStaff(deps, 'journeys:read');
  const canWrite = requireStaff(deps, 'journeys:write');
  router.get('/api/admin/messaging/sms-templates', canRead, async (ctx) => {
    ctx.body = { items: await listSmsTemplates(serviceContext(ctx, deps)) };
  });
  router.post('/api/admin/messaging/sms-templates', canWrite, async (ctx) => {
    const body = parseInput(smsTemplateBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createSmsTemplate(serviceContext(ctx, deps), body);
  });
  router.patch('/api/admin/messaging/sms-templates/:id', canWrite, async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(smsTemplatePatchSchema, ctx.request.body, 'body');
    ctx.body = await updateSmsTemplate(serviceContext(ctx, deps), id, body);
  });
  return router;
}

/** The provider's pushes; the callback URL carries `?token=<ALIYUN_SMS_CALLBACK_TOKEN>` (Aliyun signs nothing). */
export function smsCallbackRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const authenticate = (ctx: AppContext): unknown[] => {
    const config = deps.config.sms;
    if (!config || !deps.sms) throw new AppError('SERVICE_UNAVAILABLE');
    if (!callbackTokenMatches(ctx.query.token, config.callbackToken)) throw new AppError('SMS_CALLBACK_UNAUTHORIZED');
    const body: unknown = ctx.request.body;
    if (!Array.isArray(body) || body.length > 1000) throw new AppError('VALIDATION_FAILED', '回执须为 JSON 数组（最多 1000 条）');
    return body;
  };
  // Aliyun's expected answer: {code: 0, msg}; anything else makes it push again.
  router.post('/api/sms/aliyun/report', async (ctx) => {
    const body = authenticate(ctx);
    await applySmsReports(deps.db, deps.sms?.parseReport(body) ?? [], deps.now());
    ctx.body = { code: 0, msg: '接收成功' };
  });
  router.post('/api/sms/aliyun/uplink', async (ctx) => {
    const body = authenticate(ctx);
    await applySmsUplinks(deps.db, deps.phoneCrypto, deps.sms?.parseUplink(body) ?? [], deps.now());
    ctx.body = { code: 0, msg: '接收成功' };
  });
  return router;
}
