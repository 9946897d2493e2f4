import Router from '@koa/router';
import { idParamSchema, memberPreferencesSchema, messagingSettingsSchema, cursorSchema } from '@siyu/shared';
import { z } from 'zod';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { memberIdOf, requireMember, requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { getSettings, intentsQuerySchema, listIntents, updateSettings } from './admin-service';
import { getPreferences, listMessages, readAllMessages, readMessage, unreadCount, updatePreferences } from './member-service';

/** The member's 消息 center and messaging preferences (consent per channel, the PIPL switch). Own data only. */
export function memberMessagingRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const member = requireMember(deps);
  router.get('/api/me/messages', member, async (ctx) => {
    const query = parseInput(z.strictObject({ cursor: cursorSchema }), ctx.query, 'query');
    ctx.body = await listMessages(serviceContext(ctx, deps), memberIdOf(ctx), query.cursor);
  });
  router.get('/api/me/messages/unread-count', member, async (ctx) => {
    ctx.body = { unread: await unreadCount(serviceContext(ctx, deps), memberIdOf(ctx)) };
  });
  router.post('/api/me/messages/read-all', member, async (ctx) => {
    ctx.body = await readAllMessages(serviceContext(ctx, deps), memberIdOf(ctx));
  });
  router.post('/api/me/messages/:id/read', member, async (ctx) => {
    const { id } = parseInput(z.strictObject({ id: idParamSchema }), ctx.params, 'params');
    ctx.body = await readMessage(serviceContext(ctx, deps), memberIdOf(ctx), id);
  });
  router.get('/api/me/preferences', member, async (ctx) => {
    ctx.body = await getPreferences(serviceContext(ctx, deps), memberIdOf(ctx));
  });
  router.put('/api/me/preferences', member, async (ctx) => {
    const body = parseInput(memberPreferencesSchema, ctx.request.body, 'body');
    ctx.body = await updatePreferences(serviceContext(ctx, deps), memberIdOf(ctx), body);
  });
  return router;
}

/** Staff: the store's messaging guards (read with journeys:read, write with messaging:settings) and the message log. */
export function adminMessagingRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  const canRead = requireStaff(deps, 'journeys:read');
  const canWriteSettings = requireStaff(deps, 'messaging:settings');
  router.get('/api/admin/messaging/settings', canRead, async (ctx) => {
    ctx.body = await getSettings(serviceContext(ctx, deps));
  });
  router.put('/api/admin/messaging/settings', canWriteSettings, async (ctx) => {
    const body = parseInput(messagingSettingsSchema, ctx.request.body, 'body');
    ctx.body = await updateSettings(serviceContext(ctx, deps), body);
  });
  router.get('/api/admin/messaging/intents', canRead, async (ctx) => {
    const query = parseInput(intentsQuerySchema, ctx.query, 'query');
    ctx.body = await listIntents(serviceContext(ctx, deps), query);
  });
  return router;
}
