import Router from '@koa/router';
import { cursorSchema, ENROLLMENT_STATUSES, hasNoControlChars, idParamSchema, INT4_MAX, journeyDefinitionSchema, limitSchema, textSchema } from '@siyu/shared';
import { z } from 'zod';
import { inTransaction, requireStaffActor, serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { recordAudit } from '../audit';
import { journeyDetail, listEnrollments, listJourneys, previewPath } from './queries';
import { archiveJourney, createJourney, loadJourney, pauseJourney, publishJourney, resumeJourney, updateDraft } from './service';

const idOf = (ctx: AppContext): number => Number(parseInput(z.strictObject({ id: idParamSchema }), ctx.params, 'params').id);

const nameSchema = textSchema(60);
const descriptionSchema = textSchema(500, 0);

/**
 * The definition schema (shared) checks shapes; a body also refuses control characters in any text (script
 * and variables may hold line breaks) and ids beyond int4, at the field's own path.
 */
function refuseHostile(value: unknown, path: (string | number)[], ctx: z.RefinementCtx): void {
  if (typeof value === 'string') {
    const key = String(path[path.length - 1] ?? '');
    const multiline = key === 'script' || path.includes('variables');
    if (!hasNoControlChars(value, multiline)) ctx.addIssue({ code: 'custom', path, message: 'must not contain control characters' });
  } else if (typeof value === 'number') {
    if (Math.abs(value) > INT4_MAX) ctx.addIssue({ code: 'custom', path, message: 'must be at most 2147483647' });
  } else if (Array.isArray(value)) value.forEach((item, index) => refuseHostile(item, [...path, index], ctx));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) refuseHostile(item, [...path, key], ctx);
}
const definitionSchema = journeyDefinitionSchema.superRefine((definition, ctx) => refuseHostile(definition, [], ctx));
const createBodySchema = z.strictObject({ name: nameSchema, description: descriptionSchema.optional(), definition: definitionSchema });
const updateBodySchema = z.strictObject({
  name: nameSchema.optional(),
  description: descriptionSchema.optional(),
  definition: definitionSchema.optional(),
});
const previewQuerySchema = z.strictObject({ memberId: idParamSchema });
const enrollmentsQuerySchema = z.strictObject({ status: z.enum(ENROLLMENT_STATUSES).optional(), cursor: cursorSchema, limit: limitSchema });
const emptyBodySchema = z.strictObject({}).optional();

/** Journeys for staff: read with journeys:read, every write (audited) with journeys:write. */
export function adminJourneyRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const canRead = requireStaff(deps, 'journeys:read');
  const canWrite = requireStaff(deps, 'journeys:write');

  router.get('/api/admin/journeys', canRead, async (ctx) => {
    ctx.body = { items: await listJourneys(deps.db) };
  });
  router.post('/api/admin/journeys', canWrite, async (ctx) => {
    const body = parseInput(createBodySchema, ctx.request.body, 'body');
    const sc = serviceContext(ctx, deps);
    const created = await inTransaction(sc, async (tx) => {
      const row = await createJourney(tx.db, { name: body.name, description: body.description ?? '', definition: body.definition }, requireStaffActor(tx).id);
      await recordAudit(tx, { action: 'journey.create', targetType: 'journey', targetId: row.id, after: { name: row.name, purpose: row.purpose } });
      return row;
    });
    ctx.status = 201;
    ctx.body = created;
  });
  router.get('/api/admin/journeys/:id', canRead, async (ctx) => {
    ctx.body = await journeyDetail(deps.db, idOf(ctx));
  });
  router.put('/api/admin/journeys/:id', canWrite, async (ctx) => {
    const id = idOf(ctx);
    const body = parseInput(updateBodySchema, ctx.request.body, 'body');
    const sc = serviceContext(ctx, deps);
    ctx.body = await inTransaction(sc, async (tx) => {
      const { before, after } = await updateDraft(tx.db, id, body);
      await recordAudit(tx, {
        action: 'journey.update',
        targetType: 'journey',
        targetId: id,
        before: { name: before.name, draft: before.draft },
        after: { name: after.name, draft: after.draft },
      });
      return after;
    });
  });
  router.post('/api/admin/journeys/:id/publish', canWrite, async (ctx) => {
    const id = idOf(ctx);
    parseInput(emptyBodySchema, ctx.request.body ?? {}, 'body');
    const sc = serviceContext(ctx, deps);
    ctx.body = await inTransaction(sc, async (tx) => {
      const result = await publishJourney(tx.db, id, requireStaffActor(tx).id, tx.now);
      await recordAudit(tx, {
        action: 'journey.publish',
        targetType: 'journey',
        targetId: id,
        after: { version: result.version.version, versionId: result.version.id },
      });
      return result;
    });
  });
  const transition = (
    path: string,
    action: string,
    run: (db: typeof deps.db, id: number, now: Date) => Promise<{ before: { status: string }; after: { status: string } }>,
  ) => {
    router.post(`/api/admin/journeys/:id/${path}`, canWrite, async (ctx) => {
      const id = idOf(ctx);
      parseInput(emptyBodySchema, ctx.request.body ?? {}, 'body');
      const sc = serviceContext(ctx, deps);
      ctx.body = await inTransaction(sc, async (tx) => {
        const result = await run(tx.db as typeof deps.db, id, tx.now);
        await recordAudit(tx, {
          action,
          targetType: 'journey',
          targetId: id,
          before: { status: result.before.status },
          after: { status: result.after.status },
        });
        return result.after;
      });
    });
  };
  transition('pause', 'journey.pause', (db, id) => pauseJourney(db, id));
  transition('resume', 'journey.resume', (db, id) => resumeJourney(db, id));
  transition('archive', 'journey.archive', (db, id, now) => archiveJourney(db, id, now));

  router.get('/api/admin/journeys/:id/preview', canRead, async (ctx) => {
    const id = idOf(ctx);
    const query = parseInput(previewQuerySchema, ctx.query, 'query');
    const sc = serviceContext(ctx, deps);
    const journey = await loadJourney(sc.db, id);
    ctx.body = await previewPath(sc.db, journey, Number(query.memberId), sc.now);
  });
  router.get('/api/admin/journeys/:id/enrollments', canRead, async (ctx) => {
    const id = idOf(ctx);
    const query = parseInput(enrollmentsQuerySchema, ctx.query, 'query');
    ctx.body = await listEnrollments(deps.db, id, query);
  });
  return router;
}
