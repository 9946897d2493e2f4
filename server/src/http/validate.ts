import type { z } from 'zod';
import { AppError } from '../lib/errors';

/** One problem in a request, pointing at the field it concerns. */
export interface FieldIssue {
  field: string;
  message: string;
}

/**
 * Parses `value` with a shared schema; on failure throws 400 VALIDATION_FAILED whose details list
 * every issue by field (`body.skus.0.privatePriceFen`), so a form can show it beside the field.
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' | 'params'): z.output<T> {
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new AppError('VALIDATION_FAILED', `invalid ${where}: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`, { issues });
}
