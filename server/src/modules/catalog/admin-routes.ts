import {
  adminProductListQuerySchema,
  categoryCreateBodySchema,
  categoryUpdateBodySchema,
  idParamsSchema,
  productCreateBodySchema,
  productUpdateBodySchema,
  publishBodySchema,
  skuAddBodySchema,
  skuUpdateBodySchema,
  stockAdjustmentBodySchema,
  stockMovementListQuerySchema,
} from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { categoryTree, createCategory, deleteCategory, updateCategory } from './category-service';
import { createProduct, deleteProduct, getAdminProduct, listAdminProducts, publishProduct, unpublishProduct, updateProduct } from './product-service';
import { addSku, deleteSku, updateSku } from './sku-service';
import { adjustStock, listStockMovements } from './stock-service';

const idOf = (ctx: AppContext): number => parseInput(idParamsSchema, ctx.params, 'params').id;

/** Staff category routes: read with catalog:read, write with catalog:write; every write is audited. */
export function registerAdminCategoryRoutes(router: AppRouter, deps: AppDeps): void {
  const canRead = requireStaff(deps, 'catalog:read');
  const canWrite = requireStaff(deps, 'catalog:write');
  router.get('/api/admin/categories', canRead, async (ctx) => {
    ctx.body = { items: await categoryTree(serviceContext(ctx, deps)) };
  });
  router.post('/api/admin/categories', canWrite, async (ctx) => {
    const body = parseInput(categoryCreateBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createCategory(serviceContext(ctx, deps), body);
  });
  router.patch('/api/admin/categories/:id', canWrite, async (ctx) => {
    const id = idOf(ctx);
    const body = parseInput(categoryUpdateBodySchema, ctx.request.body, 'body');
    ctx.body = await updateCategory(serviceContext(ctx, deps), id, body);
  });
  router.delete('/api/admin/categories/:id', canWrite, async (ctx) => {
    await deleteCategory(serviceContext(ctx, deps), idOf(ctx));
    ctx.status = 204;
  });
}

/** Staff product routes: catalog:read to look, catalog:write to change; every write is audited. */
export function registerAdminProductRoutes(router: AppRouter, deps: AppDeps): void {
  const canRead = requireStaff(deps, 'catalog:read');
  const canWrite = requireStaff(deps, 'catalog:write');
  router.get('/api/admin/products', canRead, async (ctx) => {
    const query = parseInput(adminProductListQuerySchema, ctx.query, 'query');
    ctx.body = await listAdminProducts(serviceContext(ctx, deps), query);
  });
  router.get('/api/admin/products/:id', canRead, async (ctx) => {
    ctx.body = await getAdminProduct(serviceContext(ctx, deps), idOf(ctx));
  });
  router.post('/api/admin/products', canWrite, async (ctx) => {
    const body = parseInput(productCreateBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await createProduct(serviceContext(ctx, deps), body);
  });
  router.patch('/api/admin/products/:id', canWrite, async (ctx) => {
    const id = idOf(ctx);
    const body = parseInput(productUpdateBodySchema, ctx.request.body, 'body');
    ctx.body = await updateProduct(serviceContext(ctx, deps), id, body);
  });
  router.delete('/api/admin/products/:id', canWrite, async (ctx) => {
    await deleteProduct(serviceContext(ctx, deps), idOf(ctx));
    ctx.status = 204;
  });
  router.post('/api/admin/products/:id/publish', canWrite, async (ctx) => {
    const id = idOf(ctx);
    const body = parseInput(publishBodySchema, ctx.request.body ?? {}, 'body');
    ctx.body = await publishProduct(serviceContext(ctx, deps), id, body.confirmBelowCost);
  });
  router.post('/api/admin/products/:id/unpublish', canWrite, async (ctx) => {
    ctx.body = await unpublishProduct(serviceContext(ctx, deps), idOf(ctx));
  });
}

/** Staff SKU routes: prices and specs with catalog:write, stock with stock:write. */
export function registerAdminSkuRoutes(router: AppRouter, deps: AppDeps): void {
  const canRead = requireStaff(deps, 'catalog:read');
  const canWrite = requireStaff(deps, 'catalog:write');
  const canMoveStock = requireStaff(deps, 'stock:write');
  router.post('/api/admin/products/:id/skus', canWrite, async (ctx) => {
    const id = idOf(ctx);
    const body = parseInput(skuAddBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await addSku(serviceContext(ctx, deps), id, body);
  });
  router.patch('/api/admin/skus/:id', canWrite, async (ctx) => {
    const id = idOf(ctx);
    const body = parseInput(skuUpdateBodySchema, ctx.request.body, 'body');
    ctx.body = await updateSku(serviceContext(ctx, deps), id, body);
  });
  router.delete('/api/admin/skus/:id', canWrite, async (ctx) => {
    await deleteSku(serviceContext(ctx, deps), idOf(ctx));
    ctx.status = 204;
  });
  router.post('/api/admin/skus/:id/stock-adjustments', canMoveStock, async (ctx) => {
    const id = idOf(ctx);
    const body = parseInput(stockAdjustmentBodySchema, ctx.request.body, 'body');
    ctx.status = 201;
    ctx.body = await adjustStock(serviceContext(ctx, deps), id, body);
  });
  router.get('/api/admin/skus/:id/stock-movements', canRead, async (ctx) => {
    const id = idOf(ctx);
    const query = parseInput(stockMovementListQuerySchema, ctx.query, 'query');
    ctx.body = await listStockMovements(serviceContext(ctx, deps), id, query);
  });
}
