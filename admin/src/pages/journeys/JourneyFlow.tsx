import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { JourneyDefinition, JourneyStep } from '@siyu/shared';
import { Button, Dropdown, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { stepSummary, type NameOf } from './journey-labels';
import './journey-flow.css';
import { flowTree, STEP_TYPE_NAMES, type FlowNode, type Slot, type StepType } from './journey-steps';
import type { StepCounts } from './journeys-api';

export interface JourneyFlowProps {
  definition: JourneyDefinition;
  counts: Record<string, StepCounts>;
  problems: Record<string, string[]>;
  selectedId: string | null;
  isReadOnly: boolean;
  /** Coupon, tag and segment names for the cards (ids when unknown). */
  nameOf?: NameOf;
  onSelect(stepId: string): void;
  onInsert(slot: Slot, type: StepType): void;
  onRemove(stepId: string): void;
}

const STEP_COLORS: Readonly<Record<StepType, string>> = {
  wait: '#8c8c8c',
  branch: '#722ed1',
  send: '#1677ff',
  grant_coupon: '#fa541c',
  grant_points: '#fa8c16',
  tag: '#13c2c2',
  task: '#52c41a',
};

const n = (value: number | undefined) => (value ?? 0).toLocaleString('zh-CN');

function countsLine(step: JourneyStep, counts: StepCounts | undefined): string {
  if (step.type === 'branch') return `进入 ${n(counts?.entered)} · 是 ${n(counts?.yes)} · 否 ${n(counts?.no)}`;
  if (step.type === 'send') return `进入 ${n(counts?.entered)} · 已发 ${n(counts?.sent)} · 跳过 ${n(counts?.skipped)}`;
  return `进入 ${n(counts?.entered)} · 完成 ${n(counts?.done)}`;
}

/** The journey as a vertical flow: step cards top to bottom, a branch's 是 / 否 side by side, the per-step counts on each card. */
export function JourneyFlow(props: JourneyFlowProps) {
  const { nodes, unreachable } = flowTree(props.definition);
  return (
    <div className="journey-flow" data-testid="journey-flow">
      <div className="journey-flow__start">开始</div>
      <Column nodes={nodes} entrySlot={{ kind: 'entry' }} {...props} />
      {unreachable.length > 0 && (
        <div className="journey-flow__orphans">
          <Typography.Text type="warning">未连接的步骤（不会被执行）</Typography.Text>
          {unreachable.map((step) => (
            <StepCard key={step.id} step={step} {...props} />
          ))}
        </div>
      )}
    </div>
  );
}

function AddButton({ slot, isReadOnly, onInsert, label }: { slot: Slot; isReadOnly: boolean; onInsert: JourneyFlowProps['onInsert']; label: string }) {
  if (isReadOnly) return <div className="journey-flow__line" />;
  return (
    <div className="journey-flow__line">
      <Dropdown
        trigger={['click']}
        menu={{
          items: (Object.keys(STEP_TYPE_NAMES) as StepType[]).map((type) => ({ key: type, label: STEP_TYPE_NAMES[type] })),
          onClick: ({ key }) => onInsert(slot, key as StepType),
        }}
      >
        <Button size="small" shape="circle" icon={<PlusOutlined />} aria-label={label} className="journey-flow__add" />
      </Dropdown>
    </div>
  );
}

function slotLabel(slot: Slot): string {
  if (slot.kind === 'entry') return '在开头添加步骤';
  if (slot.port === 'next') return `在「${slot.stepId}」后添加步骤`;
  return `在「${slot.stepId}」的${slot.port === 'yes' ? '是' : '否'}分支添加步骤`;
}

function Column(props: JourneyFlowProps & { nodes: FlowNode[]; entrySlot: Slot }): ReactNode {
  const { nodes, entrySlot, ...flow } = props;
  const items: ReactNode[] = [];
  items.push(<AddButton key="add-entry" slot={entrySlot} isReadOnly={flow.isReadOnly} onInsert={flow.onInsert} label={slotLabel(entrySlot)} />);
  for (const node of nodes) {
    if (node.kind === 'jump') {
      items.push(
        <div key={`jump-${node.stepId}`} className="journey-flow__jump">
          ↪ 转到「{node.stepId}」
        </div>,
      );
      continue;
    }
    if (node.kind === 'missing') {
      items.push(
        <div key={`missing-${node.stepId}`} className="journey-flow__missing" data-testid="journey-missing-step">
          ⚠ 指向不存在的步骤「{node.stepId}」
        </div>,
      );
      continue;
    }
    items.push(<StepCard key={node.step.id} step={node.step} {...flow} />);
    if (node.step.type === 'branch') {
      const branchId = node.step.id;
      items.push(
        <div key={`${branchId}-branches`} className="journey-flow__branches">
          <div className="journey-flow__branch">
            <Tag color="green" className="journey-flow__port">
              是
            </Tag>
            <Column {...flow} nodes={node.yes ?? []} entrySlot={{ kind: 'after', stepId: branchId, port: 'yes' }} />
            {(node.yes ?? []).length === 0 && <div className="journey-flow__end">结束</div>}
          </div>
          <div className="journey-flow__branch">
            <Tag color="red" className="journey-flow__port">
              否
            </Tag>
            <Column {...flow} nodes={node.no ?? []} entrySlot={{ kind: 'after', stepId: branchId, port: 'no' }} />
            {(node.no ?? []).length === 0 && <div className="journey-flow__end">结束</div>}
          </div>
        </div>,
      );
    } else {
      const slot: Slot = { kind: 'after', stepId: node.step.id, port: 'next' };
      items.push(<AddButton key={`add-${node.step.id}`} slot={slot} isReadOnly={flow.isReadOnly} onInsert={flow.onInsert} label={slotLabel(slot)} />);
    }
  }
  const last = nodes.at(-1);
  if (last?.kind === 'step' && last.step.type !== 'branch')
    items.push(
      <div key="end" className="journey-flow__end">
        结束
      </div>,
    );
  if (nodes.length === 0 && entrySlot.kind === 'entry')
    items.push(
      <div key="end" className="journey-flow__end">
        结束
      </div>,
    );
  return <div className="journey-flow__column">{items}</div>;
}

function StepCard({ step, counts, problems, selectedId, isReadOnly, nameOf, onSelect, onRemove }: JourneyFlowProps & { step: JourneyStep }) {
  const stepProblems = problems[step.id] ?? [];
  const classes = ['journey-step'];
  if (selectedId === step.id) classes.push('journey-step--selected');
  if (stepProblems.length > 0) classes.push('journey-step--error');
  return (
    <div
      className={classes.join(' ')}
      style={{ borderLeftColor: STEP_COLORS[step.type] }}
      role="button"
      tabIndex={0}
      aria-label={`步骤 ${step.id}`}
      data-testid={`journey-step-${step.id}`}
      onClick={() => onSelect(step.id)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onSelect(step.id);
      }}
    >
      <div className="journey-step__head">
        <Tag color={STEP_COLORS[step.type]}>{STEP_TYPE_NAMES[step.type]}</Tag>
        <Typography.Text type="secondary" className="journey-step__id">
          {step.id}
        </Typography.Text>
        {!isReadOnly && (
          <Button
            size="small"
            type="text"
            danger
            icon={<DeleteOutlined />}
            aria-label={`删除步骤 ${step.id}`}
            onClick={(event) => {
              event.stopPropagation();
              onRemove(step.id);
            }}
          />
        )}
      </div>
      <div className="journey-step__summary">{stepSummary(step, nameOf)}</div>
      <div className="journey-step__counts" data-testid="journey-step-counts">
        {countsLine(step, counts[step.id])}
      </div>
      {stepProblems.map((problem) => (
        <div key={problem} className="journey-step__problem" data-testid="journey-step-problem">
          {problem}
        </div>
      ))}
    </div>
  );
}
