import '../../testing/jsdom';
import type { SegmentDefinitionInput } from '@siyu/shared';
import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { SegmentBuilder } from './SegmentBuilder';
import type { ConditionProblems } from './segment-fields';
import type { SegmentOptions } from './use-segment-options';

// @ant-design/icons v6 ships ES modules only, which the admin jest project does not transform.
jest.mock('@ant-design/icons', () => new Proxy({}, { get: () => () => null }));

const options: SegmentOptions = {
  tagGroups: [{ label: '兴趣', options: [{ value: 7, label: '母婴' }] }],
  channels: [],
  couponTemplates: [],
  categories: { tree: [], isLoading: false, pathOf: (id) => `#${id}`, treeSelectData: [], reload: () => undefined },
};

/** The builder in a parent that keeps its value, reporting every change. */
function Harness({
  initial,
  problems,
  onChange,
}: {
  initial: SegmentDefinitionInput;
  problems?: ConditionProblems;
  onChange(next: SegmentDefinitionInput): void;
}) {
  const [value, setValue] = useState(initial);
  return (
    <SegmentBuilder
      value={value}
      options={options}
      problems={problems}
      onChange={(next) => {
        setValue(next);
        onChange(next);
      }}
    />
  );
}

const click = (name: RegExp) => fireEvent.click(screen.getByRole('button', { name }));

describe('SegmentBuilder', () => {
  it('adds a group with a 累计消费 condition, then a second condition, then removes the group', () => {
    const changes: SegmentDefinitionInput[] = [];
    render(<Harness initial={{ match: 'all', groups: [] }} onChange={(next) => changes.push(next)} />);
    expect(screen.getByText('还没有条件：当前选中全部会员')).toBeTruthy();
    click(/添加条件组/);
    expect(changes.at(-1)).toEqual({ match: 'all', groups: [{ match: 'all', conditions: [{ type: 'fact', fact: 'netPaidFen', op: 'gte', value: 0 }] }] });
    click(/^添加条件$/);
    expect(changes.at(-1)?.groups[0]?.conditions).toHaveLength(2);
    click(/删除条件 1-1/);
    click(/删除条件 1-1/);
    expect(changes.at(-1)).toEqual({ match: 'all', groups: [] });
  });

  it('types money in yuan and stores fen; 取反 adds not: true', () => {
    const changes: SegmentDefinitionInput[] = [];
    render(
      <Harness
        initial={{ match: 'any', groups: [{ match: 'all', conditions: [{ type: 'fact', fact: 'netPaidFen', op: 'gte', value: 0 }] }] }}
        onChange={(next) => changes.push(next)}
      />,
    );
    fireEvent.change(screen.getByLabelText('条件 1-1 数值'), { target: { value: '300.5' } });
    expect(changes.at(-1)?.groups[0]?.conditions[0]).toEqual({ type: 'fact', fact: 'netPaidFen', op: 'gte', value: 30_050 });
    fireEvent.click(screen.getByLabelText('条件 1-1 取反'));
    expect(changes.at(-1)?.groups[0]?.conditions[0]).toMatchObject({ value: 30_050, not: true });
    expect(changes.at(-1)?.match).toBe('any');
  });

  it('shows a problem at the condition it names, and none elsewhere', () => {
    render(
      <Harness
        initial={{
          match: 'all',
          groups: [
            {
              match: 'all',
              conditions: [
                { type: 'tier', tiers: ['gold'] },
                { type: 'tag', op: 'any', tagIds: [] },
              ],
            },
          ],
        }}
        problems={{ '0.1': '请选择标签' }}
        onChange={() => undefined}
      />,
    );
    const rows = screen.getAllByTestId('segment-condition');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).not.toContain('请选择标签');
    expect(rows[1]?.textContent).toContain('请选择标签');
    // 标签 has no 取反 (its 都不含 covers it); 等级 does.
    expect(screen.queryByLabelText('条件 1-2 取反')).toBeNull();
    expect(screen.getByLabelText('条件 1-1 取反')).toBeTruthy();
  });
});
