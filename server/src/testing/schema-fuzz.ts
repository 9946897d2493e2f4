import type { z } from 'zod';

/**
 * Reads the fields of a zod schema (the shared request schemas) and builds hostile requests for the
 * route-walking fuzz test: one case per field and hostile value, every other field a plausible sample.
 */

interface Def {
  type: string;
  [key: string]: unknown;
}

type Schema = z.ZodType;
type Path = (string | number)[];

function defOf(schema: Schema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

/** The schema under optional/default/pipe/lazy wrappers: the one that describes the value's shape. */
export function unwrap(schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; depth < 20; depth += 1) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type)) current = def.innerType as Schema;
    else if (def.type === 'pipe') current = defOf(def.in as Schema).type === 'transform' ? (def.out as Schema) : (def.in as Schema);
    else if (def.type === 'lazy') current = (def.getter as () => Schema)();
    else return current;
  }
  return current;
}

function isOptional(schema: Schema): boolean {
  const type = defOf(schema).type;
  return type === 'optional' || type === 'default' || type === 'prefault' || (type === 'pipe' && isOptional(defOf(schema).in as Schema));
}

/** A plausible valid value (refinements aside): the base every other field of a case keeps. */
export function sampleOf(schema: Schema): unknown {
  const inner = unwrap(schema);
  const def = defOf(inner);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, Schema>;
      return Object.fromEntries(
        Object.entries(shape)
          .filter(([, field]) => !isOptional(field))
          .map(([key, field]) => [key, sampleOf(field)]),
      );
    }
    case 'array':
      return [sampleOf(def.element as Schema)];
    case 'union':
      return sampleOf((def.options as Schema[])[0] as Schema);
    case 'number': {
      const bounds = inner as unknown as { minValue: number | null; maxValue: number | null };
      return Math.min(Math.max(1, bounds.minValue ?? 1), bounds.maxValue ?? 1);
    }
    case 'string':
      return sampleString(def.format);
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'record':
      return {};
    default:
      return undefined;
  }
}

function sampleString(format: unknown): string {
  if (format === 'url') return 'https://example.com/a.png';
  if (format === 'datetime') return new Date(Date.now() + 86_400_000).toISOString();
  if (format === 'date') return '2030-01-01';
  return 'fuzz-sample';
}

/** One leaf field of a body: its path, its kind, and a function that builds a body with a value there. */
export interface FieldTarget {
  path: Path;
  kind: string;
  build(value: unknown): unknown;
}

/** Every leaf field of `schema` (object properties, array elements, union options), depth-first. */
export function fieldTargets(schema: Schema, path: Path = [], build: (value: unknown) => unknown = (value) => value): FieldTarget[] {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (path.length > 8) return [];
  if (def.type === 'object') {
    const shape = def.shape as Record<string, Schema>;
    const base = sampleOf(inner) as Record<string, unknown>;
    return [
      { path, kind: 'object', build },
      ...Object.entries(shape).flatMap(([key, field]) => fieldTargets(field, [...path, key], (value) => build({ ...base, [key]: value }))),
    ];
  }
  if (def.type === 'array') {
    return [{ path, kind: 'array', build }, ...fieldTargets(def.element as Schema, [...path, 0], (value) => build([value]))];
  }
  if (def.type === 'union') {
    const seen = new Set<string>();
    return (def.options as Schema[]).flatMap((option) =>
      fieldTargets(option, path, build).filter((target) => {
        const key = `${target.path.join('.')}:${target.kind}`;
        return seen.has(key) ? false : (seen.add(key), true);
      }),
    );
  }
  return [{ path, kind: def.type, build }];
}

/** The top-level keys of a query or params schema. */
export function topLevelKeys(schema: Schema): string[] {
  const def = defOf(unwrap(schema));
  return def.type === 'object' ? Object.keys(def.shape as Record<string, Schema>) : [];
}

const HUGE = 'x'.repeat(30_000);

/** Hostile JSON values for a body field of `kind` (every one of them wrong for any field of that kind). */
export function hostileBodyValues(kind: string): unknown[] {
  const nested = { nested: { deeper: { deepest: ['\u0000'] } } };
  if (kind === 'string') return ['a\u0000b', 'bad\u0001\u001f\u007fcontrol', 2 ** 31, HUGE, nested];
  if (kind === 'number') return [2 ** 31, 2 ** 53, 1e308, -(2 ** 31) - 1, 0.5, '1', nested];
  return ['a\u0000b', 2 ** 31, HUGE, nested];
}

/** True when the path names a database id (`id`, `skuId`, an element of `couponTemplateIds`). */
export function isIdPath(path: readonly (string | number)[]): boolean {
  const last = path[path.length - 1];
  const key = typeof last === 'number' ? path[path.length - 2] : last;
  return typeof key === 'string' && /^(id|.*Id)$/.test(key.replace(/Ids$/, 'Id'));
}

/** Hostile query-string and path values (always strings on the wire). */
export const HOSTILE_STRINGS: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '2147483648',
  '99999999999',
  '123456789012345678901234',
  '1e400',
  '-1',
  '0x10',
  'abc',
  '1.5',
  'x'.repeat(10_000),
];

/** Malformed cursors: not base64 JSON, wrong shape, numbers beyond every column, strings where numbers go. */
export const HOSTILE_CURSORS: readonly string[] = [
  'WyJ4Il0',
  'garbage!!',
  '\u0000',
  ...[
    '[1e400]',
    '[99999999999]',
    '[2147483648]',
    '[-1]',
    '["x"]',
    '[null]',
    '[1.5]',
    '["default",1e400,1]',
    '["default",99999999999,99999999999]',
    '["sales",99999999999,1]',
    '["price_asc","x",1]',
    '{"a":1}',
    '[[1]]',
    '["\\u0000"]',
  ].map((json) => Buffer.from(json, 'utf8').toString('base64url')),
];

/** Whole bodies (JSON text) that are not what any route expects. */
export const HOSTILE_ROOT_BODIES: readonly string[] = [
  '[]',
  '"text"',
  '12',
  'null',
  '{"\\u0000":1}',
  '{"__proto__":{"isAdmin":true}}',
  '{"nested":{"a":{"b":{"c":{"d":1}}}}}',
  '{"a":',
];
