import type { JourneyDefinition, JourneyStep } from '@siyu/shared';
import { Alert, Checkbox, Divider, Form, Input, InputNumber, Select, Space } from 'antd';
import { ConditionFields, withCurrent } from './ConditionFields';
import { SendContentEditor } from './SendContentEditor';
import { STEP_TYPE_NAMES } from './journey-steps';
import type { JourneyOptions } from './use-journey-options';

type WaitUnit = 'minutes' | 'hours' | 'days';
const UNIT_MINUTES: Readonly<Record<WaitUnit, number>> = { minutes: 1, hours: 60, days: 1440 };

const unitOf = (minutes: number): WaitUnit => (minutes % 1440 === 0 ? 'days' : minutes % 60 === 0 ? 'hours' : 'minutes');

/** The form of one step (in the editor's drawer); every change goes straight to the draft. */
export function StepEditor({
  step,
  definition,
  options,
  problems,
  isReadOnly,
  onChange,
}: {
  step: JourneyStep;
  definition: JourneyDefinition;
  options: JourneyOptions;
  problems: string[];
  isReadOnly: boolean;
  onChange(next: JourneyStep): void;
}) {
  const nextOptions = [
    { value: '', label: '（结束）' },
    ...definition.steps.filter((other) => other.id !== step.id).map((other) => ({ value: other.id, label: `${other.id} · ${STEP_TYPE_NAMES[other.type]}` })),
  ];
  const link = (label: string, value: string | null, set: (target: string | null) => void) => (
    <Form.Item label={label}>
      <Select aria-label={label} disabled={isReadOnly} value={value ?? ''} onChange={(target: string) => set(target || null)} options={nextOptions} />
    </Form.Item>
  );
  return (
    <Form layout="vertical" disabled={isReadOnly} data-testid="journey-step-editor">
      {problems.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problems.join('；')} />}
      <Form.Item label="步骤 id">
        <Input value={step.id} disabled />
      </Form.Item>
      <Fields step={step} options={options} isReadOnly={isReadOnly} onChange={onChange} />
      <Divider style={{ margin: '12px 0' }} />
      {step.type === 'branch' ? (
        <>
          {link('是 → 下一步', step.yes, (yes) => onChange({ ...step, yes }))}
          {link('否 → 下一步', step.no, (no) => onChange({ ...step, no }))}
        </>
      ) : (
        link('下一步', step.next, (next) => onChange({ ...step, next }))
      )}
    </Form>
  );
}

