import type { JourneyDefinition, JourneyStep, SendContent } from '@siyu/shared';

/**
 * Pure helpers of the journey editor: the flow as a tree (a vertical list, a branch splitting into its
 * 是 / 否 columns), inserting and removing steps while keeping the links, and the publish problems
 * mapped to the step they name.
 */

export type StepType = JourneyStep['type'];

export const STEP_TYPE_NAMES: Readonly<Record<StepType, string>> = {
  wait: '等待',
  branch: '条件分支',
  send: '发送消息',
  grant_coupon: '发优惠券',
  grant_points: '送积分',
  tag: '打标签',
  task: '员工任务',
};

/** Where a new step goes: the entry, or after a step (its `next`, or a branch's `yes` / `no`). */
export type Slot = { kind: 'entry' } | { kind: 'after'; stepId: string; port: 'next' | 'yes' | 'no' };

/** One node of the drawn flow. */
export type FlowNode =
  | { kind: 'step'; step: JourneyStep; slot: Slot; yes?: FlowNode[]; no?: FlowNode[] }
  /** A link to a step drawn elsewhere (a merge or a loop). */
  | { kind: 'jump'; stepId: string; slot: Slot }
  /** A link to an id no step has. */
  | { kind: 'missing'; stepId: string; slot: Slot };

export function stepById(definition: JourneyDefinition, id: string): JourneyStep | undefined {
  return definition.steps.find((step) => step.id === id);
}

/** The flow from the entry step: each step once, in the order met; later links to it are jumps. */
export function flowTree(definition: JourneyDefinition): { nodes: FlowNode[]; unreachable: JourneyStep[] } {
  const seen = new Set<string>();
  const walk = (id: string | null, slot: Slot): FlowNode[] => {
    const nodes: FlowNode[] = [];
    let current = id;
    let currentSlot = slot;
    while (current !== null) {
      const step = stepById(definition, current);
      if (!step) {
        nodes.push({ kind: 'missing', stepId: current, slot: currentSlot });
        break;
      }
      if (seen.has(current)) {
        nodes.push({ kind: 'jump', stepId: current, slot: currentSlot });
        break;
      }
      seen.add(current);
      if (step.type === 'branch') {
        const node: FlowNode = { kind: 'step', step, slot: currentSlot };
        node.yes = walk(step.yes, { kind: 'after', stepId: step.id, port: 'yes' });
        node.no = walk(step.no, { kind: 'after', stepId: step.id, port: 'no' });
        nodes.push(node);
        break;
      }
      nodes.push({ kind: 'step', step, slot: currentSlot });
      currentSlot = { kind: 'after', stepId: step.id, port: 'next' };
      current = step.next;
    }
    return nodes;
  };
  const nodes = walk(definition.entryStepId, { kind: 'entry' });
  return { nodes, unreachable: definition.steps.filter((step) => !seen.has(step.id)) };
}

/** A fresh id for a step of `type` (send_2, wait_3…), unused in the definition. */
export function newStepId(definition: JourneyDefinition, type: StepType): string {
  const used = new Set(definition.steps.map((step) => step.id));
  for (let n = 1; ; n += 1) {
    const id = `${type}_${n}`;
    if (!used.has(id)) return id;
  }
}

export const defaultContent = (channel: SendContent['channel'] = 'inapp'): SendContent => ({
  channel,
  template: channel === 'inapp' || channel === 'wecom' ? 'text' : '',
  variables: channel === 'inapp' || channel === 'wecom' ? { title: '', content: '' } : {},
});

/** A new step of `type` continuing to `next`. */
export function defaultStep(type: StepType, id: string, next: string | null): JourneyStep {
  switch (type) {
    case 'wait':
      return { id, type, minutes: 1440, next };
    case 'branch':
      return { id, type, condition: { kind: 'ordered_since_entry' }, yes: next, no: null };
    case 'send':
      return { id, type, content: defaultContent(), next };
    case 'grant_coupon':
      return { id, type, couponId: 1, next };
    case 'grant_points':
      return { id, type, points: 100, reason: '旅程赠送', next };
    case 'tag':
      return { id, type, action: 'add', tagId: 1, next };
    case 'task':
      return { id, type, kind: 'call', title: '回访会员', script: '', dueInHours: 24, next };
  }
}

function targetOf(definition: JourneyDefinition, slot: Slot): string | null {
  if (slot.kind === 'entry') return definition.entryStepId;
  const step = stepById(definition, slot.stepId);
  if (!step) return null;
  if (step.type === 'branch') return slot.port === 'no' ? step.no : step.yes;
  return step.next;
}

