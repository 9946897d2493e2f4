import { shipBodySchema, type AdminOrder } from '@siyu/shared';
import { Alert, App, AutoComplete, Descriptions, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { ordersApi, type AdminOrderSummary } from '../../api/orders';
import { fieldErrorsOfIssues, setFieldErrors, showServerFieldErrors } from '../../errors/field-errors';
import { reportError } from '../../errors/report-error';
import { schemaRule } from '../../forms/schema-rule';

interface Values {
  carrier: string;
  trackingNo: string;
}

/** Carriers offered as suggestions; any other name (up to 20 characters) is accepted. */
export const CARRIERS = ['顺丰速运', '中通快递', '圆通速递', '韵达快递', '申通快递', '极兔速递', '京东物流', '邮政快递包裹', 'EMS'];

const trim = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
const fieldOf = (path: (string | number)[]) => (path[0] === 'carrier' ? ['carrier'] : path[0] === 'trackingNo' ? ['trackingNo'] : null);

/**
 * 发货: carrier and tracking number for a paid order, checked with the server's schema before sending.
 * The recipient is shown in full (phone included) so the parcel can be labelled from here.
 * ORDER_STATUS_CONFLICT (shipped by a colleague meanwhile, or refunding) closes the dialog and reloads.
 */
export function ShipOrderModal({
  order,
  onClose,
  onShipped,
  isEdit = false,
}: {
  order: AdminOrderSummary;
  onClose(): void;
  onShipped(order: AdminOrder | null): void;
  /** 修改物流: correct the carrier and tracking number of a shipped order (audited old → new). */
  isEdit?: boolean;
}) {
  const [form] = Form.useForm<Values>();
  const [isBusy, setIsBusy] = useState(false);
  const { message } = App.useApp();

  const submit = async (values: Values) => {
    const checked = shipBodySchema.safeParse({ carrier: values.carrier ?? '', trackingNo: values.trackingNo ?? '' });
    if (!checked.success) {
      setFieldErrors(form, fieldErrorsOfIssues(checked.error.issues, fieldOf));
      return;
    }
    setIsBusy(true);
    try {
      const shipped = isEdit ? await ordersApi.updateTracking(order.id, checked.data) : await ordersApi.ship(order.id, checked.data);
      message.success(isEdit ? `订单 ${order.orderNo} 的物流信息已修改` : `订单 ${order.orderNo} 已发货`);
      onShipped(shipped);
    } catch (error) {
      if (isApiError(error, 'ORDER_STATUS_CONFLICT', 'ORDER_NOT_FOUND')) {
        message.warning(`${error.friendlyMessage}（订单 ${order.orderNo}）`);
        onShipped(null);
      } else if (!showServerFieldErrors(form, error, fieldOf)) {
        reportError(error);
      }
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`${isEdit ? '修改物流' : '发货'}：${order.orderNo}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={isEdit ? '保存' : '确认发货'}
      confirmLoading={isBusy}
      destroyOnHidden
      width={560}
    >
      <Descriptions
        size="small"
        column={1}
        bordered
        style={{ marginBottom: 16 }}
        data-testid="ship-recipient"
        items={[
          { label: '收货人', children: `${order.address.recipientName} ${order.address.phone}` },
          { label: '收货地址', children: `${order.address.regionText} ${order.address.detail}` },
          { label: '商品', children: order.lines.map((line) => `${line.title} × ${line.quantity}`).join('；') },
        ]}
      />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        data-testid="ship-form"
        initialValues={isEdit ? { carrier: order.carrier ?? '', trackingNo: order.trackingNo ?? '' } : {}}
      >
        <Form.Item
          name="carrier"
          label="快递公司"
          validateFirst
          rules={[{ required: true, message: '请选择或填写快递公司' }, schemaRule(shipBodySchema.shape.carrier, trim)]}
        >
          <AutoComplete
            options={CARRIERS.map((value) => ({ value }))}
            placeholder="选择或输入快递公司"
            aria-label="快递公司"
            filterOption={(input, option) => String(option?.value ?? '').includes(input.trim())}
          />
        </Form.Item>
        <Form.Item
          name="trackingNo"
          label="快递单号"
          validateFirst
          rules={[{ required: true, message: '请填写快递单号' }, schemaRule(shipBodySchema.shape.trackingNo, trim)]}
          extra="6–40 位字母、数字或“-”"
        >
          <Input maxLength={40} placeholder="如 SF1234567890" aria-label="快递单号" autoComplete="off" />
        </Form.Item>
      </Form>
      <Alert
        type="info"
        showIcon
        title={isEdit ? '会员会看到修改后的快递公司和单号；修改前后的单号记入操作日志。' : '发货后会员会看到快递公司和单号；填错了可在订单详情中修改物流。'}
      />
    </Modal>
  );
}
