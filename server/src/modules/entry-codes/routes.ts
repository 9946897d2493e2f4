import Router from '@koa/router';
import { channelCodeParamsSchema, codeBatchParamsSchema, idParamsSchema, smsLinkCreateBodySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { batchZip, codeImage, prepareBatch } from './images';
import { batchSheet } from './sheet';
import { createSmsLinks } from './sms-links';

/** The SMS-link route: its JSON body holds up to 100,000 phones (~1.6 MB), above the default body limit. */
export const SMS_LINKS_PATH = /^\/api\/admin\/channels\/[^/]+\/sms-links$/;
export const SMS_LINKS_BODY_LIMIT = 4 * 1024 * 1024;

/**
 * What staff hand to printers and SMS providers for entry codes: a code's mini-program code (PNG), a batch as a
 * ZIP of PNGs or a printable A4 sheet (channels:read), and SMS URL Links with per-recipient tokens as CSV
 * (channels:write, audited).
 */
export function adminEntryCodeRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const canRead = requireStaff(deps, 'channels:read');
  const canWrite = requireStaff(deps, 'channels:write');
  router.get('/api/admin/channel-codes/:codeId/qrcode.png', canRead, async (ctx) => {
    const { codeId } = parseInput(channelCodeParamsSchema, ctx.params, 'params');
    const image = await codeImage(serviceContext(ctx, deps), deps.wechat, codeId);
    ctx.type = 'image/png';
    ctx.set('Content-Disposition', `inline; filename="${image.fileName}"`);
    ctx.set('Cache-Control', 'private, max-age=86400');
    ctx.body = image.png;
  });
  router.get('/api/admin/code-batches/:batchId/qrcodes.zip', canRead, async (ctx) => {
    const { batchId } = parseInput(codeBatchParamsSchema, ctx.params, 'params');
    const sc = serviceContext(ctx, deps);
    await prepareBatch(sc, deps.wechat, batchId);
    ctx.type = 'application/zip';
    ctx.set('Content-Disposition', `attachment; filename="code-batch-${batchId}.zip"`);
    ctx.body = batchZip(sc, batchId);
  });
  router.get('/api/admin/code-batches/:batchId/sheet.html', canRead, async (ctx) => {
    const { batchId } = parseInput(codeBatchParamsSchema, ctx.params, 'params');
    const sc = serviceContext(ctx, deps);
    const { batch, channelName } = await prepareBatch(sc, deps.wechat, batchId);
    ctx.type = 'text/html; charset=utf-8';
    // Only inline styles and data-URL images: nothing on the sheet runs or loads from elsewhere.
    ctx.set('Content-Security-Policy', "default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    ctx.body = batchSheet(sc, batch, channelName);
  });
  router.post('/api/admin/channels/:id/sms-links', canWrite, async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(smsLinkCreateBodySchema, ctx.request.body, 'body');
    const campaign = await createSmsLinks(serviceContext(ctx, deps), deps, id, body);
    ctx.status = 201;
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', `attachment; filename="sms-links-${campaign.smsLinkId}.csv"`);
    ctx.set('X-Sms-Link-Id', String(campaign.smsLinkId));
    ctx.set('X-Url-Link', campaign.urlLink);
    ctx.set('X-Url-Link-Expires-At', campaign.expiresAt.toISOString());
    ctx.body = campaign.csv;
  });
  return router;
}
