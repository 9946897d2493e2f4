import { journeyDefinitionSchema, type JourneyDefinition } from '@siyu/shared';
import { flowTree, insertStep, problemsByStep, removeStep } from './journey-steps';

const base: JourneyDefinition = {
  trigger: { type: 'event', event: 'member.registered' },
  purpose: 'marketing',
  entryStepId: 'send_1',
  steps: [
    { id: 'send_1', type: 'send', content: { channel: 'inapp', template: 'text', variables: { title: 'hi', content: 'x' } }, next: 'wait_1' },
    { id: 'wait_1', type: 'wait', minutes: 1440, next: 'branch_1' },
    { id: 'branch_1', type: 'branch', condition: { kind: 'ordered_since_entry' }, yes: null, no: 'send_2' },
    { id: 'send_2', type: 'send', content: { channel: 'sms', template: 'SMS_1', variables: {} }, next: 'wait_2' },
    { id: 'wait_2', type: 'wait', minutes: 60, next: null },
  ],
  goal: { event: 'order.paid', withinDays: 7 },
  reentry: { mode: 'once', cooldownDays: 0 },
  experiment: null,
};

const ids = (definition: JourneyDefinition) => definition.steps.map((step) => step.id).sort();

describe('journey steps', () => {
  it('draws the flow top to bottom with the branch split into 是 / 否, and lists steps nothing reaches', () => {
    const { nodes, unreachable } = flowTree({ ...base, steps: [...base.steps, { id: 'lost', type: 'wait', minutes: 5, next: null }] });
    expect(nodes.map((node) => (node.kind === 'step' ? node.step.id : node.kind))).toEqual(['send_1', 'wait_1', 'branch_1']);
    const branch = nodes[2];
    expect(branch?.kind === 'step' && branch.yes).toEqual([]);
    expect(branch?.kind === 'step' && branch.no?.map((node) => (node.kind === 'step' ? node.step.id : node.kind))).toEqual(['send_2', 'wait_2']);
    expect(unreachable.map((step) => step.id)).toEqual(['lost']);
  });

  it('shows a link to a missing step and a loop as a jump, and does not walk forever', () => {
    const broken = {
      ...base,
      steps: base.steps.map((step) => (step.id === 'wait_2' ? { ...step, next: 'nowhere' } : step.id === 'send_1' ? { ...step, next: 'wait_1' } : step)),
    };
    const kinds = JSON.stringify(flowTree(broken).nodes);
    expect(kinds).toContain('"kind":"missing","stepId":"nowhere"');
    const looped = { ...base, steps: base.steps.map((step) => (step.id === 'wait_2' ? { ...step, next: 'send_1' } : step)) };
    expect(JSON.stringify(flowTree(looped).nodes)).toContain('"kind":"jump","stepId":"send_1"');
  });

  it('inserts a step after another, in a branch port and at the entry, keeping the links and a valid definition', () => {
    const afterSend = insertStep(base, { kind: 'after', stepId: 'send_1', port: 'next' }, 'tag');
    expect(afterSend.stepId).toBe('tag_1');
    expect(afterSend.definition.steps.find((step) => step.id === 'send_1')).toMatchObject({ next: 'tag_1' });
    expect(afterSend.definition.steps.find((step) => step.id === 'tag_1')).toMatchObject({ next: 'wait_1' });
    const inYes = insertStep(base, { kind: 'after', stepId: 'branch_1', port: 'yes' }, 'grant_points');
    expect(inYes.definition.steps.find((step) => step.id === 'branch_1')).toMatchObject({ yes: 'grant_points_1', no: 'send_2' });
    const atEntry = insertStep(base, { kind: 'entry' }, 'wait');
    expect(atEntry.stepId).toBe('wait_3');
    expect(atEntry.definition.entryStepId).toBe('wait_3');
    expect(atEntry.definition.steps.find((step) => step.id === 'wait_3')).toMatchObject({ next: 'send_1' });
    for (const result of [afterSend, inYes, atEntry]) expect(journeyDefinitionSchema.safeParse(result.definition).success).toBe(true);
  });

  it('removes a step by linking around it; removing a branch drops its 否 side; the last step stays', () => {
    const noWait = removeStep(base, 'wait_1');
    expect(noWait.steps.find((step) => step.id === 'send_1')).toMatchObject({ next: 'branch_1' });
    const noBranch = removeStep(base, 'branch_1');
    expect(ids(noBranch)).toEqual(['send_1', 'wait_1']);
    expect(noBranch.steps.find((step) => step.id === 'wait_1')).toMatchObject({ next: null });
    const noEntry = removeStep(base, 'send_1');
    expect(noEntry.entryStepId).toBe('wait_1');
    const single = { ...base, entryStepId: 'wait_2', steps: [base.steps[4]!] };
    expect(removeStep(single, 'wait_2')).toBe(single);
  });

  it('maps publish problems to the step they name (index path, id in the path, or stepId) and keeps the rest for the journey', () => {
    const problems = problemsByStep(base, [
      { path: 'steps.3.content.variables.thing1', message: '超过 20 字' },
      { path: ['steps', 'wait_2', 'next'], message: '指向不存在的步骤' },
      { path: 'trigger.segmentId', message: '分群不存在' },
      { stepId: 'branch_1', path: 'condition', message: '标签不存在' },
    ]);
    expect(problems.send_2).toEqual(['超过 20 字']);
    expect(problems.wait_2).toEqual(['指向不存在的步骤']);
    expect(problems.branch_1).toEqual(['标签不存在']);
    expect(problems['']).toEqual(['trigger.segmentId：分群不存在']);
    expect(problemsByStep(base, undefined)).toEqual({});
  });
});
