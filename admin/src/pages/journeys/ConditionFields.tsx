import type { BranchCondition } from '@siyu/shared';
import { Form, Input, Select } from 'antd';
import type { JourneyOptions } from './use-journey-options';

/** The current value stays selectable even when the list does not have it (an archived coupon, a deleted segment). */
export const withCurrent = (list: { value: number; label: string }[], current: number) =>
  list.some((option) => option.value === current) ? list : [{ value: current, label: `#${current}` }, ...list];

/** A branch's condition: ordered since entry, in a segment, has a tag, or a message opened. */
export function ConditionFields({
  condition,
  options,
  onChange,
}: {
  condition: BranchCondition;
  options: JourneyOptions;
  onChange(next: BranchCondition): void;
}) {
  return (
    <>
      <Form.Item label="条件">
        <Select
          aria-label="分支条件"
          value={condition.kind}
          onChange={(kind: BranchCondition['kind']) =>
            onChange(
              kind === 'segment'
                ? { kind, segmentId: options.segments[0]?.value ?? 1 }
                : kind === 'tag'
                  ? { kind, tagId: options.tagGroups[0]?.options[0]?.value ?? 1 }
                  : kind === 'message_opened'
                    ? { kind, stepId: 'send_1' }
                    : { kind },
            )
          }
          options={[
            { value: 'ordered_since_entry', label: '进入旅程后已下单' },
            { value: 'segment', label: '在分群中' },
            { value: 'tag', label: '有标签' },
            { value: 'message_opened', label: '消息已读 / 已点击' },
          ]}
        />
      </Form.Item>
      {condition.kind === 'segment' && (
        <Form.Item label="分群">
          <Select
            aria-label="条件分群"
            showSearch
            optionFilterProp="label"
            value={condition.segmentId}
            onChange={(segmentId: number) => onChange({ kind: 'segment', segmentId })}
            options={withCurrent(options.segments, condition.segmentId)}
          />
        </Form.Item>
      )}
      {condition.kind === 'tag' && (
        <Form.Item label="标签">
          <Select
            aria-label="条件标签"
            showSearch
            optionFilterProp="label"
            value={condition.tagId}
            onChange={(tagId: number) => onChange({ kind: 'tag', tagId })}
            options={options.tagGroups}
          />
        </Form.Item>
      )}
      {condition.kind === 'message_opened' && (
        <Form.Item label="发送步骤 id">
          <Input aria-label="消息步骤" value={condition.stepId} onChange={(event) => onChange({ kind: 'message_opened', stepId: event.target.value })} />
        </Form.Item>
      )}
    </>
  );
}
