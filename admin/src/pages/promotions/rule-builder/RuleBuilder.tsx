import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { describeRule, formatZhe } from '@siyu/shared';
import { Button, Form, InputNumber, Radio, Space, Typography, type FormRule } from 'antd';
import { YuanInput } from '../../../components/YuanInput';
import { BUILDER_RULE_KINDS, buildRule, RULE_KIND_NAMES, type BuilderRuleKind, type FieldPath, type RuleFormValues } from './rule-values';

const MAX_LADDER_ROWS = 5;

const samePath = (a: FieldPath, b: FieldPath) => a.length === b.length && a.every((part, index) => part === b[index]);

/** Fields each kind shows; an error on any other path is shown on the kind selector. */
const FIELDS_OF_KIND: Readonly<Record<BuilderRuleKind, readonly string[]>> = {
  threshold_off: ['tiers'],
  percent_off: ['percentOff', 'cap', 'threshold'],
  fixed_off: ['off'],
  new_customer: ['off', 'threshold'],
  free_shipping: ['threshold'],
};

/** A form rule showing what `buildRule` says about one field of the rule (cross-field checks included). */
function builderRule(prefix: FieldPath, path: FieldPath): FormRule {
  return ({ getFieldValue }) => ({
    validator: async () => {
      const values = getFieldValue(prefix) as RuleFormValues | undefined;
      const built = buildRule(values);
      if (built.ok) return;
      const shown = FIELDS_OF_KIND[values?.kind ?? 'threshold_off'];
      const error = built.errors.find((candidate) =>
        samePath(path, ['kind'])
          ? typeof candidate.name[0] !== 'string' || !shown.includes(candidate.name[0]) || samePath(candidate.name, ['kind'])
          : samePath(candidate.name, path),
      );
      if (error) throw new Error(error.message);
    },
  });
}

function LadderRows({ prefix }: { prefix: FieldPath }) {
  return (
    <Form.List name={[...prefix, 'tiers']}>
      {(fields, { add, remove }) => (
        <div data-testid="ladder-rows">
          {fields.map((field, index) => (
            <Space key={field.key} align="start" style={{ display: 'flex' }}>
              <Typography.Text style={{ lineHeight: '32px', whiteSpace: 'nowrap' }}>
                <Typography.Text type="secondary">第 {index + 1} 档</Typography.Text> 满
              </Typography.Text>
              <Form.Item
                name={[field.name, 'threshold']}
                dependencies={[[...prefix, 'tiers']]}
                rules={[builderRule(prefix, ['tiers', index, 'threshold'])]}
                style={{ marginBottom: 12 }}
              >
                <YuanInput aria-label={`门槛 ${index + 1}`} placeholder="199" style={{ width: 130 }} />
              </Form.Item>
              <Typography.Text style={{ lineHeight: '32px' }}>减</Typography.Text>
              <Form.Item
                name={[field.name, 'off']}
                dependencies={[[...prefix, 'tiers']]}
                rules={[builderRule(prefix, ['tiers', index, 'off'])]}
                style={{ marginBottom: 12 }}
              >
                <YuanInput aria-label={`减免 ${index + 1}`} placeholder="50" style={{ width: 130 }} />
              </Form.Item>
              {fields.length > 1 && <Button type="text" icon={<DeleteOutlined />} aria-label={`删除第 ${index + 1} 档`} onClick={() => remove(field.name)} />}
            </Space>
          ))}
          {fields.length < MAX_LADDER_ROWS && (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 12 }}>
              添加一档
            </Button>
          )}
        </div>
      )}
    </Form.List>
  );
}

function PercentFields({ prefix }: { prefix: FieldPath }) {
  const percent = Form.useWatch([...prefix, 'percentOff']) as number | null | undefined;
  const offBp = typeof percent === 'number' ? Math.round(percent * 100) : null;
  return (
    <>
      <Form.Item
        name={[...prefix, 'percentOff']}
        label="减免比例"
        rules={[builderRule(prefix, ['percentOff'])]}
        extra={offBp !== null && offBp > 0 && offBp < 10_000 ? `即 ${formatZhe(offBp)}` : '如 15 表示 8.5 折'}
      >
        <InputNumber aria-label="减免比例" min={0.1} max={99.9} precision={1} step={5} suffix="%" style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name={[...prefix, 'cap']} label="最高减" dependencies={[[...prefix, 'percentOff']]} rules={[builderRule(prefix, ['cap'])]} extra="留空不封顶">
        <YuanInput aria-label="最高减" style={{ width: 160 }} />
      </Form.Item>
      <ThresholdField prefix={prefix} />
    </>
  );
}

function ThresholdField({ prefix }: { prefix: FieldPath }) {
  return (
    <Form.Item name={[...prefix, 'threshold']} label="使用门槛" rules={[builderRule(prefix, ['threshold'])]} extra="商品金额满多少可用，留空为无门槛">
      <YuanInput aria-label="使用门槛" style={{ width: 160 }} />
    </Form.Item>
  );
}

function OffField({ prefix }: { prefix: FieldPath }) {
  return (
    <Form.Item name={[...prefix, 'off']} label="减免金额" dependencies={[[...prefix, 'threshold']]} rules={[builderRule(prefix, ['off'])]}>
      <YuanInput aria-label="减免金额" style={{ width: 160 }} />
    </Form.Item>
  );
}

/**
 * The rule of a coupon or promotion, built per kind: 满减 ladder rows, a percentage with a cap,
 * a no-threshold amount, a new-customer amount, free shipping. Lives inside the caller's form under
 * `prefix`; `buildRule` turns the values into the rule JSON in fen. The rule's own wording
 * (describeRule, the one the shop shows) appears under the fields as they change.
 */
export function RuleBuilder({ prefix = ['rule'], kinds = BUILDER_RULE_KINDS }: { prefix?: FieldPath; kinds?: readonly BuilderRuleKind[] }) {
  const values = Form.useWatch(prefix) as RuleFormValues | undefined;
  const kind = values?.kind;
  const built = buildRule(values);
  return (
    <div data-testid="rule-builder">
      <Form.Item name={[...prefix, 'kind']} label="优惠类型" rules={[builderRule(prefix, ['kind'])]}>
        <Radio.Group optionType="button" buttonStyle="solid" options={kinds.map((value) => ({ value, label: RULE_KIND_NAMES[value] }))} aria-label="优惠类型" />
      </Form.Item>
      {kind === 'threshold_off' && (
        <Form.Item label="满减阶梯" required>
          <LadderRows prefix={prefix} />
        </Form.Item>
      )}
      {kind === 'percent_off' && <PercentFields prefix={prefix} />}
      {(kind === 'fixed_off' || kind === 'new_customer') && <OffField prefix={prefix} />}
      {(kind === 'new_customer' || kind === 'free_shipping') && <ThresholdField prefix={prefix} />}
      <Form.Item label="规则预览">
        <Typography.Text strong data-testid="rule-text" type={built.ok ? undefined : 'secondary'}>
          {built.ok ? describeRule(built.value) : '填写完整后显示'}
        </Typography.Text>
      </Form.Item>
    </div>
  );
}
