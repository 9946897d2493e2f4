import { columnOfSkuField, describeIssue, errorMessageFor, formatFen, TIER_NAMES, toFen, type CsvCellError, type TierCode } from '@siyu/shared';
import { AppError } from '../../lib/errors';

interface BelowCostItem {
  priceKind: string;
  priceFen: number;
  costPriceFen: number;
  marginFen: number;
}

const yuan = (fen: number) => formatFen(toFen(fen));

function belowCostErrors(details: unknown): CsvCellError[] {
  const items = ((details as { skus?: BelowCostItem[] } | undefined)?.skus ?? []) as BelowCostItem[];
  return items.map((item) => ({
    column: item.priceKind === 'private' ? 'private_price' : `tier_${item.priceKind}`,
    message: `${item.priceKind === 'private' ? '私域价' : `${TIER_NAMES[item.priceKind as TierCode] ?? item.priceKind}会员价`} ${yuan(item.priceFen)} 低于成本价 ${yuan(item.costPriceFen)}（毛利 ${yuan(item.marginFen)}）；在售商品低于成本销售须由店主在商品页确认`,
  }));
}

function validationErrors(details: unknown): CsvCellError[] {
  const issues = (details as { issues?: { field?: string; message?: string }[] } | undefined)?.issues ?? [];
  return issues.map((issue) => {
    const path = (issue.field ?? '')
      .replace(/^body\.?/, '')
      .split('.')
      .filter(Boolean);
    return { column: columnOfSkuField(path), message: describeIssue({ code: 'custom', message: issue.message ?? '' }) };
  });
}

const COLUMN_OF_CODE: Partial<Record<string, string>> = {
  BARCODE_TAKEN: 'barcode',
  PRODUCT_NOT_FOUND: 'product_id',
  SKU_NOT_FOUND: 'sku_id',
  CATEGORY_NOT_FOUND: 'category',
};

/**
 * The row errors an expected failure of a catalog write stands for, by CSV column. Anything that
 * is not an AppError is a bug and is rethrown (the whole import rolls back and answers 500).
 */
export function rowErrorsOf(error: unknown): CsvCellError[] {
  if (!(error instanceof AppError)) throw error;
  if (error.code === 'BELOW_COST_CONFIRMATION_REQUIRED') return belowCostErrors(error.details);
  if (error.code === 'VALIDATION_FAILED') return validationErrors(error.details);
  return [{ column: COLUMN_OF_CODE[error.code] ?? null, message: errorMessageFor(error.code) }];
}