function withTarget(step: JourneyStep, port: 'next' | 'yes' | 'no', target: string | null): JourneyStep {
  if (step.type === 'branch') return port === 'no' ? { ...step, no: target } : { ...step, yes: target };
  return { ...step, next: target };
}

/** Inserts a new step of `type` at `slot`; what followed the slot follows the new step (a branch's 是). */
export function insertStep(definition: JourneyDefinition, slot: Slot, type: StepType): { definition: JourneyDefinition; stepId: string } {
  const id = newStepId(definition, type);
  const step = defaultStep(type, id, targetOf(definition, slot));
  const steps = definition.steps.map((existing) => (slot.kind === 'after' && existing.id === slot.stepId ? withTarget(existing, slot.port, id) : existing));
  return {
    definition: { ...definition, steps: [...steps, step], entryStepId: slot.kind === 'entry' ? id : definition.entryStepId },
    stepId: id,
  };
}

function reachable(definition: JourneyDefinition): Set<string> {
  const seen = new Set<string>();
  const stack = [definition.entryStepId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    const step = stepById(definition, id);
    if (!step) continue;
    seen.add(id);
    const targets = step.type === 'branch' ? [step.yes, step.no] : [step.next];
    for (const target of targets) if (target !== null) stack.push(target);
  }
  return seen;
}

/**
 * Removes a step: links to it go on to its `next` (a branch: its 是 path), and the steps only the removed
 * one led to (a branch's 否 path) go with it. The last step cannot be removed (a journey has at least one).
 */
export function removeStep(definition: JourneyDefinition, stepId: string): JourneyDefinition {
  const step = stepById(definition, stepId);
  if (!step || definition.steps.length <= 1) return definition;
  const continuation = step.type === 'branch' ? step.yes : step.next;
  const relink = (target: string | null) => (target === stepId ? continuation : target);
  const before = reachable(definition);
  const steps = definition.steps
    .filter((other) => other.id !== stepId)
    .map((other) => (other.type === 'branch' ? { ...other, yes: relink(other.yes), no: relink(other.no) } : { ...other, next: relink(other.next) }));
  let entryStepId = relink(definition.entryStepId) ?? steps[0]?.id ?? definition.entryStepId;
  if (!steps.some((other) => other.id === entryStepId)) entryStepId = steps[0]?.id ?? entryStepId;
  const next = { ...definition, steps, entryStepId };
  const after = reachable(next);
  // Steps that were reachable and are no longer (the removed branch's other side) are dropped too.
  return { ...next, steps: steps.filter((other) => after.has(other.id) || !before.has(other.id)) };
}

export function replaceStep(definition: JourneyDefinition, stepId: string, step: JourneyStep): JourneyDefinition {
  return { ...definition, steps: definition.steps.map((other) => (other.id === stepId ? step : other)) };
}

/** Problems of a failed publish, by step id (`''` = the journey itself: trigger, goal, re-entry…). */
export function problemsByStep(definition: JourneyDefinition, details: unknown): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  if (!Array.isArray(details)) return result;
  const ids = new Set(definition.steps.map((step) => step.id));
  for (const detail of details as { path?: unknown; message?: unknown; stepId?: unknown }[]) {
    const message = typeof detail.message === 'string' ? detail.message : '不合规';
    const parts = Array.isArray(detail.path) ? detail.path.map(String) : typeof detail.path === 'string' ? detail.path.split(/[.[\]/]+/).filter(Boolean) : [];
    let stepId = typeof detail.stepId === 'string' && ids.has(detail.stepId) ? detail.stepId : '';
    if (!stepId) {
      const at = parts.indexOf('steps');
      const index = at >= 0 ? Number(parts[at + 1]) : Number.NaN;
      if (Number.isInteger(index) && definition.steps[index]) stepId = definition.steps[index].id;
      else stepId = parts.find((part) => ids.has(part)) ?? '';
    }
    const field = parts.length > 0 ? parts.join('.') : '';
    (result[stepId] ??= []).push(stepId || !field ? message : `${field}：${message}`);
  }
  return result;
}

const minutesText = (minutes: number): string =>
  minutes % 1440 === 0 ? `${minutes / 1440} 天` : minutes % 60 === 0 ? `${minutes / 60} 小时` : `${minutes} 分钟`;

export { minutesText };
