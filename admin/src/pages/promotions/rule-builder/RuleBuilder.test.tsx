import '../../../testing/jsdom';
import type { PromotionRule } from '@siyu/shared';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Button, Form } from 'antd';
import { RuleBuilder } from './RuleBuilder';
import { buildRule, DEFAULT_RULE_VALUES, type RuleFormValues } from './rule-values';

// @ant-design/icons v6 ships ES modules only, which the admin jest project does not transform.
jest.mock('@ant-design/icons', () => new Proxy({}, { get: () => () => null }));

/** The builder in a form whose submit hands over the rule JSON (what the coupon page sends). */
function RuleForm({ onRule }: { onRule(rule: PromotionRule): void }) {
  return (
    <Form<{ rule: RuleFormValues }>
      initialValues={{ rule: DEFAULT_RULE_VALUES }}
      onFinish={(values) => {
        const built = buildRule(values.rule);
        if (built.ok) onRule(built.value);
      }}
    >
      <RuleBuilder />
      <Button htmlType="submit">提交</Button>
    </Form>
  );
}

const type = (label: string, text: string) => fireEvent.change(screen.getByLabelText(label), { target: { value: text } });
const submit = () => fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));

describe('RuleBuilder', () => {
  it('builds a two-step 满减 ladder in fen and names it as the shop will', async () => {
    const onRule = jest.fn();
    render(<RuleForm onRule={onRule} />);
    type('门槛 1', '199');
    type('减免 1', '50');
    fireEvent.click(screen.getByRole('button', { name: /添加一档/ }));
    type('门槛 2', '299.5');
    type('减免 2', '80');
    await waitFor(() => expect(screen.getByTestId('rule-text').textContent).toBe('满199减50/满299.50减80'));
    submit();
    await waitFor(() =>
      expect(onRule).toHaveBeenCalledWith({
        kind: 'threshold_off',
        tiers: [
          { thresholdFen: 19900, offFen: 5000 },
          { thresholdFen: 29950, offFen: 8000 },
        ],
      }),
    );
  });

  it('shows a ladder error beside the row and submits nothing', async () => {
    const onRule = jest.fn();
    render(<RuleForm onRule={onRule} />);
    type('门槛 1', '50');
    type('减免 1', '60');
    submit();
    expect(await screen.findByText('减免须小于门槛')).toBeTruthy();
    expect(onRule).not.toHaveBeenCalled();
  });

  it('switches to 折扣: percentage with a cap and a threshold, shown as 折', async () => {
    const onRule = jest.fn();
    render(<RuleForm onRule={onRule} />);
    fireEvent.click(screen.getByRole('radio', { name: '折扣' }));
    await screen.findByLabelText('减免比例'); // the kind's fields render once the form reports the change
    type('减免比例', '15');
    expect(await screen.findByText('即 8.5折')).toBeTruthy();
    type('最高减', '20');
    type('使用门槛', '99');
    await waitFor(() => expect(screen.getByTestId('rule-text').textContent).toBe('满¥99 8.5折 最高减¥20'));
    submit();
    await waitFor(() => expect(onRule).toHaveBeenCalledWith({ kind: 'percent_off', offBp: 1500, capFen: 2000, thresholdFen: 9900 }));
  });

  it.each<[string, [string, string][], unknown]>([
    ['无门槛', [['减免金额', '5']], { kind: 'fixed_off', offFen: 500 }],
    [
      '新客首单',
      [
        ['减免金额', '10'],
        ['使用门槛', '59'],
      ],
      { kind: 'new_customer', offFen: 1000, thresholdFen: 5900 },
    ],
    ['包邮', [['使用门槛', '59']], { kind: 'free_shipping', thresholdFen: 5900 }],
  ])('%s: fields of the kind → rule JSON', async (kindName, fields, rule) => {
    const onRule = jest.fn();
    render(<RuleForm onRule={onRule} />);
    fireEvent.click(screen.getByRole('radio', { name: kindName }));
    for (const [label, text] of fields) fireEvent.change(await screen.findByLabelText(label), { target: { value: text } });
    submit();
    await waitFor(() => expect(onRule).toHaveBeenCalledWith(rule));
  });

  it('offers only the kinds it is given (store promotions have no 新客首单)', () => {
    render(
      <Form initialValues={{ rule: DEFAULT_RULE_VALUES }}>
        <RuleBuilder kinds={['threshold_off', 'percent_off', 'fixed_off', 'free_shipping']} />
      </Form>,
    );
    expect(screen.queryByRole('radio', { name: '新客首单' })).toBeNull();
    expect(screen.getByRole('radio', { name: '包邮' })).toBeTruthy();
  });
});
