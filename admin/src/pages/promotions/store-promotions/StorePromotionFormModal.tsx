import type { StorePromotionView } from '@siyu/shared';
import { DatePicker, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { storePromotionsApi } from '../../../api/promotions';
import { setFieldErrors, showServerFieldErrors } from '../../../errors/field-errors';
import { reportError } from '../../../errors/report-error';
import { ScopeFields } from '../common/ScopeFields';
import { RuleBuilder } from '../rule-builder/RuleBuilder';
import { DEFAULT_RULE_VALUES } from '../rule-builder/rule-values';
import { STORE_PROMOTION_KINDS, storePromotionBodyOfValues, storePromotionFieldOf, type StorePromotionFormValues } from './store-promotion-form';

/** 新建满减活动: a store-wide rule (满减, 折扣, 立减, 包邮) over a scope and a time window. */
export function StorePromotionFormModal({ onClose, onSaved }: { onClose(): void; onSaved(created: StorePromotionView): void }) {
  const [form] = Form.useForm<StorePromotionFormValues>();
  const [isBusy, setIsBusy] = useState(false);
  const submit = async (values: StorePromotionFormValues) => {
    const built = storePromotionBodyOfValues(values);
    if (!built.ok) {
      setFieldErrors(
        form,
        built.errors.map((error) => ({ name: error.name, errors: [error.message] })),
      );
      return;
    }
    setIsBusy(true);
    try {
      onSaved(await storePromotionsApi.create(built.value));
    } catch (error) {
      if (!showServerFieldErrors(form, error, storePromotionFieldOf)) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Modal open title="新建满减活动" onCancel={onClose} onOk={() => form.submit()} okText="创建" confirmLoading={isBusy} destroyOnHidden width={680}>
      <Form<StorePromotionFormValues>
        form={form}
        layout="vertical"
        initialValues={{ rule: DEFAULT_RULE_VALUES, scope: { kind: 'all' } }}
        onFinish={submit}
        data-testid="store-promotion-form"
      >
        <Form.Item
          name="name"
          label="活动名称"
          rules={[
            { required: true, whitespace: true, message: '请输入活动名称' },
            { max: 40, message: '最多 40 个字符' },
          ]}
        >
          <Input maxLength={40} placeholder="如 周末满199减30" aria-label="活动名称" />
        </Form.Item>
        <RuleBuilder kinds={STORE_PROMOTION_KINDS} />
        <ScopeFields />
        <Form.Item name="range" label="活动时间" rules={[{ required: true, message: '请选择活动时间' }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" aria-label="活动时间" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
