import type { AdminProduct, AdminSku, ProductCreateBody, SkuCreateBody, SkuUpdateBody } from '@siyu/shared';

/** One request of saving an edited product; `row` is the SKU table row it comes from. */
export type SaveStep =
  | { kind: 'update_product'; changes: Partial<Omit<ProductCreateBody, 'skus'>> }
  | { kind: 'delete_sku'; skuId: number; label: string }
  | { kind: 'update_sku'; skuId: number; row: number; changes: Omit<SkuUpdateBody, 'confirmBelowCost'> }
  | { kind: 'add_sku'; row: number; body: SkuCreateBody };

/** JSON with object keys sorted: jsonb does not keep key order, so {a,b} and {b,a} are the same specs. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, v]) => `${JSON.stringify(key)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

function productChanges(before: AdminProduct, body: ProductCreateBody): Partial<Omit<ProductCreateBody, 'skus'>> {
  const changes: Record<string, unknown> = {};
  const keys = ['categoryId', 'title', 'subtitle', 'images', 'description', 'role', 'tags', 'sortOrder'] as const;
  for (const key of keys) if (!same(before[key], body[key])) changes[key] = body[key];
  return changes;
}

/** What changed in a SKU; stock is left out (it changes only through stock adjustments). */
function skuChanges(before: AdminSku, body: SkuCreateBody): Omit<SkuUpdateBody, 'confirmBelowCost'> {
  const changes: Record<string, unknown> = {};
  const keys = ['specs', 'publicPriceFen', 'privatePriceFen', 'costPriceFen', 'tierPrices', 'purchaseLimit', 'barcode', 'minTier'] as const;
  for (const key of keys) if (!same(before[key], body[key])) changes[key] = body[key];
  return changes;
}

/**
 * The requests that turn `before` into the validated form body, in a safe order: product fields,
 * then SKU edits and additions, deletions last (an on_sale product must keep at least one SKU).
 * `rowIds[i]` is the SKU id of table row i (undefined for a new row).
 */
export function planSave(
  before: AdminProduct,
  body: ProductCreateBody,
  rowIds: readonly (number | undefined)[],
  labelOf: (sku: AdminSku) => string,
): SaveStep[] {
  const steps: SaveStep[] = [];
  const changes = productChanges(before, body);
  if (Object.keys(changes).length > 0) steps.push({ kind: 'update_product', changes });
  body.skus.forEach((sku, row) => {
    const id = rowIds[row];
    const existing = id === undefined ? undefined : before.skus.find((candidate) => candidate.id === id);
    if (!existing) {
      steps.push({ kind: 'add_sku', row, body: sku });
      return;
    }
    const diff = skuChanges(existing, sku);
    if (Object.keys(diff).length > 0) steps.push({ kind: 'update_sku', skuId: existing.id, row, changes: diff });
  });
  for (const sku of before.skus) {
    if (!rowIds.includes(sku.id)) steps.push({ kind: 'delete_sku', skuId: sku.id, label: labelOf(sku) });
  }
  return steps;
}
