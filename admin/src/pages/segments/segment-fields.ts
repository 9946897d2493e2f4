import {
  LIFECYCLE_STAGES,
  RFM_CELLS,
  SEGMENT_FACTS,
  segmentConditionAt,
  segmentDefinitionSchema,
  segmentProblemText,
  TIER_CODES,
  TIER_NAMES,
  type SegmentDefinitionInput,
  type SegmentFact,
} from '@siyu/shared';
import type { z } from 'zod';

/**
 * The builder's field catalogue: what staff pick a condition by (a "field"), the condition a field
 * starts as, the Chinese words for operators and values, and where validation problems belong.
 * Pure, so the rules are tested without a browser (segment-fields.test.ts).
 */

export type SegmentConditionInput = SegmentDefinitionInput['groups'][number]['conditions'][number];
export type SegmentGroupInput = SegmentDefinitionInput['groups'][number];
export type FactConditionInput = Extract<SegmentConditionInput, { type: 'fact' }>;
export type FactOp = FactConditionInput['op'];

/** A field: `fact:<code>` for a numeric fact, otherwise the condition type. */
export type FieldKey = `fact:${SegmentFact}` | Exclude<SegmentConditionInput['type'], 'fact'>;

interface FieldGroup {
  label: string;
  fields: FieldKey[];
}

/** The picker's groups, in the order the playbooks use them. */
export const FIELD_GROUPS: readonly FieldGroup[] = [
  {
    label: '消费事实',
    fields: [
      'fact:netPaidFen',
      'fact:paidOrders',
      'fact:aovFen',
      'fact:refundCount',
      'fact:couponShareBp',
      'fact:daysSinceLastOrder',
      'fact:daysSinceFirstOrder',
      'fact:daysSinceRegistered',
      'fact:daysSinceLastActive',
    ],
  },
  { label: 'RFM', fields: ['rfmCell', 'fact:rScore', 'fact:fScore', 'fact:mScore', 'fact:windowOrders', 'fact:windowNetFen'] },
  { label: '生命周期', fields: ['lifecycle'] },
  { label: '等级', fields: ['tier'] },
  { label: '标签', fields: ['tag'] },
  { label: '渠道', fields: ['channel'] },
  { label: '购买/浏览', fields: ['bought', 'viewedNotBought'] },
  { label: '优惠券', fields: ['couponHeld', 'couponUsed'] },
  { label: '积分', fields: ['fact:pointsBalance'] },
  { label: '生日', fields: ['birthdayMonth'] },
  { label: '城市', fields: ['city'] },
  { label: '手机', fields: ['hasPhone'] },
  { label: '授权', fields: ['consent'] },
];

const OTHER_FIELD_NAMES: Readonly<Record<Exclude<FieldKey, `fact:${string}`>, string>> = {
  rfmCell: 'RFM 分层',
  lifecycle: '生命周期阶段',
  tier: '会员等级',
  tag: '标签',
  channel: '渠道',
  bought: '买过',
  viewedNotBought: '看过没买',
  couponHeld: '持有优惠券',
  couponUsed: '用过优惠券',
  birthdayMonth: '生日月份',
  city: '所在城市',
  hasPhone: '绑定手机',
  consent: '营销授权',
};

export type FactUnit = (typeof SEGMENT_FACTS)[number]['unit'];

export function factInfo(fact: SegmentFact): { name: string; unit: FactUnit } {
  const found = SEGMENT_FACTS.find((candidate) => candidate.code === fact);
  return { name: found?.name ?? fact, unit: found?.unit ?? 'count' };
}

export function fieldName(field: FieldKey): string {
  return field.startsWith('fact:') ? factInfo(field.slice(5) as SegmentFact).name : OTHER_FIELD_NAMES[field as keyof typeof OTHER_FIELD_NAMES];
}

export function fieldOf(condition: SegmentConditionInput): FieldKey {
  return condition.type === 'fact' ? `fact:${condition.fact}` : condition.type;
}

/** The condition a field starts as when picked (lists start empty: the row asks for a choice). */
export function defaultCondition(field: FieldKey): SegmentConditionInput {
  if (field.startsWith('fact:')) return { type: 'fact', fact: field.slice(5) as SegmentFact, op: 'gte', value: 0 };
  switch (field) {
    case 'rfmCell':
      return { type: 'rfmCell', cells: [] };
    case 'lifecycle':
      return { type: 'lifecycle', stages: [] };
    case 'tier':
      return { type: 'tier', tiers: [] };
    case 'tag':
      return { type: 'tag', op: 'any', tagIds: [] };
    case 'channel':
      return { type: 'channel', which: 'acquisition', channelIds: [] };
    case 'bought':
      return { type: 'bought', categoryIds: [], withinDays: 180, minTimes: 1 };
    case 'viewedNotBought':
      return { type: 'viewedNotBought', productIds: [], withinDays: 30 };
    case 'couponHeld':
      return { type: 'couponHeld' };
    case 'couponUsed':
      return { type: 'couponUsed', withinDays: 90 };
    case 'birthdayMonth':
      return { type: 'birthdayMonth', months: [] };
    case 'city':
      return { type: 'city', cities: [] };
    case 'hasPhone':
      return { type: 'hasPhone', value: true };
    case 'consent':
      return { type: 'consent', channel: 'sms', granted: true };
    default:
      return { type: 'hasPhone', value: true };
  }
}

