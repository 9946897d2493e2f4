import type { AdminProduct, AdminSku, ProductCreateBody } from '@siyu/shared';
import { App, type FormInstance } from 'antd';
import { useState } from 'react';
import { catalogApi } from '../../../api/catalog';
import { fieldErrorsOfIssues, setFieldErrors, showServerFieldErrors } from '../../../errors/field-errors';
import { reportError } from '../../../errors/report-error';
import { specsLabel } from '../../../labels';
import type { BelowCostGuard } from '../below-cost/use-below-cost-guard';
import { skuLabelFor } from '../sku-label';
import { duplicateSpecRows, fieldOfBodyPath, validateProduct, type ProductFormValues } from './form-values';
import { planSave, type SaveStep } from './save-plan';

export interface SaveProgress {
  done: number;
  total: number;
  label: string;
}

const STEP_LABELS: Record<SaveStep['kind'], string> = {
  update_product: '保存商品信息',
  update_sku: '修改规格',
  add_sku: '添加规格',
  delete_sku: '删除规格',
};

/**
 * Checks the form with the shared schema, then returns the body, or null after putting every
 * problem next to its field.
 */
function checkedBody(form: FormInstance<ProductFormValues>, values: ProductFormValues): ProductCreateBody | null {
  const result = validateProduct(values);
  const duplicates = duplicateSpecRows(values).map((row) => ({ name: ['skus', row, 'specs', values.specNames[0] ?? '规格'], errors: ['与前面的规格值重复'] }));
  const issues = result.success ? [] : fieldErrorsOfIssues(result.error.issues, fieldOfBodyPath(values));
  if (issues.length + duplicates.length > 0) {
    setFieldErrors(form, [...issues, ...duplicates]);
    return null;
  }
  return result.success ? result.data : null;
}

/** Saving a new product (one request) or an edited one (a request per change, with progress). */
export function useSaveProduct(form: FormInstance<ProductFormValues>, guard: BelowCostGuard) {
  const { message, modal } = App.useApp();
  const [progress, setProgress] = useState<SaveProgress | null>(null);

  const values = (): ProductFormValues => form.getFieldsValue(true) as ProductFormValues;

  const create = async (): Promise<AdminProduct | null> => {
    const current = values();
    const body = checkedBody(form, current);
    if (!body) return null;
    setProgress({ done: 0, total: 1, label: '创建商品' });
    try {
      return await catalogApi.createProduct(body);
    } catch (error) {
      if (!showServerFieldErrors(form, error, fieldOfBodyPath(current))) reportError(error);
      return null;
    } finally {
      setProgress(null);
    }
  };

  /** Runs one step; returns the product as it now is on the server, or null when the user backed out. */
  const runStep = async (product: AdminProduct, step: SaveStep): Promise<AdminProduct | null> => {
    const label = skuLabelFor(product);
    const replaceSku = (sku: AdminSku) => ({ ...product, skus: product.skus.map((s) => (s.id === sku.id ? sku : s)) });
    switch (step.kind) {
      case 'update_product':
        return catalogApi.updateProduct(product.id, step.changes);
      case 'update_sku': {
        const sku = await guard.run((confirm) => catalogApi.updateSku(step.skuId, { ...step.changes, confirmBelowCost: confirm }), label);
        return sku && replaceSku(sku);
      }
      case 'add_sku': {
        const sku = await guard.run((confirm) => catalogApi.addSku(product.id, { ...step.body, confirmBelowCost: confirm }), label);
        if (!sku) return null;
        form.setFieldValue(['skus', step.row, 'id'], sku.id);
        return { ...product, skus: [...product.skus, sku] };
      }
      case 'delete_sku':
        await catalogApi.deleteSku(step.skuId);
        return { ...product, skus: product.skus.filter((s) => s.id !== step.skuId) };
    }
  };

  const confirmDeletes = (steps: SaveStep[]): Promise<boolean> => {
    const labels = steps.flatMap((step) => (step.kind === 'delete_sku' ? [step.label] : []));
    if (labels.length === 0) return Promise.resolve(true);
    return new Promise((resolve) =>
      modal.confirm({
        title: '删除规格',
        content: `将删除规格：${labels.join('、')}。已下单的订单不受影响。`,
        okType: 'danger',
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      }),
    );
  };

  /** Saves an edited product step by step; `onStep` receives the server's state after each step. */
  const update = async (before: AdminProduct, onStep: (product: AdminProduct) => void): Promise<AdminProduct | null> => {
    const current = values();
    const body = checkedBody(form, current);
    if (!body) return null;
    const steps = planSave(
      before,
      body,
      current.skus.map((row) => row.id),
      (sku) => specsLabel(sku.specs),
    );
    if (steps.length === 0) {
      message.info('没有需要保存的修改');
      return before;
    }
    if (!(await confirmDeletes(steps))) return null;
    let product = before;
    let currentStep: SaveStep | undefined;
    try {
      for (const [index, step] of steps.entries()) {
        currentStep = step;
        setProgress({ done: index, total: steps.length, label: STEP_LABELS[step.kind] });
        const next = await runStep(product, step);
        if (!next) return null;
        product = next;
        onStep(product);
      }
      return await catalogApi.product(before.id);
    } catch (error) {
      const row = currentStep && 'row' in currentStep ? currentStep.row : undefined;
      if (!showServerFieldErrors(form, error, fieldOfBodyPath(current, row))) reportError(error);
      return null;
    } finally {
      setProgress(null);
    }
  };

  return { create, update, progress };
}
