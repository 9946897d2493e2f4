import Router from '@koa/router';
import {
  channelCodeBatchBodySchema,
  channelCodeCreateBodySchema,
  channelCodeListQuerySchema,
  channelCreateBodySchema,
  channelListQuerySchema,
  channelPatchBodySchema,
  channelReachBodySchema,
  idParamSchema,
} from '@siyu/shared';
import { z } from 'zod';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { createChannelCode, createCodeBatch, listChannelCodes, listCodeBatches, retireChannelCode } from './codes-service';
import { addManualReach } from './reach-service';
import { archiveChannel, createChannel, getChannel, listChannels, updateChannel } from './service';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;
const channelIdOf = (ctx: AppContext): number => parseInput(z.strictObject({ id: idParamSchema }), ctx.params, 'params').id;
const codeIdOf = (ctx: AppContext): number => parseInput(z.strictObject({ codeId: idParamSchema }), ctx.params, 'params').codeId;

/**
 * Channels (引流渠道), their entry codes and manual reach, for staff: read with channels:read, write with
 * channels:write; every write is audited. `/api/admin/channels/:id` answers numeric ids only, so the
 * report routes beside it (`/api/admin/channels/report`) are left to their own router.
 */
export function adminChannelRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const canRead = requireStaff(deps, 'channels:read');
  const canWrite = requireStaff(deps, 'channels:write');

  router.get('/api/admin/channels', canRead, async (ctx) => {
    const query = parseInput(channelListQuerySchema, ctx.query, 'query');
    ctx.body = { items: await listChannels(serviceContext(ctx, deps), query) };
  });
  router.post('/api/admin/channels', canWrite, async (ctx) => {
    const body = parseInput(channelCreateBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createChannel(serviceContext(ctx, deps), body);
  });
  router.get('/api/admin/channels/:id', async (ctx, next) => {
    if (!/^\d+$/.test(ctx.params.id ?? '')) return next();
    await canRead(ctx, async () => {
      ctx.body = await getChannel(serviceContext(ctx, deps), channelIdOf(ctx));
    });
  });
  router.patch('/api/admin/channels/:id', canWrite, async (ctx) => {
    const id = channelIdOf(ctx);
    const body = parseInput(channelPatchBodySchema, ctx.request.body, 'body');
    ctx.body = await updateChannel(serviceContext(ctx, deps), id, body);
  });
  router.post('/api/admin/channels/:id/archive', canWrite, async (ctx) => {
    ctx.body = await archiveChannel(serviceContext(ctx, deps), channelIdOf(ctx));
  });

  router.get('/api/admin/channels/:id/codes', canRead, async (ctx) => {
    const id = channelIdOf(ctx);
    const query = parseInput(channelCodeListQuerySchema, ctx.query, 'query');
    ctx.body = await listChannelCodes(serviceContext(ctx, deps), id, query);
  });
  router.post('/api/admin/channels/:id/codes', canWrite, async (ctx) => {
    const id = channelIdOf(ctx);
    const body = parseInput(channelCodeCreateBodySchema, ctx.request.body ?? {}, 'body');
    ctx.status = 201;
    ctx.body = await createChannelCode(serviceContext(ctx, deps), id, body);
  });
  router.get('/api/admin/channels/:id/code-batches', canRead, async (ctx) => {
    ctx.body = { items: await listCodeBatches(serviceContext(ctx, deps), channelIdOf(ctx)) };
  });
  router.post('/api/admin/channels/:id/code-batches', canWrite, async (ctx) => {
    const id = channelIdOf(ctx);
    const body = parseInput(channelCodeBatchBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createCodeBatch(serviceContext(ctx, deps), id, body);
  });
  router.post('/api/admin/channel-codes/:codeId/retire', canWrite, async (ctx) => {
    ctx.body = await retireChannelCode(serviceContext(ctx, deps), codeIdOf(ctx));
  });

  router.post('/api/admin/channels/:id/reach', canWrite, async (ctx) => {
    const id = channelIdOf(ctx);
    const body = parseInput(channelReachBodySchema, ctx.request.body, 'body');
    const key = ctx.get('idempotency-key');
    if (!IDEMPOTENCY_KEY.test(key)) throw new AppError('IDEMPOTENCY_KEY_REQUIRED', undefined, { header: 'Idempotency-Key', pattern: IDEMPOTENCY_KEY.source });
    const result = await addManualReach(serviceContext(ctx, deps), id, key, body);
    ctx.status = result.isReplay ? 200 : 201;
    ctx.body = result.reach;
  });
  return router;
}
