import { inTransaction, type ServiceContext } from '../../context';
import { AppError, isUniqueViolation } from '../../lib/errors';

/** 400 VALIDATION_FAILED for one field, shaped like the issues `parseInput` reports. */
export function fieldError(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `invalid body: ${field} ${message}`, { issues: [{ field, message }] });
}

/** The constraint violations a catalog write expects, as their API errors; anything else is rethrown. */
function translateDbError(error: unknown): unknown {
  if (isUniqueViolation(error, 'skus_barcode_key')) return new AppError('BARCODE_TAKEN', undefined, { field: 'body.barcode' });
  if (isUniqueViolation(error, 'categories_sibling_name_key')) {
    return new AppError('CATEGORY_NAME_TAKEN', undefined, { field: 'body.name' });
  }
  return error;
}

/**
 * Runs one catalog write use case in one transaction: everything it wrote (rows, audit entry)
 * commits together or not at all, and unique violations come back as 409s.
 */
export async function catalogTransaction<T>(sc: ServiceContext, work: (tx: ServiceContext) => Promise<T>): Promise<T> {
  try {
    return await inTransaction(sc, work);
  } catch (error) {
    throw translateDbError(error);
  }
}
