import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { couponsApi, promotionSettingsApi } from '../../../api/promotions';
import { YuanInput, yuanRule } from '../../../components/YuanInput';
import { setFieldErrors, showServerFieldErrors } from '../../../errors/field-errors';
import { reportError } from '../../../errors/report-error';
import { useApiData } from '../../../hooks/use-api-data';
import { ScopeFields } from '../common/ScopeFields';
import { buildRule, buildScope, type RuleFormValues, type ScopeFormValues } from '../rule-builder/rule-values';
import { RuleBuilder } from '../rule-builder/RuleBuilder';
import { couponBodyOfValues, couponFieldOf, DEFAULT_COUPON_VALUES, type CouponFormValues } from './coupon-form';
import { CouponPreviewPanel } from './CouponPreviewPanel';

function ValidityFields() {
  const kind = Form.useWatch('validityKind') as CouponFormValues['validityKind'];
  return (
    <>
      <Form.Item name="validityKind" label="有效期">
        <Radio.Group
          options={[
            { value: 'after_claim', label: '领取后 N 天内有效' },
            { value: 'window', label: '固定时间段' },
          ]}
          aria-label="有效期类型"
        />
      </Form.Item>
      {kind === 'window' ? (
        <Form.Item name="validRange" label="使用时间" rules={[{ required: true, message: '请选择有效期' }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" aria-label="使用时间" />
        </Form.Item>
      ) : (
        <Form.Item name="validDays" label="有效天数" rules={[{ required: true, message: '请输入天数' }]}>
          <InputNumber min={1} max={365} precision={0} suffix="天" aria-label="有效天数" style={{ width: 140 }} />
        </Form.Item>
      )}
    </>
  );
}

/** The template's fields besides its rule: validity, claim window, visibility, count, budget, cap. */
function IssueLimitFields() {
  return (
    <>
      <ValidityFields />
      <Form.Item name="claimRange" label="领取时间" extra="留空：创建后即可领取，不设截止">
        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} aria-label="领取时间" />
      </Form.Item>
      <Form.Item name="visibility" label="领取方式">
        <Radio.Group
          options={[
            { value: 'public', label: '公开（领券中心可领）' },
            { value: 'hidden', label: '隐藏（仅发放、兑换码）' },
          ]}
          aria-label="领取方式"
        />
      </Form.Item>
      <Space size="large" wrap align="start">
        <Form.Item name="totalCount" label="发行总量" extra="留空不限">
          <InputNumber min={1} max={10_000_000} precision={0} suffix="张" aria-label="发行总量" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="budget" label="预算" rules={[yuanRule()]} extra="留空不限；按每张券可能的最大减免预占">
          <YuanInput aria-label="预算" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="perMemberCap" label="每人限领">
          <InputNumber min={1} max={100} precision={0} suffix="张" aria-label="每人限领" style={{ width: 120 }} />
        </Form.Item>
      </Space>
    </>
  );
}

/**
 * 新建优惠券: the rule builder and the template's limits on the left, the live preview of a sample
 * cart on the right. A deep or below-cost coupon is created as 待审批 and waits for the owner.
 */
export function CouponCreatePage() {
  const [form] = Form.useForm<CouponFormValues>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [isBusy, setIsBusy] = useState(false);
  const settings = useApiData((signal) => promotionSettingsApi.get(signal), []);
  const rule = buildRule(Form.useWatch('rule', form) as RuleFormValues | undefined);
  const scope = buildScope(Form.useWatch('scope', form) as ScopeFormValues | undefined);

  const submit = async (values: CouponFormValues) => {
    const built = couponBodyOfValues(values);
    if (!built.ok) {
      setFieldErrors(
        form,
        built.errors.map((error) => ({ name: error.name, errors: [error.message] })),
      );
      return;
    }
    setIsBusy(true);
    try {
      const created = await couponsApi.create(built.value);
      if (created.approval.status === 'pending') message.warning(`「${created.name}」已创建，需店主审批后才能发放和使用`);
      else message.success(`「${created.name}」已创建`);
      navigate('/promotions/coupons');
    } catch (error) {
      if (!showServerFieldErrors(form, error, couponFieldOf)) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Row gutter={16} align="top">
      <Col xs={24} xl={14}>
        <Card title="新建优惠券">
          <Form<CouponFormValues> form={form} layout="vertical" initialValues={DEFAULT_COUPON_VALUES} onFinish={submit} data-testid="coupon-form">
            <Form.Item
              name="name"
              label="券名称"
              rules={[
                { required: true, whitespace: true, message: '请输入券名称' },
                { max: 40, message: '最多 40 个字符' },
              ]}
            >
              <Input maxLength={40} placeholder="如 双11 满199减50" aria-label="券名称" />
            </Form.Item>
            <Form.Item name="description" label="使用说明">
              <Input.TextArea maxLength={200} rows={2} placeholder="展示给会员（可选）" aria-label="使用说明" />
            </Form.Item>
            <RuleBuilder />
            <ScopeFields />
            <IssueLimitFields />
            <Space>
              <Button type="primary" htmlType="submit" loading={isBusy}>
                创建优惠券
              </Button>
              <Button onClick={() => navigate('/promotions/coupons')}>取消</Button>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={10} style={{ position: 'sticky', top: 24 }}>
        <CouponPreviewPanel rule={rule} scope={scope} maxDepthBp={settings.data?.maxDepthBp} />
      </Col>
    </Row>
  );
}
