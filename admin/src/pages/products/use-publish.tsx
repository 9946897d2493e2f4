import type { AdminProduct } from '@siyu/shared';
import { App } from 'antd';
import { useState, type ReactNode } from 'react';
import { catalogApi } from '../../api/catalog';
import { reportError } from '../../errors/report-error';
import { useBelowCostGuard } from './below-cost/use-below-cost-guard';
import { skuLabelFor } from './sku-label';

export interface PublishActions {
  publish(product: AdminProduct): Promise<void>;
  unpublish(product: AdminProduct): Promise<void>;
  /** Id of the product whose request is running. */
  busyId: number | null;
  dialog: ReactNode;
}

/** Publish (through the below-cost guard) and unpublish, for the list and the edit page. */
export function usePublishActions(onChanged: (product: AdminProduct) => void): PublishActions {
  const guard = useBelowCostGuard();
  const { message } = App.useApp();
  const [busyId, setBusyId] = useState<number | null>(null);
  const act = async (product: AdminProduct, work: () => Promise<AdminProduct | null>, done: string) => {
    setBusyId(product.id);
    try {
      const result = await work();
      if (result) {
        message.success(done);
        onChanged(result);
      }
    } catch (error) {
      reportError(error);
    } finally {
      setBusyId(null);
    }
  };
  return {
    publish: (product) => act(product, () => guard.run((confirm) => catalogApi.publish(product.id, confirm), skuLabelFor(product)), `已上架：${product.title}`),
    unpublish: (product) => act(product, () => catalogApi.unpublish(product.id), `已下架：${product.title}`),
    busyId,
    dialog: guard.dialog,
  };
}
