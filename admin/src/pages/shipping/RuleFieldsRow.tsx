import type { ShippingBasis } from '@siyu/shared';
import { Form, InputNumber, Space } from 'antd';
import { yuanRule, YuanInput } from '../../components/YuanInput';

/** One fee rule's inputs in a row: first units + fee, additional units + fee, free-shipping conditions. */
export function RuleFieldsRow({ name, basis }: { name: (string | number)[]; basis: ShippingBasis }) {
  const unit = basis === 'piece' ? '件' : '克';
  const first = basis === 'piece' ? '首件数' : '首重(克)';
  const more = basis === 'piece' ? '续件数' : '续重(克)';
  return (
    <Space wrap size={[8, 0]} align="start">
      <Form.Item name={[...name, 'firstUnits']} label={first} rules={[{ required: true, message: `请输入${first}` }]}>
        <InputNumber min={1} max={1_000_000} precision={0} addonAfter={unit} style={{ width: 130 }} />
      </Form.Item>
      <Form.Item name={[...name, 'firstFee']} label="首费" rules={[yuanRule({ required: true })]}>
        <YuanInput style={{ width: 110 }} aria-label="首费" />
      </Form.Item>
      <Form.Item name={[...name, 'additionalUnits']} label={more} rules={[{ required: true, message: `请输入${more}` }]}>
        <InputNumber min={1} max={1_000_000} precision={0} addonAfter={unit} style={{ width: 130 }} />
      </Form.Item>
      <Form.Item name={[...name, 'additionalFee']} label="续费" rules={[yuanRule({ required: true })]}>
        <YuanInput style={{ width: 110 }} aria-label="续费" />
      </Form.Item>
      <Form.Item name={[...name, 'freeAmount']} label="满额包邮" rules={[yuanRule()]} tooltip="该模板商品优惠后满此金额免运费，留空表示不设">
        <YuanInput style={{ width: 110 }} placeholder="不设" aria-label="满额包邮" />
      </Form.Item>
      <Form.Item name={[...name, 'freePieces']} label="满件包邮">
        <InputNumber min={1} max={100_000} precision={0} placeholder="不设" addonAfter="件" style={{ width: 120 }} />
      </Form.Item>
    </Space>
  );
}
