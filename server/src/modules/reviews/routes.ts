import Router from '@koa/router';
import { adminReviewsQuerySchema, idParamsSchema, reviewBodySchema, reviewRejectBodySchema, reviewsQuerySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { memberIdOf, requireMember, requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { addImage, localMediaStorage, readUploadedFile } from '../media';
import { listLinesToReview, listMyReviews, submitReview } from './member-service';
import { approveReview, listAdminReviews, rejectReview } from './moderation';
import { listProductReviews, productReviewSummary } from './product-service';

/** The member's photo upload (multipart, field `file`): the JSON body parser leaves this path alone. */
export const REVIEW_IMAGE_UPLOAD_PATH = '/api/me/review-images';

/** A review photo: at most 5 MB (a phone picture after the client's compression is far less). */
const REVIEW_IMAGE_MAX_BYTES = 5 * 1024 * 1024;

/** The shop: a product's approved reviews (guests too); the member's own reviews, lines to review, submitting. */
export function reviewRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api' });
  router.get('/products/:id/reviews', async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const query = parseInput(reviewsQuerySchema, ctx.query, 'query');
    ctx.body = await listProductReviews(serviceContext(ctx, deps), id, query);
  });
  router.get('/products/:id/reviews/summary', async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await productReviewSummary(serviceContext(ctx, deps), id);
  });
  router.get('/me/reviews', requireMember(deps), async (ctx) => {
    const query = parseInput(reviewsQuerySchema, ctx.query, 'query');
    ctx.body = await listMyReviews(serviceContext(ctx, deps), memberIdOf(ctx), query);
  });
  router.get('/me/reviews/to-write', requireMember(deps), async (ctx) => {
    ctx.body = await listLinesToReview(serviceContext(ctx, deps), memberIdOf(ctx));
  });
  // Photos go to the media library (type checked by content, variants made once); the review keeps their URLs.
  router.post('/me/review-images', requireMember(deps), async (ctx) => {
    const file = await readUploadedFile(ctx, Math.min(REVIEW_IMAGE_MAX_BYTES, deps.config.media.maxBytes));
    const item = await addImage(serviceContext(ctx, deps), localMediaStorage(deps.config.media.dir), file);
    ctx.status = 201;
    ctx.body = { url: item.url, thumbUrl: item.thumbUrl, width: item.width, height: item.height };
  });
  router.post('/me/reviews', requireMember(deps), async (ctx) => {
    const body = parseInput(reviewBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await submitReview(serviceContext(ctx, deps), memberIdOf(ctx), body);
  });
  return router;
}

/** Staff moderation: the queue (catalog:read), approve and reject (reviews:moderate, audited). */
export function adminReviewRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/reviews' });
  router.get('/', requireStaff(deps, 'catalog:read'), async (ctx) => {
    const query = parseInput(adminReviewsQuerySchema, ctx.query, 'query');
    ctx.body = await listAdminReviews(serviceContext(ctx, deps), query);
  });
  router.post('/:id/approve', requireStaff(deps, 'reviews:moderate'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    ctx.body = await approveReview(serviceContext(ctx, deps), id);
  });
  router.post('/:id/reject', requireStaff(deps, 'reviews:moderate'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(reviewRejectBodySchema, ctx.request.body, 'body');
    ctx.body = await rejectReview(serviceContext(ctx, deps), id, body.reason);
  });
  return router;
}
