import { stockAdjustmentBodySchema, type AdminSku } from '@siyu/shared';
import { Form, Input, InputNumber, Modal, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { catalogApi } from '../../api/catalog';
import type { StockMovement } from '../../api/types';
import { fieldErrorsOfIssues, setFieldErrors, showServerFieldErrors } from '../../errors/field-errors';
import { reportError } from '../../errors/report-error';
import { specsLabel } from '../../labels';

interface Values {
  direction: 'in' | 'out';
  quantity: number;
  reason: string;
}

const QUICK_REASONS = ['采购入库', '盘点差异', '退货入库', '报损', '样品领用'];

/** Adjusts a SKU's stock by a quantity in or out, with a reason; the server keeps the movement. */
export function StockAdjustModal({ title, sku, onClose, onDone }: { title: string; sku: AdminSku; onClose(): void; onDone(movement: StockMovement): void }) {
  const [form] = Form.useForm<Values>();
  const [isBusy, setIsBusy] = useState(false);
  const direction = Form.useWatch('direction', form) ?? 'in';
  const quantity = Form.useWatch('quantity', form) ?? 0;
  const after = sku.stock + (direction === 'in' ? quantity : -quantity);

  const submit = async (values: Values) => {
    const body = { delta: values.direction === 'in' ? values.quantity : -values.quantity, reason: values.reason ?? '' };
    const checked = stockAdjustmentBodySchema.safeParse(body);
    const mapField = (path: (string | number)[]) => (path[0] === 'delta' ? ['quantity'] : path[0] === 'reason' ? ['reason'] : null);
    if (!checked.success) {
      setFieldErrors(form, fieldErrorsOfIssues(checked.error.issues, mapField));
      return;
    }
    setIsBusy(true);
    try {
      onDone(await catalogApi.adjustStock(sku.id, checked.data.delta, checked.data.reason));
    } catch (error) {
      if (!showServerFieldErrors(form, error, mapField)) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Modal open title="调整库存" onCancel={onClose} onOk={() => form.submit()} okText="确认调整" confirmLoading={isBusy} destroyOnHidden>
      <Typography.Paragraph>
        {title} · {specsLabel(sku.specs)} · 当前库存 <Typography.Text strong>{sku.stock}</Typography.Text>
      </Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" initialValues={{ direction: 'in', quantity: 1 }} onFinish={submit}>
        <Form.Item name="direction" label="方向">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'in', label: '入库（增加）' },
              { value: 'out', label: '出库（减少）' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="quantity"
          label="数量"
          rules={[{ required: true, message: '请输入数量' }]}
          extra={<span>调整后库存：{after < 0 ? <Tag color="red">{after}（不足）</Tag> : after}</span>}
        >
          <InputNumber min={1} max={10_000_000} precision={0} style={{ width: 200 }} aria-label="数量" />
        </Form.Item>
        <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请填写原因' }]}>
          <Input maxLength={100} aria-label="原因" placeholder="如 采购入库、盘点差异" />
        </Form.Item>
        <Space wrap>
          {QUICK_REASONS.map((reason) => (
            <Tag key={reason} style={{ cursor: 'pointer' }} onClick={() => form.setFieldValue('reason', reason)}>
              {reason}
            </Tag>
          ))}
        </Space>
      </Form>
    </Modal>
  );
}
