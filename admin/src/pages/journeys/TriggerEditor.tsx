import { JOURNEY_EVENT_TRIGGERS, type JourneyDefinition, type JourneyTrigger } from '@siyu/shared';
import { Checkbox, Col, DatePicker, Form, InputNumber, Row, Select, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import { useCategories } from '../../hooks/use-categories';
import { EVENT_NAMES, PURPOSE_NAMES, REENTRY_NAMES, REPEAT_NAMES, TRIGGER_TYPE_NAMES } from './journey-labels';
import type { JourneyOptions } from './use-journey-options';

function defaultTrigger(type: JourneyTrigger['type'], options: JourneyOptions): JourneyTrigger {
  const segmentId = options.segments[0]?.value ?? 1;
  switch (type) {
    case 'event':
      return { type, event: 'member.registered' };
    case 'order_unpaid':
      return { type, minutes: 30 };
    case 'delivered':
      return { type, days: 3 };
    case 'cart_abandoned':
      return { type, minutes: 120 };
    case 'repurchase_due':
      return { type, categoryId: null, days: 30 };
    case 'segment_entered':
      return { type, segmentId };
    case 'schedule':
      return { type, segmentId, startAt: dayjs().add(1, 'day').startOf('hour').toISOString(), repeat: 'once' };
    default:
      return { type, daysBefore: 3 };
  }
}

/** The trigger (type + its fields) and the journey-wide settings: purpose, goal, re-entry, experiment. */
export function TriggerEditor({
  definition,
  options,
  problems,
  isReadOnly,
  onChange,
}: {
  definition: JourneyDefinition;
  options: JourneyOptions;
  problems: string[];
  isReadOnly: boolean;
  onChange(next: JourneyDefinition): void;
}) {
  const trigger = definition.trigger;
  const setTrigger = (next: JourneyTrigger) => onChange({ ...definition, trigger: next });
  const number = (label: string, value: number, set: (value: number) => void, min = 0, max = 10_080) => (
    <Form.Item label={label}>
      <InputNumber aria-label={label} min={min} max={max} precision={0} value={value} onChange={(next) => set(Number(next ?? min))} />
    </Form.Item>
  );
  return (
    <Form layout="vertical" disabled={isReadOnly} data-testid="journey-trigger">
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item label="触发方式" validateStatus={problems.length > 0 ? 'error' : undefined} help={problems.length > 0 ? problems.join('；') : undefined}>
            <Select<JourneyTrigger['type']>
              aria-label="触发方式"
              value={trigger.type}
              onChange={(type) => setTrigger(defaultTrigger(type, options))}
              options={Object.entries(TRIGGER_TYPE_NAMES).map(([value, label]) => ({ value: value as JourneyTrigger['type'], label }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <TriggerFields trigger={trigger} options={options} setTrigger={setTrigger} number={number} />
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item label="用途">
            <Select
              aria-label="用途"
              value={definition.purpose}
              onChange={(purpose: JourneyDefinition['purpose']) => onChange({ ...definition, purpose })}
              options={Object.entries(PURPOSE_NAMES).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item label="目标：进入后 N 天内支付">
            <Space6>
              <Checkbox
                aria-label="设置目标"
                checked={definition.goal !== null}
                onChange={(event) => onChange({ ...definition, goal: event.target.checked ? { event: 'order.paid', withinDays: 7 } : null })}
              />
              {definition.goal && (
                <InputNumber
                  aria-label="目标天数"
                  min={1}
                  max={90}
                  precision={0}
                  value={definition.goal.withinDays}
                  onChange={(value) => onChange({ ...definition, goal: { event: 'order.paid', withinDays: Number(value ?? 7) } })}
                />
              )}
            </Space6>
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item label="重复进入">
            <Select
              aria-label="重复进入"
              value={definition.reentry.mode}
              onChange={(mode: JourneyDefinition['reentry']['mode']) => onChange({ ...definition, reentry: { ...definition.reentry, mode } })}
              options={Object.entries(REENTRY_NAMES).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item label="再次进入间隔（天）">
            <InputNumber
              aria-label="再次进入间隔"
              min={0}
              max={365}
              precision={0}
              value={definition.reentry.cooldownDays}
              onChange={(value) => onChange({ ...definition, reentry: { ...definition.reentry, cooldownDays: Number(value ?? 0) } })}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item label="实验（A/B + 对照组）">
            <Checkbox
              aria-label="开启实验"
              checked={definition.experiment !== null}
              onChange={(event) =>
                onChange({ ...definition, experiment: event.target.checked ? { holdoutBp: options.defaultHoldoutBp, splitBp: 5000, conversionDays: 7 } : null })
              }
            >
              开启
            </Checkbox>
          </Form.Item>
        </Col>
        {definition.experiment && (
          <>
            <Col xs={24} md={6}>
              <Form.Item label="对照组比例 %">
                <InputNumber
                  aria-label="对照组比例"
                  min={0}
                  max={50}
                  step={1}
                  value={definition.experiment.holdoutBp / 100}
                  onChange={(value) =>
                    definition.experiment &&
                    onChange({ ...definition, experiment: { ...definition.experiment, holdoutBp: Math.round(Number(value ?? 0) * 100) } })
                  }
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item label="B 组比例 %（其余为 A）">
                <InputNumber
                  aria-label="B 组比例"
                  min={0}
                  max={100}
                  step={1}
                  value={definition.experiment.splitBp / 100}
                  onChange={(value) =>
                    definition.experiment &&
                    onChange({ ...definition, experiment: { ...definition.experiment, splitBp: Math.round(Number(value ?? 0) * 100) } })
                  }
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item label="转化窗口（天）">
                <InputNumber
                  aria-label="转化窗口"
                  min={1}
                  max={90}
                  precision={0}
                  value={definition.experiment.conversionDays}
                  onChange={(value) =>
                    definition.experiment && onChange({ ...definition, experiment: { ...definition.experiment, conversionDays: Number(value ?? 7) } })
                  }
                />
              </Form.Item>
            </Col>
          </>
        )}
      </Row>
    </Form>
  );
}

function Space6({ children }: { children: React.ReactNode }) {
  return <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>{children}</div>;
}

function TriggerFields({
  trigger,
  options,
  setTrigger,
  number,
}: {
  trigger: JourneyTrigger;
  options: JourneyOptions;
  setTrigger(next: JourneyTrigger): void;
  number(label: string, value: number, set: (value: number) => void, min?: number, max?: number): React.ReactNode;
}) {
  const categories = useCategories();
  const segment = (value: number, set: (segmentId: number) => void) => (
    <Form.Item label="分群">
      <Select aria-label="触发分群" showSearch optionFilterProp="label" value={value} onChange={set} options={options.segments} placeholder="选择分群" />
    </Form.Item>
  );
  switch (trigger.type) {
    case 'event':
      return (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label="事件">
              <Select
                aria-label="触发事件"
                value={trigger.event}
                onChange={(event: (typeof JOURNEY_EVENT_TRIGGERS)[number]) => setTrigger({ type: 'event', event })}
                options={JOURNEY_EVENT_TRIGGERS.map((event) => ({ value: event, label: EVENT_NAMES[event] ?? event }))}
              />
            </Form.Item>
          </Col>
          {trigger.event === 'member.tier_changed' && (
            <Col span={12}>
              <Form.Item label="方向">
                <Select
                  aria-label="等级变化方向"
                  allowClear
                  value={trigger.direction}
                  onChange={(direction?: 'up' | 'down') => setTrigger(direction ? { ...trigger, direction } : { type: 'event', event: trigger.event })}
                  options={[
                    { value: 'up', label: '升级' },
                    { value: 'down', label: '降级' },
                  ]}
                />
              </Form.Item>
            </Col>
          )}
        </Row>
      );
    case 'order_unpaid':
      return number('未支付分钟数', trigger.minutes, (minutes) => setTrigger({ ...trigger, minutes }), 1, 1440);
    case 'delivered':
      return number('签收后天数', trigger.days, (days) => setTrigger({ ...trigger, days }), 0, 366);
    case 'cart_abandoned':
      return number('加购后分钟数', trigger.minutes, (minutes) => setTrigger({ ...trigger, minutes }), 10, 10_080);
    case 'birthday':
    case 'downgrade_warning':
    case 'points_expiring':
    case 'coupon_expiring':
      return number('提前天数', trigger.daysBefore, (daysBefore) => setTrigger({ ...trigger, daysBefore }), 0, 366);
    case 'repurchase_due':
      return (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label="分类（不选为任意商品）">
              <TreeSelect
                aria-label="复购分类"
                allowClear
                treeData={categories.treeSelectData}
                value={trigger.categoryId ?? undefined}
                onChange={(categoryId?: number) => setTrigger({ ...trigger, categoryId: categoryId ?? null })}
              />
            </Form.Item>
          </Col>
          <Col span={12}>{number('购买后天数', trigger.days, (days) => setTrigger({ ...trigger, days }), 1, 366)}</Col>
          <Checkbox checked={trigger.byCategoryCycle === true} onChange={(event) => setTrigger({ ...trigger, byCategoryCycle: event.target.checked })}>
            按品类复购周期（近一年复购间隔中位数；数据不足的品类用上面的天数）
          </Checkbox>
        </Row>
      );
    case 'segment_entered':
      return segment(trigger.segmentId, (segmentId) => setTrigger({ ...trigger, segmentId }));
    case 'schedule':
      return (
        <Row gutter={16}>
          <Col span={10}>{segment(trigger.segmentId, (segmentId) => setTrigger({ ...trigger, segmentId }))}</Col>
          <Col span={8}>
            <Form.Item label="开始时间">
              <DatePicker
                aria-label="开始时间"
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                value={dayjs(trigger.startAt)}
                onChange={(value) => value && setTrigger({ ...trigger, startAt: value.toISOString() })}
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="重复">
              <Select
                aria-label="重复"
                value={trigger.repeat}
                onChange={(repeat: 'once' | 'daily' | 'weekly' | 'monthly') => setTrigger({ ...trigger, repeat })}
                options={Object.entries(REPEAT_NAMES).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
          </Col>
        </Row>
      );
  }
}
