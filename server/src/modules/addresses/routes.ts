import Router from '@koa/router';
import { addressInputSchema, addressUpdateSchema, idParamsSchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { memberIdOf, requireMember } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { createAddress, deleteAddress, listAddresses, updateAddress } from './service';

/** The member's shipping addresses: /api/me/addresses. */
export function addressRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/me/addresses' });
  router.use(requireMember(deps));
  router.get('/', async (ctx) => {
    ctx.body = { items: await listAddresses(serviceContext(ctx, deps), deps.phoneCrypto, memberIdOf(ctx)) };
  });
  router.post('/', async (ctx) => {
    const body = parseInput(addressInputSchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createAddress(serviceContext(ctx, deps), deps.phoneCrypto, memberIdOf(ctx), body);
  });
  router.patch('/:id', async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    const body = parseInput(addressUpdateSchema, ctx.request.body, 'body');
    ctx.body = await updateAddress(serviceContext(ctx, deps), deps.phoneCrypto, memberIdOf(ctx), id, body);
  });
  router.delete('/:id', async (ctx) => {
    const { id } = parseInput(idParamsSchema, ctx.params, 'params');
    await deleteAddress(serviceContext(ctx, deps), memberIdOf(ctx), id);
    ctx.status = 204;
  });
  return router;
}
