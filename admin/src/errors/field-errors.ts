import { describeIssue, type IssueLike } from '@siyu/shared';
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

/** A path in a request body ('skus', 0, 'privatePriceFen'). */
export type BodyPath = (string | number)[];

/** Form field name of a body path, or null when the form has no such field. */
export type FieldMapper = (path: BodyPath) => (string | number)[] | null;

export interface FieldError {
  name: (string | number)[];
  errors: string[];
}

/** "body.skus.0.privatePriceFen" → ['skus', 0, 'privatePriceFen']. */
export function bodyPathOf(field: string): BodyPath {
  return field
    .replace(/^body\.?/, '')
    .split('.')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function collect(entries: { path: BodyPath; message: string }[], mapField: FieldMapper): FieldError[] {
  const byName = new Map<string, FieldError>();
  for (const { path, message } of entries) {
    const name = mapField(path);
    if (!name) continue;
    const key = JSON.stringify(name);
    const existing = byName.get(key);
    if (existing) existing.errors.push(message);
    else byName.set(key, { name, errors: [message] });
  }
  return [...byName.values()];
}

/** Zod issues of a shared schema, as form field errors in Chinese. */
export function fieldErrorsOfIssues(issues: readonly (IssueLike & { path: readonly PropertyKey[] })[], mapField: FieldMapper): FieldError[] {
  return collect(
    issues.map((issue) => ({ path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'), message: describeIssue(issue) })),
    mapField,
  );
}

/**
 * The field errors a server error names: VALIDATION_FAILED lists `details.issues[].field`, other codes
 * (BARCODE_TAKEN, CATEGORY_NOT_FOUND…) name one `details.field`.
 */
export function fieldErrorsOfApiError(error: ApiError, mapField: FieldMapper): FieldError[] {
  const details = (error.details ?? {}) as { issues?: { field?: unknown; message?: unknown }[]; field?: unknown };
  const entries: { path: BodyPath; message: string }[] = [];
  for (const issue of details.issues ?? []) {
    if (typeof issue.field === 'string') {
      entries.push({
        path: bodyPathOf(issue.field),
        message: describeIssue({ code: 'custom', message: String(issue.message ?? ''), path: bodyPathOf(issue.field) }),
      });
    }
  }
  if (typeof details.field === 'string') entries.push({ path: bodyPathOf(details.field), message: error.friendlyMessage });
  return collect(entries, mapField);
}

/** Shows errors on fields named by path (typed forms only accept their literal names; these are computed). */
export function setFieldErrors<T>(form: FormInstance<T>, errors: FieldError[]): void {
  (form as FormInstance).setFields(errors);
}

/**
 * Puts a server error next to the fields it concerns; returns false when it names none of the
 * form's fields (the caller then hands it to the global error handler).
 */
export function showServerFieldErrors<T>(form: FormInstance<T>, error: unknown, mapField: FieldMapper): boolean {
  if (!(error instanceof ApiError)) return false;
  const fields = fieldErrorsOfApiError(error, mapField);
  if (fields.length === 0) return false;
  setFieldErrors(form, fields);
  return true;
}