/** Whether the schema lets this condition be negated (取反). */
export function canNegate(condition: SegmentConditionInput): boolean {
  return condition.type !== 'tag' && condition.type !== 'hasPhone' && condition.type !== 'consent';
}

export const FACT_OP_OPTIONS: { value: FactOp; label: string }[] = [
  { value: 'gte', label: '≥' },
  { value: 'lte', label: '≤' },
  { value: 'eq', label: '=' },
  { value: 'between', label: '介于' },
];

/** The value as staff type it: yuan for fen, percent for basis points, the number itself otherwise. */
export function factToDisplay(unit: FactUnit, value: number): number {
  if (unit === 'fen') return value / 100;
  if (unit === 'bp') return value / 100;
  return value;
}

/** Back to the stored integer: yuan → fen, percent → basis points (rounded once, to the nearest). */
export function factFromDisplay(unit: FactUnit, display: number): number {
  if (unit === 'fen' || unit === 'bp') return Math.round(display * 100);
  return Math.round(display);
}

export const UNIT_SUFFIX: Readonly<Record<FactUnit, string>> = { count: '', fen: '元', bp: '%', days: '天', score: '分' };

export const RFM_OPTIONS = RFM_CELLS.map((cell) => ({ value: cell.code, label: `${cell.name} ${cell.code}`, title: cell.hint }));
export const LIFECYCLE_OPTIONS = LIFECYCLE_STAGES.map((stage) => ({ value: stage.code, label: stage.name, title: stage.hint }));
export const TIER_OPTIONS = TIER_CODES.map((code) => ({ value: code, label: TIER_NAMES[code] }));
export const MONTH_OPTIONS = Array.from({ length: 12 }, (_, index) => ({ value: index + 1, label: `${index + 1} 月` }));
export const TAG_OP_OPTIONS = [
  { value: 'any', label: '含任一' },
  { value: 'all', label: '含全部' },
  { value: 'none', label: '都不含' },
] as const;
export const CHANNEL_WHICH_OPTIONS = [
  { value: 'acquisition', label: '首次来源' },
  { value: 'last', label: '最近触达' },
  { value: 'any', label: '曾经触达' },
] as const;
export const CONSENT_CHANNEL_OPTIONS = [
  { value: 'sms', label: '短信' },
  { value: 'wecom', label: '企业微信' },
  { value: 'subscribe', label: '订阅消息' },
  { value: 'personalized', label: '个性化推荐' },
] as const;

/** An empty definition (every member): one group waiting for its first condition is added by the builder. */
export const EMPTY_DEFINITION: SegmentDefinitionInput = { match: 'all', groups: [] };

/** Problems keyed "group.condition" (several at one condition are joined). */
export type ConditionProblems = Record<string, string>;

export function problemsFrom(issues: readonly { path: string | readonly PropertyKey[]; message: string }[]): ConditionProblems {
  const problems: ConditionProblems = {};
  for (const issue of issues) {
    const at = segmentConditionAt(issue.path);
    const key = at ? `${at[0]}.${at[1]}` : 'definition';
    // The words per field are shared with the server's SEGMENT_DEFINITION_INVALID message.
    const text = at ? segmentProblemText(issue.path, issue.message) : '条件太多：最多 10 组、共 40 个条件';
    problems[key] = problems[key] && problems[key] !== text ? `${problems[key]}；${text}` : text;
  }
  return problems;
}

/** Checks the definition with the shared schema: the parsed definition, or the problems per condition. */
export function checkDefinition(
  definition: SegmentDefinitionInput,
): { ok: true; definition: z.output<typeof segmentDefinitionSchema> } | { ok: false; problems: ConditionProblems } {
  const result = segmentDefinitionSchema.safeParse(definition);
  return result.success ? { ok: true, definition: result.data } : { ok: false, problems: problemsFrom(result.error.issues) };
}

/**
 * The server's 400 details as problems per condition: SEGMENT_DEFINITION_INVALID sends
 * `[{ path: 'groups.0.conditions.1.tagIds', message }]`, VALIDATION_FAILED `{ issues: [{ field: 'body.definition.groups…' }] }`.
 */
export function problemsFromDetails(details: unknown): ConditionProblems {
  const wrapped = (details ?? {}) as { issues?: unknown };
  const list: unknown[] = Array.isArray(details) ? details : Array.isArray(wrapped.issues) ? wrapped.issues : [];
  const issues = list.flatMap((item) => {
    const { path, field, message } = (item ?? {}) as { path?: unknown; field?: unknown; message?: unknown };
    const raw = typeof path === 'string' ? path.split('.') : Array.isArray(path) ? path.map(String) : typeof field === 'string' ? field.split('.') : null;
    if (!raw) return [];
    while (raw[0] === 'body' || raw[0] === 'definition') raw.shift();
    return [{ path: raw, message: typeof message === 'string' ? message : '' }];
  });
  return issues.length > 0 ? problemsFrom(issues) : { definition: '分群条件有误，请检查' };
}
