import Router from '@koa/router';
import { idParamsSchema, reachImportBodySchema, type ReachImportKind } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { importReach } from './service';

/** The import routes read bodies up to this size (a 5 MB CSV as a JSON string, with room for escapes). */
export const REACH_IMPORT_BODY_LIMIT = 8 * 1024 * 1024;
/** The paths of the import routes (the app gives them the larger body limit). */
export const REACH_IMPORT_PATH = /^\/api\/admin\/channels\/[^/]+\/imports\/(ai-calls|sms-logs)$/;

const KIND_OF_PATH: Record<string, ReachImportKind> = { 'ai-calls': 'ai_call_csv', 'sms-logs': 'sms_send_log' };

/** Reach imports (channels:write): the AI-call vendor's result CSV and the SMS provider's send log. */
export function adminReachImportRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  for (const [segment, kind] of Object.entries(KIND_OF_PATH)) {
    router.post(`/api/admin/channels/:id/imports/${segment}`, requireStaff(deps, 'channels:write'), async (ctx) => {
      const { id } = parseInput(idParamsSchema, ctx.params, 'params');
      const body = parseInput(reachImportBodySchema, ctx.request.body, 'body');
      const result = await importReach(serviceContext(ctx, deps), deps.phoneCrypto, id, kind, body);
      ctx.status = result.isReplay ? 200 : 201;
      ctx.body = { ...result.import, isReplay: result.isReplay };
    });
  }
  return router;
}
