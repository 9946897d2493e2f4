import Router from '@koa/router';
import { idParamsSchema, memberNoteBodySchema, memberNotesQuerySchema, memberTimelineQuerySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { getMemberDetail } from './detail';
import { addMemberNote, listMemberNotes } from './notes';
import { revealMemberPhone } from './phone';
import { getMemberTimeline } from './timeline';

const memberIdOf = (ctx: AppContext): number => parseInput(idParamsSchema, ctx.params, 'params').id;

/**
 * Member 360 for staff: the profile, the timeline and notes (members:read), writing a note (members:tag)
 * and revealing the full phone (members:phone, audited every time).
 */
export function member360Routes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const canRead = requireStaff(deps, 'members:read');
  router.get('/api/admin/members/:id', canRead, async (ctx) => {
    ctx.body = await getMemberDetail(serviceContext(ctx, deps), deps, memberIdOf(ctx));
  });
  router.get('/api/admin/members/:id/timeline', canRead, async (ctx) => {
    const id = memberIdOf(ctx);
    const query = parseInput(memberTimelineQuerySchema, ctx.query, 'query');
    ctx.body = await getMemberTimeline(serviceContext(ctx, deps), id, query);
  });
  router.get('/api/admin/members/:id/notes', canRead, async (ctx) => {
    const id = memberIdOf(ctx);
    const query = parseInput(memberNotesQuerySchema, ctx.query, 'query');
    ctx.body = await listMemberNotes(serviceContext(ctx, deps), id, query);
  });
  router.post('/api/admin/members/:id/notes', requireStaff(deps, 'members:tag'), async (ctx) => {
    const id = memberIdOf(ctx);
    // Any body but { body: 1..500 characters } is MEMBER_NOTE_INVALID (the one code the UI shows).
    const body = memberNoteBodySchema.safeParse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = await addMemberNote(serviceContext(ctx, deps), id, body.success ? body.data.body : undefined);
  });
  router.post('/api/admin/members/:id/phone', requireStaff(deps, 'members:phone'), async (ctx) => {
    ctx.body = await revealMemberPhone(serviceContext(ctx, deps), deps, memberIdOf(ctx));
  });
  return router;
}
