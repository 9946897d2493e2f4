import { segmentDefinitionSchema } from './segment';
import { describeSegmentProblems, segmentConditionAt, segmentProblemPlace, segmentProblemText } from './segment-problems';

describe('segment problems in Chinese', () => {
  it.each([
    ['groups.1.conditions.0.tagIds', '条件 2-1'],
    ['groups.0.conditions.3', '条件 1-4'],
    ['groups.2.match', '条件组 3 的组内关系'],
    ['groups.0.conditions', '条件组 1 的条件'],
    ['groups', '条件组'],
    ['match', '组间关系'],
    ['', '分群条件'],
  ])('places %s at %s', (path, place) => {
    expect(segmentProblemPlace(path)).toBe(place);
  });

  it('reads a condition from a string or an array path', () => {
    expect(segmentConditionAt('groups.1.conditions.0.tagIds')).toEqual([1, 0]);
    expect(segmentConditionAt(['groups', 0, 'conditions', 3])).toEqual([0, 3]);
    expect(segmentConditionAt('groups.x.conditions.0')).toBeNull();
    expect(segmentConditionAt('match')).toBeNull();
  });

  it('keeps a Chinese message and words an English one by its field', () => {
    expect(segmentProblemText('groups.0.conditions.0.tagIds', '标签 #9 不存在')).toBe('标签 #9 不存在');
    expect(segmentProblemText('groups.0.conditions.0.withinDays', 'Too big: expected number to be <=3650')).toBe('天数须在 1–3650 之间');
    expect(segmentProblemText('groups.0.conditions.0.zodiac', 'unknown')).toBe('此条件有误，请检查');
  });

  it("describes every problem of a parsed definition in one Chinese line, none of zod's English", () => {
    const result = segmentDefinitionSchema.safeParse({
      match: 'some',
      groups: [
        { match: 'all', conditions: [{ type: 'couponUsed', withinDays: 0 }] },
        { match: 'any', conditions: [{ type: 'fact', fact: 'aovFen', op: 'between', value: 500, to: 100 }, { type: 'zodiac' }] },
        { match: 'x', conditions: [] },
      ],
    });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
    const line = describeSegmentProblems(issues);
    expect(line.split('；')).toEqual(
      expect.arrayContaining([
        '组间关系：须为「满足全部」或「满足任一」',
        '条件 1-1：天数须在 1–3650 之间',
        '条件 2-2：条件类型不存在',
        '条件组 3 的组内关系：须为「满足全部」或「满足任一」',
        '条件组 3 的条件：每组须有 1–20 个条件',
      ]),
    );
    expect(line).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('says a repeated problem once', () => {
    expect(
      describeSegmentProblems([
        { path: 'groups', message: 'at most 40 conditions in all' },
        { path: 'groups', message: 'x' },
      ]),
    ).toBe('条件组：条件太多：最多 10 组、共 40 个条件');
  });
});
