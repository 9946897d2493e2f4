import Router from '@koa/router';
import type { AppDeps } from '../../deps';
import type { AppRouter } from '../../http/types';
import { registerAdminCategoryRoutes, registerAdminProductRoutes, registerAdminSkuRoutes } from './admin-routes';
import { registerShopRoutes } from './shop-routes';

// Services other modules use (catalog-io's CSV export and import).
export { categoryTree } from './category-service';
export { createProduct, getAdminProduct, listAdminProducts } from './product-service';
export { addSku, updateSku } from './sku-service';
export { shopSummariesOf } from './shop-summaries';
export { liveSkusOf, type SkuRecord } from './repo';

/** The catalog API: shopper routes under /api, staff routes under /api/admin. */
export function catalogRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  registerShopRoutes(router, deps);
  registerAdminCategoryRoutes(router, deps);
  registerAdminProductRoutes(router, deps);
  registerAdminSkuRoutes(router, deps);
  return router;
}
