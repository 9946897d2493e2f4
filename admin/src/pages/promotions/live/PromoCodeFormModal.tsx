import type { LiveSessionView, PromoCodeView } from '@siyu/shared';
import { Form, Input, InputNumber, Modal, Space } from 'antd';
import { useState } from 'react';
import { liveSessionsApi } from '../../../api/promotions';
import { setFieldErrors, showServerFieldErrors } from '../../../errors/field-errors';
import { reportError } from '../../../errors/report-error';
import { ScopeFields } from '../common/ScopeFields';
import { RuleBuilder } from '../rule-builder/RuleBuilder';
import { DEFAULT_RULE_VALUES } from '../rule-builder/rule-values';
import { PROMO_CODE_KINDS, promoCodeBodyOfValues, promoCodeFieldOf, type PromoCodeFormValues } from './promo-code-form';

/** 新建优惠码: a code the host reads out, valid during the stream (plus a grace period), capped per viewer and in total. */
export function PromoCodeFormModal({ session, onClose, onSaved }: { session: LiveSessionView; onClose(): void; onSaved(code: PromoCodeView): void }) {
  const [form] = Form.useForm<PromoCodeFormValues>();
  const [isBusy, setIsBusy] = useState(false);
  const submit = async (values: PromoCodeFormValues) => {
    const built = promoCodeBodyOfValues(values);
    if (!built.ok) {
      setFieldErrors(
        form,
        built.errors.map((error) => ({ name: error.name, errors: [error.message] })),
      );
      return;
    }
    setIsBusy(true);
    try {
      onSaved(await liveSessionsApi.createPromoCode(session.id, built.value));
    } catch (error) {
      if (!showServerFieldErrors(form, error, promoCodeFieldOf)) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`新建优惠码 · ${session.title}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="创建"
      confirmLoading={isBusy}
      destroyOnHidden
      width={680}
    >
      <Form<PromoCodeFormValues>
        form={form}
        layout="vertical"
        initialValues={{ rule: DEFAULT_RULE_VALUES, scope: { kind: 'all' }, graceMinutes: 30, perMemberCap: 1 }}
        onFinish={submit}
        data-testid="promo-code-form"
      >
        <Form.Item
          name="code"
          label="优惠码"
          rules={[
            { required: true, message: '请输入优惠码' },
            { pattern: /^\s*[A-Za-z0-9]{3,20}\s*$/, message: '3–20 位字母或数字' },
          ]}
          extra="主播口播，会员在结算页输入；不区分大小写"
        >
          <Input maxLength={20} placeholder="如 LIVE1111" aria-label="优惠码" style={{ textTransform: 'uppercase', width: 240 }} />
        </Form.Item>
        <RuleBuilder kinds={PROMO_CODE_KINDS} />
        <ScopeFields />
        <Space size="large" wrap align="start">
          <Form.Item name="graceMinutes" label="下播后可用" extra="0 表示下播即失效">
            <InputNumber min={0} max={240} precision={0} suffix="分钟" aria-label="下播后可用分钟" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="perMemberCap" label="每人限用">
            <InputNumber min={1} max={100} precision={0} suffix="次" aria-label="每人限用" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="totalCap" label="总次数" extra="留空不限">
            <InputNumber min={1} max={10_000_000} precision={0} suffix="次" aria-label="总次数" style={{ width: 140 }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
