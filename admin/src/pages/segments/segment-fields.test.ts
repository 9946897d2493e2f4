import { SEGMENT_FACTS, segmentConditionAt as conditionAt, segmentConditionSchema } from '@siyu/shared';
import {
  canNegate,
  checkDefinition,
  defaultCondition,
  factFromDisplay,
  factToDisplay,
  FIELD_GROUPS,
  fieldName,
  fieldOf,
  problemsFromDetails,
  type FieldKey,
} from './segment-fields';

const allFields: FieldKey[] = FIELD_GROUPS.flatMap((group) => group.fields);
const CONDITION_TYPES = [
  'fact',
  'rfmCell',
  'lifecycle',
  'tier',
  'tag',
  'channel',
  'bought',
  'viewedNotBought',
  'couponHeld',
  'couponUsed',
  'birthdayMonth',
  'city',
  'hasPhone',
  'consent',
];

describe('the field catalogue', () => {
  it('offers every fact and every condition type exactly once, each with a Chinese name', () => {
    expect(new Set(allFields).size).toBe(allFields.length);
    for (const fact of SEGMENT_FACTS) expect(allFields).toContain(`fact:${fact.code}`);
    expect(new Set(allFields.map((field) => defaultCondition(field).type))).toEqual(new Set(CONDITION_TYPES));
    for (const field of allFields) expect(fieldName(field)).toMatch(/\p{Script=Han}|RFM|[RFM] 分/u);
  });

  it('starts each field as a condition of that field (a round trip through fieldOf)', () => {
    for (const field of allFields) expect(fieldOf(defaultCondition(field))).toBe(field);
  });

  it('starts list conditions empty (the row asks for a choice) and the rest valid', () => {
    const needsChoice = new Set(['rfmCell', 'lifecycle', 'tier', 'tag', 'channel', 'bought', 'viewedNotBought', 'birthdayMonth', 'city']);
    for (const field of allFields) {
      const condition = defaultCondition(field);
      expect({ field, ok: segmentConditionSchema.safeParse(condition).success }).toEqual({ field, ok: !needsChoice.has(condition.type) });
    }
  });

  it('offers 取反 only where the schema has `not`', () => {
    expect(canNegate(defaultCondition('tag'))).toBe(false);
    expect(canNegate(defaultCondition('hasPhone'))).toBe(false);
    expect(canNegate(defaultCondition('consent'))).toBe(false);
    expect(canNegate(defaultCondition('tier'))).toBe(true);
    expect(canNegate(defaultCondition('fact:netPaidFen'))).toBe(true);
  });
});

describe('fact values as typed', () => {
  it.each([
    ['fen', 300, 30_000],
    ['fen', 12.34, 1234],
    ['fen', 0.29, 29],
    ['bp', 80, 8000],
    ['bp', 12.5, 1250],
    ['days', 90, 90],
    ['count', 2, 2],
  ] as const)('%s: %s typed is stored as %s and shown back the same', (unit, display, stored) => {
    expect(factFromDisplay(unit, display)).toBe(stored);
    expect(factToDisplay(unit, stored)).toBe(display);
  });
});

describe('problems at their conditions', () => {
  it('reads a condition from a path', () => {
    expect(conditionAt('groups.1.conditions.0.tagIds')).toEqual([1, 0]);
    expect(conditionAt(['groups', 0, 'conditions', 3])).toEqual([0, 3]);
    expect(conditionAt('groups')).toBeNull();
  });

  it('names the incomplete condition in Chinese (the shared schema speaks English)', () => {
    const checked = checkDefinition({
      match: 'all',
      groups: [{ match: 'any', conditions: [defaultCondition('fact:paidOrders'), { type: 'tag', op: 'any', tagIds: [] }] }],
    });
    expect(checked).toEqual({ ok: false, problems: { '0.1': '请选择标签（已选的标签可能不存在或已归档）' } });
  });

  it('shows a reversed 介于 range at its row', () => {
    const checked = checkDefinition({
      match: 'all',
      groups: [{ match: 'all', conditions: [{ type: 'fact', fact: 'aovFen', op: 'between', value: 500, to: 100 }] }],
    });
    expect(checked).toEqual({ ok: false, problems: { '0.0': '区间上限须不小于下限' } });
  });

  it("maps the server's SEGMENT_DEFINITION_INVALID and VALIDATION_FAILED details", () => {
    expect(problemsFromDetails([{ path: 'groups.0.conditions.1.tagIds', message: 'unknown tag 999' }])).toEqual({
      '0.1': '请选择标签（已选的标签可能不存在或已归档）',
    });
    expect(problemsFromDetails([{ path: 'groups.2.conditions.0.channelIds', message: '渠道 #7 不存在' }])).toEqual({ '2.0': '渠道 #7 不存在' });
    expect(problemsFromDetails({ issues: [{ field: 'body.definition.groups.0.conditions.0.value', message: 'Too big' }] })).toEqual({
      '0.0': '请填写有效的数值',
    });
    expect(problemsFromDetails(undefined)).toEqual({ definition: '分群条件有误，请检查' });
  });
});
