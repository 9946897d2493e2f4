import Router from '@koa/router';
import { catalogExportQuerySchema, catalogImportBodySchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { exportCatalogCsv } from './export-service';
import { importCatalogCsv } from './import-service';

/** "商品目录-20261124-1309.csv", with an ASCII fallback name for old clients. */
function attachment(now: Date): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `attachment; filename="catalog-${stamp}.csv"; filename*=UTF-8''${encodeURIComponent(`商品目录-${stamp}.csv`)}`;
}

/** CSV export (catalog:read) and import (catalog:write) of the product × SKU table. */
export function catalogIoRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/catalog' });
  router.get('/export.csv', requireStaff(deps, 'catalog:read'), async (ctx) => {
    const filter = parseInput(catalogExportQuerySchema, ctx.query, 'query');
    const sc = serviceContext(ctx, deps);
    const csv = await exportCatalogCsv(sc, filter);
    ctx.set('Content-Disposition', attachment(sc.now));
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = Buffer.from(csv, 'utf8');
  });
  router.post('/import', requireStaff(deps, 'catalog:write'), async (ctx) => {
    const body = parseInput(catalogImportBodySchema, ctx.request.body, 'body');
    ctx.body = await importCatalogCsv(serviceContext(ctx, deps), body);
  });
  return router;
}
