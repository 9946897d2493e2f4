import type {
  AdminProduct,
  AdminSku,
  Category,
  categoryCreateBodySchema,
  categoryUpdateBodySchema,
  ProductCreateBody,
  productUpdateBodySchema,
  ProductRole,
  ProductStatus,
  SkuAddBody,
  SkuUpdateBody,
} from '@siyu/shared';
import type { z } from 'zod';
import { api } from './client';
import type { CategoryTreeNode, Page, StockMovement } from './types';

export interface ProductFilter {
  q?: string;
  categoryId?: number;
  role?: ProductRole;
  status?: ProductStatus;
}

type In<T extends z.ZodType> = z.input<T>;

/** Staff catalog endpoints (server/src/modules/catalog). */
export const catalogApi = {
  categories: () => api.get<{ items: CategoryTreeNode[] }>('/api/admin/categories').then((body) => body.items),
  createCategory: (body: In<typeof categoryCreateBodySchema>) => api.post<Category>('/api/admin/categories', body),
  updateCategory: (id: number, body: In<typeof categoryUpdateBodySchema>) => api.patch<Category>(`/api/admin/categories/${id}`, body),
  deleteCategory: (id: number) => api.delete(`/api/admin/categories/${id}`),

  products: (filter: ProductFilter, cursor: string | null, limit: number, signal?: AbortSignal) =>
    api.get<Page<AdminProduct>>('/api/admin/products', { ...filter, cursor, limit }, signal),
  product: (id: number, signal?: AbortSignal) => api.get<AdminProduct>(`/api/admin/products/${id}`, undefined, signal),
  createProduct: (body: ProductCreateBody) => api.post<AdminProduct>('/api/admin/products', body),
  updateProduct: (id: number, body: In<typeof productUpdateBodySchema>) => api.patch<AdminProduct>(`/api/admin/products/${id}`, body),
  deleteProduct: (id: number) => api.delete(`/api/admin/products/${id}`),
  publish: (id: number, confirmBelowCost: boolean) => api.post<AdminProduct>(`/api/admin/products/${id}/publish`, { confirmBelowCost }),
  unpublish: (id: number) => api.post<AdminProduct>(`/api/admin/products/${id}/unpublish`),

  addSku: (productId: number, body: SkuAddBody) => api.post<AdminSku>(`/api/admin/products/${productId}/skus`, body),
  updateSku: (id: number, body: SkuUpdateBody) => api.patch<AdminSku>(`/api/admin/skus/${id}`, body),
  deleteSku: (id: number) => api.delete(`/api/admin/skus/${id}`),
  adjustStock: (skuId: number, delta: number, reason: string) => api.post<StockMovement>(`/api/admin/skus/${skuId}/stock-adjustments`, { delta, reason }),
  stockMovements: (skuId: number, cursor: string | null, limit: number, signal?: AbortSignal) =>
    api.get<Page<StockMovement>>(`/api/admin/skus/${skuId}/stock-movements`, { cursor, limit }, signal),
};
