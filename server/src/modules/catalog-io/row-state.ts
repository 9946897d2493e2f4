import type { CatalogCsvRow, CatalogImportAction, CsvCellError } from '@siyu/shared';

/** What happened to one CSV row during an import (mutated as the import runs). */
export interface RowState {
  input: CatalogCsvRow;
  errors: CsvCellError[];
  action: CatalogImportAction;
  productId: number | null;
  skuId: number | null;
  /** written: a row was inserted or updated · unchanged: it matches what is stored · pending: not reached. */
  outcome: 'pending' | 'written' | 'unchanged';
  /** The ids came from this import's own writes (meaningless once they are rolled back). */
  hasNewIds: boolean;
}

/** What a row will do, as far as the file alone tells. */
function plannedAction(row: CatalogCsvRow): CatalogImportAction {
  if (row.productId === null) return 'create_product';
  if (row.sku === null) return 'none';
  return row.skuId === null ? 'add_sku' : 'update_sku';
}

export function rowState(input: CatalogCsvRow): RowState {
  return {
    input,
    errors: [...input.errors],
    action: plannedAction(input),
    productId: input.productId,
    skuId: input.skuId,
    outcome: 'pending',
    hasNewIds: false,
  };
}

export function fail(state: RowState, column: string | null, message: string): void {
  state.errors.push({ column, message });
}

export const isOk = (state: RowState) => state.errors.length === 0;

/** Groups states by a key, keeping first-seen order. */
export function groupBy<K>(states: readonly RowState[], keyOf: (state: RowState) => K): Map<K, RowState[]> {
  const groups = new Map<K, RowState[]>();
  for (const state of states) {
    const key = keyOf(state);
    const group = groups.get(key) ?? [];
    group.push(state);
    groups.set(key, group);
  }
  return groups;
}
