import type { z } from 'zod';
import { AppError } from '../lib/errors';

/** One problem in a request, pointing at the field it concerns. */
export interface FieldIssue {
  field: string;
  message: string;
}

export type InputPlace = 'body' | 'query' | 'params';

/** Sees every schema a request is validated with (the route-walking fuzz test learns each route's fields). */
export type SchemaObserver = (schema: z.ZodType, where: InputPlace) => void;

let schemaObserver: SchemaObserver | null = null;

/** Installs (or, with null, removes) the schema observer; returns the previous one. */
export function observeSchemas(observer: SchemaObserver | null): SchemaObserver | null {
  const previous = schemaObserver;
  schemaObserver = observer;
  return previous;
}

/**
 * Parses `value` with a shared schema; on failure throws 400 VALIDATION_FAILED whose details list
 * every issue by field (`body.skus.0.privatePriceFen`), so a form can show it beside the field.
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: InputPlace): z.output<T> {
  schemaObserver?.(schema, where);
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.flatMap((issue) => {
    const path = [where, ...issue.path.map(String)];
    // An unknown field is reported against the field itself, so a form (or a test) can point at it.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'unknown field' }));
    }
    return [{ field: path.join('.'), message: issue.message }];
  });
  throw new AppError('VALIDATION_FAILED', `invalid ${where}: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`, { issues });
}