function Fields({
  step,
  options,
  isReadOnly,
  onChange,
}: {
  step: JourneyStep;
  options: JourneyOptions;
  isReadOnly: boolean;
  onChange(next: JourneyStep): void;
}) {
  switch (step.type) {
    case 'wait': {
      const isUntil = step.untilTime !== undefined;
      const minutes = step.minutes ?? 60;
      const unit = unitOf(minutes);
      return (
        <>
          <Form.Item label="等待方式">
            <Select
              aria-label="等待方式"
              value={isUntil ? 'until' : 'duration'}
              onChange={(mode: string) =>
                onChange(
                  mode === 'until'
                    ? { id: step.id, type: 'wait', untilTime: '10:00', next: step.next }
                    : { id: step.id, type: 'wait', minutes: 1440, next: step.next },
                )
              }
              options={[
                { value: 'duration', label: '等待一段时间' },
                { value: 'until', label: '等到下一个时刻（北京时间）' },
              ]}
            />
          </Form.Item>
          {isUntil ? (
            <Form.Item label="时刻（HH:MM）">
              <Input aria-label="等到时刻" value={step.untilTime} onChange={(event) => onChange({ ...step, untilTime: event.target.value })} />
            </Form.Item>
          ) : (
            <Form.Item label="等待时长">
              <Space.Compact>
                <InputNumber
                  aria-label="等待时长"
                  min={1}
                  precision={0}
                  value={minutes / UNIT_MINUTES[unit]}
                  onChange={(value) => onChange({ ...step, minutes: Math.max(1, Math.round(Number(value ?? 1))) * UNIT_MINUTES[unit] })}
                />
                <Select<WaitUnit>
                  aria-label="等待单位"
                  style={{ width: 90 }}
                  value={unit}
                  onChange={(next) => onChange({ ...step, minutes: (minutes / UNIT_MINUTES[unit]) * UNIT_MINUTES[next] })}
                  options={[
                    { value: 'minutes', label: '分钟' },
                    { value: 'hours', label: '小时' },
                    { value: 'days', label: '天' },
                  ]}
                />
              </Space.Compact>
            </Form.Item>
          )}
        </>
      );
    }
    case 'branch':
      return <ConditionFields condition={step.condition} options={options} onChange={(condition) => onChange({ ...step, condition })} />;
    case 'send':
      return (
        <>
          <SendContentEditor prefix="" value={step.content} options={options} isReadOnly={isReadOnly} onChange={(content) => onChange({ ...step, content })} />
          <Checkbox
            checked={step.variants?.B !== undefined}
            onChange={(event) => {
              const { variants: _variants, ...rest } = step;
              onChange(event.target.checked ? { ...rest, variants: { B: { ...step.content } } } : rest);
            }}
          >
            B 版本（实验 B 组收到的内容）
          </Checkbox>
          {step.variants?.B && (
            <div className="journey-editor__sub">
              <SendContentEditor
                prefix="B 版 "
                value={step.variants.B}
                options={options}
                isReadOnly={isReadOnly}
                onChange={(B) => onChange({ ...step, variants: { B } })}
              />
            </div>
          )}
          <div style={{ height: 8 }} />
          <Checkbox
            checked={Boolean(step.fallback)}
            onChange={(event) => {
              const { fallback: _fallback, ...rest } = step;
              onChange(event.target.checked ? { ...rest, fallback: { channel: 'inapp', template: 'text', variables: { title: '', content: '' } } } : rest);
            }}
          >
            发送失败时改发（如无订阅授权时改发站内消息）
          </Checkbox>
          {step.fallback && (
            <div className="journey-editor__sub">
              <SendContentEditor
                prefix="备用 "
                value={step.fallback}
                options={options}
                isReadOnly={isReadOnly}
                onChange={(fallback) => onChange({ ...step, fallback })}
              />
            </div>
          )}
        </>
      );
    case 'grant_coupon':
      return (
        <>
          <Form.Item label="优惠券">
            <Select
              aria-label="优惠券"
              showSearch
              optionFilterProp="label"
              value={step.couponId}
              onChange={(couponId: number) => onChange({ ...step, couponId })}
              options={withCurrent(options.coupons, step.couponId)}
            />
          </Form.Item>
          <Checkbox
            checked={step.variants?.B !== undefined}
            onChange={(event) => {
              const { variants: _variants, ...rest } = step;
              onChange(event.target.checked ? { ...rest, variants: { B: { couponId: step.couponId } } } : rest);
            }}
          >
            B 版本（实验 B 组领到的优惠券）
          </Checkbox>
          {step.variants?.B && (
            <Form.Item label="B 版优惠券" className="journey-editor__sub">
              <Select
                aria-label="B 版优惠券"
                showSearch
                optionFilterProp="label"
                value={step.variants.B.couponId}
                onChange={(couponId: number) => onChange({ ...step, variants: { B: { couponId } } })}
                options={withCurrent(options.coupons, step.variants.B.couponId)}
              />
            </Form.Item>
          )}
        </>
      );
    case 'grant_points':
      return (
        <>
          <Form.Item label="积分">
            <InputNumber
              aria-label="积分"
              min={1}
              max={100_000}
              precision={0}
              value={step.points}
              onChange={(value) => onChange({ ...step, points: Number(value ?? 1) })}
            />
          </Form.Item>
          <Form.Item label="原因">
            <Input aria-label="积分原因" maxLength={60} value={step.reason} onChange={(event) => onChange({ ...step, reason: event.target.value })} />
          </Form.Item>
        </>
      );
    case 'tag':
      return (
        <>
          <Form.Item label="动作">
            <Select
              aria-label="标签动作"
              value={step.action}
              onChange={(action: 'add' | 'remove') => onChange({ ...step, action })}
              options={[
                { value: 'add', label: '添加标签' },
                { value: 'remove', label: '移除标签' },
              ]}
            />
          </Form.Item>
          <Form.Item label="标签">
            <Select
              aria-label="标签"
              showSearch
              optionFilterProp="label"
              value={step.tagId}
              onChange={(tagId: number) => onChange({ ...step, tagId })}
              options={options.tagGroups}
            />
          </Form.Item>
        </>
      );
    case 'task':
      return (
        <>
          <Form.Item label="任务类型">
            <Select
              aria-label="任务类型"
              value={step.kind}
              onChange={(kind: 'call' | 'wecom_message') => onChange({ ...step, kind })}
              options={[
                { value: 'call', label: '电话回访' },
                { value: 'wecom_message', label: '企业微信私聊' },
              ]}
            />
          </Form.Item>
          <Form.Item label="任务标题">
            <Input aria-label="任务标题" maxLength={60} value={step.title} onChange={(event) => onChange({ ...step, title: event.target.value })} />
          </Form.Item>
          <Form.Item label="话术">
            <Input.TextArea
              aria-label="话术"
              maxLength={1000}
              autoSize={{ minRows: 2, maxRows: 6 }}
              value={step.script}
              onChange={(event) => onChange({ ...step, script: event.target.value })}
            />
          </Form.Item>
          <Form.Item label="完成时限（小时）">
            <InputNumber
              aria-label="完成时限"
              min={1}
              max={720}
              precision={0}
              value={step.dueInHours}
              onChange={(value) => onChange({ ...step, dueInHours: Number(value ?? 24) })}
            />
          </Form.Item>
        </>
      );
  }
}
