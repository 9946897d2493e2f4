import '../../testing/jsdom';
import type { JourneyDefinition } from '@siyu/shared';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { JourneyFlow } from './JourneyFlow';

// @ant-design/icons v6 ships ES modules only, which the admin jest project does not transform.
jest.mock('@ant-design/icons', () => new Proxy({}, { get: () => () => null }));

const definition: JourneyDefinition = {
  trigger: { type: 'event', event: 'member.registered' },
  purpose: 'marketing',
  entryStepId: 'send_1',
  steps: [
    { id: 'send_1', type: 'send', content: { channel: 'inapp', template: 'text', variables: { title: 'hi', content: 'x' } }, next: 'branch_1' },
    { id: 'branch_1', type: 'branch', condition: { kind: 'ordered_since_entry' }, yes: null, no: 'wait_1' },
    { id: 'wait_1', type: 'wait', minutes: 2880, next: 'gone' },
  ],
  goal: null,
  reentry: { mode: 'once', cooldownDays: 0 },
  experiment: null,
};

function renderFlow(isReadOnly: boolean, handlers: { onSelect?: jest.Mock; onRemove?: jest.Mock } = {}) {
  return render(
    <JourneyFlow
      definition={definition}
      counts={{ send_1: { entered: 12, sent: 10, skipped: 2 }, branch_1: { entered: 10, yes: 3, no: 7 } }}
      problems={{ wait_1: ['指向不存在的步骤 gone'] }}
      selectedId={null}
      isReadOnly={isReadOnly}
      onSelect={handlers.onSelect ?? jest.fn()}
      onInsert={jest.fn()}
      onRemove={handlers.onRemove ?? jest.fn()}
    />,
  );
}

describe('JourneyFlow', () => {
  it('shows each step with its counts, the branch columns, the missing link and the problem on its step', () => {
    renderFlow(false);
    expect(within(screen.getByTestId('journey-step-send_1')).getByText('进入 12 · 已发 10 · 跳过 2')).toBeTruthy();
    expect(within(screen.getByTestId('journey-step-branch_1')).getByText('进入 10 · 是 3 · 否 7')).toBeTruthy();
    expect(within(screen.getByTestId('journey-step-wait_1')).getByText('等待 2 天')).toBeTruthy();
    expect(within(screen.getByTestId('journey-step-wait_1')).getByText('指向不存在的步骤 gone')).toBeTruthy();
    expect(within(screen.getByTestId('journey-step-send_1')).queryByTestId('journey-step-problem')).toBeNull();
    expect(screen.getByTestId('journey-missing-step').textContent).toContain('gone');
    expect(screen.getByText('是')).toBeTruthy();
    expect(screen.getByText('否')).toBeTruthy();
  });

  it('selects a step on click and removes one from its delete button', () => {
    const onSelect = jest.fn();
    const onRemove = jest.fn();
    renderFlow(false, { onSelect, onRemove });
    fireEvent.click(screen.getByTestId('journey-step-branch_1'));
    expect(onSelect).toHaveBeenCalledWith('branch_1');
    fireEvent.click(screen.getByRole('button', { name: '删除步骤 wait_1' }));
    expect(onRemove).toHaveBeenCalledWith('wait_1');
    expect(onSelect).toHaveBeenCalledTimes(1);
    expect(screen.getAllByRole('button', { name: /添加步骤/ }).length).toBeGreaterThan(0);
  });

  it('read-only: no add or delete buttons', () => {
    renderFlow(true);
    expect(screen.queryAllByRole('button', { name: /添加步骤|删除步骤/ })).toHaveLength(0);
  });
});
