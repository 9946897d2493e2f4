import Router from '@koa/router';
import {
  couponCodesBodySchema,
  couponIssueBodySchema,
  couponPreviewBodySchema,
  couponRedeemBodySchema,
  couponTemplateBodySchema,
  couponTemplatePatchSchema,
  idParamsSchema,
  memberCouponListQuerySchema,
} from '@siyu/shared';
import { z } from 'zod';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { memberIdOf, optionalMember, requireMember, requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { generateCodes, redeemCode } from './codes';
import { issueCoupons } from './issue';
import { claimCoupon, limitClaimAttempts, listCouponCenter, listMemberCoupons } from './member-service';
import { previewCoupon } from './preview';
import { templateReport } from './report';
import { createTemplate, getTemplate, listTemplates, patchTemplate, stopTemplate } from './template-service';

const templateParamsSchema = z.strictObject({ templateId: idParamsSchema.shape.id });

/**
 * Member coupons: the coupon center (guests see it too, with canClaim false), claiming, the member's
 * own coupons and redeeming a code.
 */
export function couponRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api' });
  router.get('/coupons/center', optionalMember(deps), async (ctx) => {
    ctx.body = await listCouponCenter(serviceContext(ctx, deps));
  });
  router.post('/coupons/center/:templateId/claim', requireMember(deps), async (ctx) => {
    const { templateId } = parseInput(templateParamsSchema, ctx.params, 'params');
    const sc = serviceContext(ctx, deps);
    await limitClaimAttempts(sc, memberIdOf(ctx));
    ctx.status = 201;
    ctx.body = await claimCoupon(sc, memberIdOf(ctx), templateId);
  });
  router.post('/coupons/redeem', requireMember(deps), async (ctx) => {
    const body = parseInput(couponRedeemBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await redeemCode(serviceContext(ctx, deps), memberIdOf(ctx), body.code);
  });
  router.get('/me/coupons', requireMember(deps), async (ctx) => {
    const query = parseInput(memberCouponListQuerySchema, ctx.query, 'query');
    ctx.body = await listMemberCoupons(serviceContext(ctx, deps), memberIdOf(ctx), query.status);
  });
  return router;
}

/** Coupon templates for staff: /api/admin/coupon-templates (read, write, issue permissions). */
export function adminCouponRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/coupon-templates' });
  router.get('/', requireStaff(deps, 'promotions:read'), async (ctx) => {
    ctx.body = await listTemplates(serviceContext(ctx, deps));
  });
  router.post('/', requireStaff(deps, 'promotions:write'), async (ctx) => {
    const body = parseInput(couponTemplateBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createTemplate(serviceContext(ctx, deps), deps.config.commerce.shippingFeeFen, body);
  });
  router.post('/preview', requireStaff(deps, 'promotions:read'), async (ctx) => {
    const body = parseInput(couponPreviewBodySchema, ctx.request.body, 'body');
    ctx.body = await previewCoupon(serviceContext(ctx, deps), deps.config.commerce, body);
  });
  router.get('/:id', requireStaff(deps, 'promotions:read'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await getTemplate(serviceContext(ctx, deps), id);
  });
  router.patch('/:id', requireStaff(deps, 'promotions:write'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(couponTemplatePatchSchema, ctx.request.body, 'body');
    ctx.body = await patchTemplate(serviceContext(ctx, deps), id, body);
  });
  router.post('/:id/stop', requireStaff(deps, 'promotions:write'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await stopTemplate(serviceContext(ctx, deps), id);
  });
  router.post('/:id/issue', requireStaff(deps, 'coupons:issue'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(couponIssueBodySchema, ctx.request.body, 'body');
    ctx.body = await issueCoupons(serviceContext(ctx, deps), id, body);
  });
  router.post('/:id/codes', requireStaff(deps, 'promotions:write'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(couponCodesBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await generateCodes(serviceContext(ctx, deps), id, body);
  });
  router.get('/:id/report', requireStaff(deps, 'promotions:read'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await templateReport(serviceContext(ctx, deps), id);
  });
  return router;
}
