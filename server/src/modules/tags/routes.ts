import Router from '@koa/router';
import {
  idParamsSchema,
  tagBodySchema,
  tagGroupBodySchema,
  tagGroupPatchBodySchema,
  tagImportJsonBodySchema,
  tagImportQuerySchema,
  tagMembersBodySchema,
  tagPatchBodySchema,
} from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { importTagMembers } from './import-service';
import { addTagMembers, removeTagMembers } from './members-service';
import { archiveTag, createTag, createTagGroup, deleteTagGroup, getTag, listTagGroups, updateTag, updateTagGroup } from './service';

const idOf = (ctx: AppContext): number => parseInput(idParamsSchema, ctx.params, 'params').id;

/**
 * Tag groups and tags (read: members:read; define: segments:write) and who carries a manual tag
 * (members:tag: add, remove, CSV import). Every write is audited.
 */
export function adminTagRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const canRead = requireStaff(deps, 'members:read');
  const canDefine = requireStaff(deps, 'segments:write');
  const canTag = requireStaff(deps, 'members:tag');

  router.get('/api/admin/tag-groups', canRead, async (ctx) => {
    ctx.body = { items: await listTagGroups(serviceContext(ctx, deps)) };
  });
  router.post('/api/admin/tag-groups', canDefine, async (ctx) => {
    const body = parseInput(tagGroupBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createTagGroup(serviceContext(ctx, deps), body);
  });
  router.patch('/api/admin/tag-groups/:id', canDefine, async (ctx) => {
    const id = idOf(ctx);
    const body = parseInput(tagGroupPatchBodySchema, ctx.request.body, 'body');
    ctx.body = await updateTagGroup(serviceContext(ctx, deps), id, body);
  });
  router.delete('/api/admin/tag-groups/:id', canDefine, async (ctx) => {
    await deleteTagGroup(serviceContext(ctx, deps), idOf(ctx));
    ctx.status = 204;
  });

  router.post('/api/admin/tags', canDefine, async (ctx) => {
    const body = parseInput(tagBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createTag(serviceContext(ctx, deps), body);
  });
  router.get('/api/admin/tags/:id', canRead, async (ctx) => {
    ctx.body = await getTag(serviceContext(ctx, deps), idOf(ctx));
  });
  router.patch('/api/admin/tags/:id', canDefine, async (ctx) => {
    const id = idOf(ctx);
    const body = parseInput(tagPatchBodySchema, ctx.request.body, 'body');
    ctx.body = await updateTag(serviceContext(ctx, deps), id, body);
  });
  router.post('/api/admin/tags/:id/archive', canDefine, async (ctx) => {
    ctx.body = await archiveTag(serviceContext(ctx, deps), idOf(ctx));
  });

  router.post('/api/admin/tags/:id/members', canTag, async (ctx) => {
    const id = idOf(ctx);
    const { memberIds } = parseInput(tagMembersBodySchema, ctx.request.body, 'body');
    ctx.body = await addTagMembers(serviceContext(ctx, deps), id, memberIds);
  });
  router.post('/api/admin/tags/:id/members/remove', canTag, async (ctx) => {
    const id = idOf(ctx);
    const { memberIds } = parseInput(tagMembersBodySchema, ctx.request.body, 'body');
    ctx.body = await removeTagMembers(serviceContext(ctx, deps), id, memberIds);
  });
  router.post('/api/admin/tags/:id/import', canTag, async (ctx) => {
    const id = idOf(ctx);
    const query = parseInput(tagImportQuerySchema, ctx.query, 'query');
    const body: unknown = ctx.request.body;
    const csv = typeof body === 'string' ? body : parseInput(tagImportJsonBodySchema, body, 'body').csv;
    ctx.body = await importTagMembers(serviceContext(ctx, deps), deps.phoneCrypto, id, query, csv);
  });
  return router;
}
