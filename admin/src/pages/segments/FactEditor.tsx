import { InputNumber, Select, Space, Typography } from 'antd';
import { FACT_OP_OPTIONS, factFromDisplay, factInfo, factToDisplay, UNIT_SUFFIX, type FactConditionInput } from './segment-fields';

/** "最近 N 天" as a number field. */
export function Days({ value, onChange, label }: { value: number | undefined; onChange: (days: number) => void; label: string }) {
  return (
    <Space.Compact>
      <Space.Addon>最近</Space.Addon>
      <InputNumber<number> aria-label={label} min={1} max={3650} precision={0} value={value} onChange={(days) => onChange(days ?? 1)} style={{ width: 90 }} />
      <Space.Addon>天</Space.Addon>
    </Space.Compact>
  );
}

/** A numeric fact: the comparison and the value(s), in yuan / percent / days as the fact's unit says. */
export function FactEditor({ condition, onChange, label }: { condition: FactConditionInput; onChange: (next: FactConditionInput) => void; label: string }) {
  const { unit } = factInfo(condition.fact);
  const precision = unit === 'fen' || unit === 'bp' ? 2 : 0;
  const max = unit === 'score' ? 5 : unit === 'bp' ? 100 : undefined;
  const number = (value: number, set: (stored: number) => void, name: string) => (
    <InputNumber<number>
      aria-label={`${label} ${name}`}
      min={0}
      max={max}
      precision={precision}
      value={factToDisplay(unit, value)}
      onChange={(display) => set(factFromDisplay(unit, display ?? 0))}
      suffix={UNIT_SUFFIX[unit] || undefined}
      style={{ width: 140 }}
    />
  );
  return (
    <Space wrap>
      <Select
        aria-label={`${label} 比较`}
        value={condition.op}
        options={FACT_OP_OPTIONS}
        style={{ width: 80 }}
        onChange={(op) => {
          const { to: _to, ...rest } = condition;
          onChange(op === 'between' ? { ...rest, op, to: Math.max(condition.value, condition.to ?? condition.value) } : { ...rest, op });
        }}
      />
      {number(condition.value, (value) => onChange({ ...condition, value }), '数值')}
      {condition.op === 'between' && (
        <>
          <Typography.Text>至</Typography.Text>
          {number(condition.to ?? condition.value, (to) => onChange({ ...condition, to }), '上限')}
        </>
      )}
    </Space>
  );
}
