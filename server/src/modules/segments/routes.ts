import Router from '@koa/router';
import {
  idParamSchema,
  segmentBodySchema,
  segmentMembersBodySchema,
  segmentMembersQuerySchema,
  segmentPatchBodySchema,
  segmentPreviewBodySchema,
  segmentSnapshotBodySchema,
} from '@siyu/shared';
import { z } from 'zod';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import {
  archiveSegment,
  createSegment,
  createSnapshot,
  getSegment,
  listSegments,
  listSnapshots,
  previewSegment,
  savedSegmentMembers,
  segmentCsv,
  segmentHistory,
  segmentMembersPage,
  snapshotCsv,
  updateSegment,
} from './service';
import { segmentDefinitionError, segmentIssuesOf, validateSegmentReferences } from './validate';

const idOf = (ctx: AppContext): number => parseInput(z.strictObject({ id: idParamSchema }), ctx.params, 'params').id;

/**
 * A body holding a `definition`: problems inside the definition alone are 400 SEGMENT_DEFINITION_INVALID
 * with details [{ path, message }] (paths inside the definition); anything else is VALIDATION_FAILED.
 */
function parseDefinitionBody<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  try {
    return parseInput(schema, raw, 'body');
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'VALIDATION_FAILED')) throw error;
    const result = schema.safeParse(raw);
    const issues = result.success ? null : segmentIssuesOf(result.error, 'definition');
    throw issues ? segmentDefinitionError(issues) : error;
  }
}

function csvAttachment(ctx: AppContext, name: string, now: Date): void {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  ctx.set('Content-Disposition', `attachment; filename="segment-${stamp}.csv"; filename*=UTF-8''${encodeURIComponent(`${name}-${stamp}.csv`)}`);
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'text/csv; charset=utf-8';
}

/**
 * Segments (分群) for staff: preview and browse with members:read, save / change / snapshot with
 * segments:write; writes and exports are audited. Exports carry masked phones only.
 */
export function adminSegmentRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const canRead = requireStaff(deps, 'members:read');
  const canWrite = requireStaff(deps, 'segments:write');

  router.post('/api/admin/segments/preview', canRead, async (ctx) => {
    const body = parseDefinitionBody(segmentPreviewBodySchema, ctx.request.body);
    ctx.body = await previewSegment(serviceContext(ctx, deps), body.definition);
  });
  router.post('/api/admin/segments/members', canRead, async (ctx) => {
    const body = parseDefinitionBody(segmentMembersBodySchema, ctx.request.body);
    const sc = serviceContext(ctx, deps);
    await validateSegmentReferences(sc.db, body.definition);
    ctx.body = await segmentMembersPage(sc, deps.phoneCrypto, body.definition, body);
  });

  router.get('/api/admin/segments', canRead, async (ctx) => {
    ctx.body = { items: await listSegments(serviceContext(ctx, deps)) };
  });
  router.post('/api/admin/segments', canWrite, async (ctx) => {
    const body = parseDefinitionBody(segmentBodySchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await createSegment(serviceContext(ctx, deps), body);
  });
  router.get('/api/admin/segments/:id', canRead, async (ctx) => {
    ctx.body = await getSegment(serviceContext(ctx, deps), idOf(ctx));
  });
  router.patch('/api/admin/segments/:id', canWrite, async (ctx) => {
    const id = idOf(ctx);
    const body = parseDefinitionBody(segmentPatchBodySchema, ctx.request.body);
    ctx.body = await updateSegment(serviceContext(ctx, deps), id, body);
  });
  router.post('/api/admin/segments/:id/archive', canWrite, async (ctx) => {
    ctx.body = await archiveSegment(serviceContext(ctx, deps), idOf(ctx));
  });

  router.get('/api/admin/segments/:id/members', canRead, async (ctx) => {
    const id = idOf(ctx);
    const query = parseInput(segmentMembersQuerySchema, ctx.query, 'query');
    ctx.body = await savedSegmentMembers(serviceContext(ctx, deps), deps.phoneCrypto, id, query);
  });
  router.get('/api/admin/segments/:id/export.csv', canRead, async (ctx) => {
    const id = idOf(ctx);
    const sc = serviceContext(ctx, deps);
    const csv = await segmentCsv(sc, deps.phoneCrypto, id);
    await recordAudit(sc, { action: 'segment.export', targetType: 'segment', targetId: id, after: { rows: csv.split('\r\n').length - 2 } });
    csvAttachment(ctx, '分群', sc.now);
    ctx.body = csv;
  });
  router.get('/api/admin/segments/:id/history', canRead, async (ctx) => {
    ctx.body = await segmentHistory(serviceContext(ctx, deps), idOf(ctx));
  });
  router.post('/api/admin/segments/:id/snapshots', canWrite, async (ctx) => {
    const id = idOf(ctx);
    const body = parseInput(segmentSnapshotBodySchema, ctx.request.body ?? {}, 'body');
    ctx.status = 201;
    ctx.body = await createSnapshot(serviceContext(ctx, deps), id, body);
  });
  router.get('/api/admin/segments/:id/snapshots', canRead, async (ctx) => {
    ctx.body = { items: await listSnapshots(serviceContext(ctx, deps), idOf(ctx)) };
  });
  router.get('/api/admin/segment-snapshots/:id/export.csv', canRead, async (ctx) => {
    const id = idOf(ctx);
    const sc = serviceContext(ctx, deps);
    const csv = await snapshotCsv(sc, deps.phoneCrypto, id);
    await recordAudit(sc, { action: 'segment_snapshot.export', targetType: 'segment_snapshot', targetId: id, after: { rows: csv.split('\r\n').length - 2 } });
    csvAttachment(ctx, '分群快照', sc.now);
    ctx.body = csv;
  });
  return router;
}
