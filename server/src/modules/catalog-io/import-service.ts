import {
  CatalogCsvError,
  parseCatalogCsv,
  type CatalogCsvRow,
  type CatalogImportBody,
  type CatalogImportReport,
  type CatalogImportRowReport,
} from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { categoryTree } from '../catalog';
import { categoryPaths } from './category-paths';
import { importIntoExistingProducts } from './import-existing-products';
import { importNewProducts } from './import-new-products';
import { isOk, rowState, type RowState } from './row-state';

/** Thrown at the end of the import's transaction to undo it (a dry run, or all_or_nothing with invalid rows). */
class RollBack extends Error {}

function readRows(csv: string): CatalogCsvRow[] {
  try {
    return parseCatalogCsv(csv);
  } catch (error) {
    if (error instanceof CatalogCsvError) throw new AppError(error.code, error.message, error.details);
    throw error;
  }
}

function summarize(states: readonly RowState[], isCounted: boolean): CatalogImportReport['summary'] {
  const written = (action: RowState['action']) => (isCounted ? states.filter((s) => isOk(s) && s.outcome === 'written' && s.action === action) : []);
  const invalid = states.filter((state) => !isOk(state)).length;
  return {
    rows: states.length,
    valid: states.length - invalid,
    invalid,
    createdProducts: new Set(written('create_product').map((s) => s.productId)).size,
    createdSkus: written('create_product').length + written('add_sku').length,
    updatedSkus: written('update_sku').length,
    unchanged: isCounted ? states.filter((s) => isOk(s) && s.outcome === 'unchanged').length : 0,
  };
}

function rowReport(state: RowState, body: CatalogImportBody, isCommitted: boolean): CatalogImportRowReport {
  const status = !isOk(state) ? 'invalid' : state.outcome === 'unchanged' ? 'unchanged' : isCommitted ? 'imported' : body.dryRun ? 'valid' : 'not_imported';
  // Ids handed out inside a rolled-back transaction name nothing.
  const isIdGone = state.hasNewIds && !isCommitted;
  return {
    row: state.input.row,
    status,
    action: state.action,
    productId: isIdGone && state.action === 'create_product' ? null : state.productId,
    skuId: isIdGone ? null : state.skuId,
    errors: state.errors,
  };
}

/**
 * POST /api/admin/catalog/import. Every row is read with the shared schemas, then written through the
 * catalog services inside ONE transaction (each product and SKU in a savepoint, so a refused row can
 * be reported and the rest go on). At the end the transaction commits only when it should: never for
 * a dry run, and for all_or_nothing only when no row is invalid; valid_rows_only commits the valid rows.
 * A committed import is audited as a whole, besides the audit rows of each product and SKU it wrote.
 */
export async function importCatalogCsv(sc: ServiceContext, body: CatalogImportBody): Promise<CatalogImportReport> {
  const states = readRows(body.csv).map(rowState);
  let isCommitted = false;
  try {
    await inTransaction(sc, async (tx) => {
      const paths = categoryPaths(await categoryTree(tx));
      await importNewProducts(tx, states, paths);
      await importIntoExistingProducts(tx, states, paths);
      const hasInvalid = states.some((state) => !isOk(state));
      if (body.dryRun || (body.mode === 'all_or_nothing' && hasInvalid)) throw new RollBack();
      const summary = summarize(states, true);
      const productIds = [...new Set(states.flatMap((s) => (isOk(s) && s.outcome === 'written' && s.productId !== null ? [s.productId] : [])))];
      await recordAudit(tx, { action: 'catalog.import', targetType: 'catalog', after: { mode: body.mode, ...summary, productIds } });
      isCommitted = true;
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  return {
    mode: body.mode,
    dryRun: body.dryRun,
    committed: isCommitted,
    summary: summarize(states, isCommitted || body.dryRun),
    rows: states.map((state) => rowReport(state, body, isCommitted)),
  };
}
