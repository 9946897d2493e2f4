import Router from '@koa/router';
import { z } from 'zod';
import { idParamsSchema, mediaListQuerySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { readUploadedFile } from './multipart';
import { addImage, deleteImage, listImages } from './service';
import { localMediaStorage, MEDIA_FILE_NAME } from './storage';

/** The one route that takes a multipart body: the JSON body parser leaves it alone. */
export const MEDIA_UPLOAD_PATH = '/api/admin/media';

const fileParamsSchema = z.strictObject({ file: z.string().regex(MEDIA_FILE_NAME, 'not a media file name') });

const CONTENT_TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' };

/**
 * The media library: staff upload (catalog:write), list (catalog:read) and delete (catalog:write) under
 * /api/admin/media; everyone reads the files at /media/<name>, immutable (names are content hashes).
 */
export function mediaRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const storage = localMediaStorage(deps.config.media.dir);
  router.post(MEDIA_UPLOAD_PATH, requireStaff(deps, 'catalog:write'), async (ctx) => {
    const file = await readUploadedFile(ctx, deps.config.media.maxBytes);
    ctx.status = 201;
    ctx.body = await addImage(serviceContext(ctx, deps), storage, file);
  });
  router.get('/api/admin/media', requireStaff(deps, 'catalog:read'), async (ctx) => {
    const query = parseInput(mediaListQuerySchema, ctx.query, 'query');
    ctx.body = await listImages(serviceContext(ctx, deps), query);
  });
  router.delete('/api/admin/media/:id', requireStaff(deps, 'catalog:write'), async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    await deleteImage(serviceContext(ctx, deps), storage, id);
    ctx.status = 204;
  });
  router.get('/media/:file', async (ctx) => {
    const { file } = parseInput(fileParamsSchema, ctx.params, 'params');
    const opened = await storage.open(file);
    if (!opened) throw new AppError('MEDIA_NOT_FOUND');
    ctx.type = CONTENT_TYPES[file.slice(file.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.length = opened.size;
    ctx.body = opened.stream;
  });
  return router;
}
