import type { ProductShipping, ShippingTemplate } from '@siyu/shared';
import { api } from './client';

/** What staff send for a template (fen amounts; the server validates with shippingTemplateInputSchema). */
export type ShippingTemplateBody = Omit<ShippingTemplate, 'id' | 'productCount'>;

/** Staff shipping-template endpoints (server/src/modules/shipping). */
export const shippingApi = {
  templates: (signal?: AbortSignal) => api.get<{ items: ShippingTemplate[] }>('/api/admin/shipping-templates', undefined, signal).then((body) => body.items),
  create: (body: ShippingTemplateBody) => api.post<ShippingTemplate>('/api/admin/shipping-templates', body),
  update: (id: number, body: ShippingTemplateBody) => api.put<ShippingTemplate>(`/api/admin/shipping-templates/${id}`, body),
  remove: (id: number) => api.delete(`/api/admin/shipping-templates/${id}`),
  productShipping: (productId: number) => api.get<ProductShipping>(`/api/admin/products/${productId}/shipping`),
  setProductShipping: (productId: number, templateId: number | null) => api.put<ProductShipping>(`/api/admin/products/${productId}/shipping`, { templateId }),
};
