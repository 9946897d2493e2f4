import { returnAddressSchema, type ReturnAddress } from '@siyu/shared';
import { App, Form, Input, Modal, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { refundsApi } from '../../api/orders';
import { showServerFieldErrors } from '../../errors/field-errors';
import { reportError } from '../../errors/report-error';
import { schemaRule } from '../../forms/schema-rule';
import { useApiData } from '../../hooks/use-api-data';

const trim = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
const fieldOf = (path: (string | number)[]) => (path[0] === 'returnAddress' && typeof path[1] === 'string' ? [path[1]] : null);

/** 退货地址: where 退货退款 shoppers send goods back; copied onto each return when staff approve it. */
export function ReturnAddressModal({ onClose }: { onClose(): void }) {
  const [form] = Form.useForm<ReturnAddress>();
  const { message } = App.useApp();
  const settings = useApiData((signal) => refundsApi.settings(signal), []);
  const [isBusy, setIsBusy] = useState(false);
  useEffect(() => {
    if (settings.data?.returnAddress) form.setFieldsValue(settings.data.returnAddress);
  }, [form, settings.data]);
  const submit = async (values: ReturnAddress) => {
    setIsBusy(true);
    try {
      await refundsApi.saveSettings({ returnAddress: returnAddressSchema.parse(values) });
      message.success('退货地址已保存');
      onClose();
    } catch (error) {
      if (!showServerFieldErrors(form, error, fieldOf)) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };
  const shape = returnAddressSchema.shape;
  return (
    <Modal open title="退货地址" onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={isBusy} destroyOnHidden width={560}>
      {settings.isLoading ? (
        <Spin />
      ) : (
        <Form<ReturnAddress> form={form} layout="vertical" onFinish={submit} data-testid="return-address-form">
          <Form.Item name="recipientName" label="收件人" rules={[{ required: true, message: '请填写收件人' }, schemaRule(shape.recipientName, trim)]}>
            <Input maxLength={20} aria-label="收件人" />
          </Form.Item>
          <Form.Item name="phone" label="联系电话" rules={[{ required: true, message: '请填写联系电话' }, schemaRule(shape.phone, trim)]}>
            <Input maxLength={20} aria-label="联系电话" />
          </Form.Item>
          <Form.Item name="regionText" label="所在地区" rules={[{ required: true, message: '请填写所在地区' }, schemaRule(shape.regionText, trim)]}>
            <Input maxLength={60} placeholder="如 上海市 浦东新区" aria-label="所在地区" />
          </Form.Item>
          <Form.Item name="detail" label="详细地址" rules={[{ required: true, message: '请填写详细地址' }, schemaRule(shape.detail, trim)]}>
            <Input maxLength={120} aria-label="详细地址" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
