import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { MembershipSettings } from '@siyu/shared';
import { Alert, App, Button, Card, Col, Form, InputNumber, Radio, Row, Skeleton, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { membershipSettingsApi } from '../../../api/membership';
import { useSession } from '../../../auth/SessionProvider';
import { setFieldErrors, showServerFieldErrors } from '../../../errors/field-errors';
import { reportError } from '../../../errors/report-error';
import { useApiData } from '../../../hooks/use-api-data';
import { settingsBodyOfValues, settingsFieldOf, valuesOfSettings, type SettingsFormValues } from './settings-form';

const required = [{ required: true, message: '必填' }];

/** An integer field with its unit, in a quarter of the row (so the fields of all sections line up). */
function IntField({
  name,
  label,
  min = 0,
  max,
  suffix,
  extra,
  isReadOnly,
}: {
  name: keyof SettingsFormValues;
  label: string;
  min?: number;
  max: number;
  suffix: string;
  extra?: ReactNode;
  isReadOnly: boolean;
}) {
  return (
    <Col span={6}>
      <Form.Item name={name} label={label} rules={required} extra={extra}>
        <InputNumber min={min} max={max} precision={0} suffix={suffix} disabled={isReadOnly} aria-label={label} style={{ width: 200 }} />
      </Form.Item>
    </Col>
  );
}

function GrowthSection({ isReadOnly }: { isReadOnly: boolean }) {
  const mode = Form.useWatch('growthCreditMode') as SettingsFormValues['growthCreditMode'] | undefined;
  return (
    <Card type="inner" title="成长值与等级保级">
      <Row gutter={24}>
        <IntField name="growthPerYuan" label="每实付 1 元获得成长值" max={100} suffix="点" isReadOnly={isReadOnly} />
        <Col span={9}>
          <Form.Item label="成长值入账时间" required>
            <Space wrap>
              <Form.Item name="growthCreditMode" noStyle>
                <Radio.Group
                  disabled={isReadOnly}
                  options={[
                    { value: 'on_complete', label: '订单完成时' },
                    { value: 'after_days', label: '支付后' },
                  ]}
                />
              </Form.Item>
              {mode === 'after_days' && (
                <Form.Item name="growthCreditDelayDays" noStyle rules={required}>
                  <InputNumber min={0} max={60} precision={0} suffix="天（未退款）" disabled={isReadOnly} aria-label="支付后天数" style={{ width: 160 }} />
                </Form.Item>
              )}
            </Space>
          </Form.Item>
        </Col>
        <Col span={9}>
          <Form.Item name="retentionRule" label="保级计算" extra="按哪段时间内获得的成长值判断会员能否保持等级">
            <Radio.Group
              disabled={isReadOnly}
              options={[
                { value: 'rolling_12_months', label: '最近 12 个月' },
                { value: 'calendar_year', label: '本自然年' },
              ]}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={24}>
        <IntField
          name="downgradeGraceDays"
          label="降级宽限期"
          max={365}
          suffix="天"
          extra="不满足保级条件后保留等级的天数，之后每次最多降一级"
          isReadOnly={isReadOnly}
        />
        <IntField name="downgradeWarningDays" label="降级提前提醒" max={90} suffix="天" isReadOnly={isReadOnly} />
        <IntField name="growthForProfileCompleted" label="完善资料奖励成长值" max={10_000} suffix="点" isReadOnly={isReadOnly} />
        <IntField name="growthForFirstReview" label="首次评价奖励成长值" max={10_000} suffix="点" isReadOnly={isReadOnly} />
      </Row>
    </Card>
  );
}

function StreakBonus({ isReadOnly }: { isReadOnly: boolean }) {
  return (
    <Form.Item label="连续签到奖励" extra="连续签到达到天数时额外赠送">
      <Form.List name="streakBonus">
        {(fields, { add, remove }) => (
          <Space orientation="vertical">
            {fields.map((field) => (
              <Space key={field.key} align="baseline">
                <Form.Item name={[field.name, 'days']} rules={required} style={{ marginBottom: 0 }}>
                  <InputNumber
                    min={1}
                    max={999}
                    precision={0}
                    prefix="连续"
                    suffix="天"
                    disabled={isReadOnly}
                    aria-label="连续签到天数"
                    style={{ width: 150 }}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'points']} rules={required} style={{ marginBottom: 0 }}>
                  <InputNumber
                    min={0}
                    max={100_000}
                    precision={0}
                    prefix="奖励"
                    suffix="积分"
                    disabled={isReadOnly}
                    aria-label="连续签到奖励积分"
                    style={{ width: 170 }}
                  />
                </Form.Item>
                {!isReadOnly && <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除奖励" onClick={() => remove(field.name)} />}
              </Space>
            ))}
            {!isReadOnly && (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} disabled={fields.length >= 10}>
                添加一档
              </Button>
            )}
          </Space>
        )}
      </Form.List>
    </Form.Item>
  );
}

function PointsSection({ isReadOnly }: { isReadOnly: boolean }) {
  return (
    <Card type="inner" title="积分获取">
      <Row gutter={24}>
        <IntField name="pointsPerYuan" label="每实付 1 元获得积分" max={100} suffix="积分" extra="再乘以会员等级的积分倍数" isReadOnly={isReadOnly} />
        <IntField
          name="pointsPendingDays"
          label="待入账期"
          max={90}
          suffix="天"
          extra="支付后多少天积分才能使用，防止“下单得积分、用掉后再退货”"
          isReadOnly={isReadOnly}
        />
        <IntField
          name="pointsExpiryYears"
          label="有效期"
          min={1}
          max={5}
          suffix="年"
          extra="获得后第 N 年年底过期（1 = 次年 12 月 31 日）"
          isReadOnly={isReadOnly}
        />
      </Row>
      <Row gutter={24}>
        <IntField name="signupPoints" label="注册赠送" max={100_000} suffix="积分" isReadOnly={isReadOnly} />
        <IntField name="firstPurchasePoints" label="首单赠送" max={100_000} suffix="积分" isReadOnly={isReadOnly} />
        <IntField name="checkinPoints" label="每日签到" max={10_000} suffix="积分" isReadOnly={isReadOnly} />
        <IntField name="firstReviewPoints" label="首次评价奖励" max={100_000} suffix="积分" extra="评价审核通过后发放，每人一次" isReadOnly={isReadOnly} />
      </Row>
      {/* 邀请好友赠送 comes with the referral issue: kept (hidden) so saving the form keeps its stored value. */}
      <Form.Item name="referralPoints" hidden>
        <InputNumber aria-hidden />
      </Form.Item>
      <StreakBonus isReadOnly={isReadOnly} />
    </Card>
  );
}

function RedemptionSection({ isReadOnly }: { isReadOnly: boolean }) {
  return (
    <Card type="inner" title="积分抵现">
      <Row gutter={24}>
        <IntField
          name="pointsPerYuanRedeemed"
          label="多少积分抵 1 元"
          min={1}
          max={10_000}
          suffix="积分 = ¥1"
          extra="积分负债报表也按此折算"
          isReadOnly={isReadOnly}
        />
        <Col span={6}>
          <Form.Item name="pointsMaxSharePercent" label="最多抵扣应付商品金额" rules={required}>
            <InputNumber min={0} max={100} precision={2} suffix="%" disabled={isReadOnly} aria-label="最多抵扣比例" style={{ width: 200 }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="allowNegativeBalance"
            label="退款时积分已用完"
            valuePropName="checked"
            extra="开启：冲回积分，余额可以为负；关闭：从退款金额中按抵现比例扣除这部分积分的价值"
          >
            <Switch checkedChildren="允许负余额" unCheckedChildren="从退款中扣除" disabled={isReadOnly} aria-label="允许负余额" />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}

/** 积分规则: how growth and points are earned, kept, spent and reversed (owner, operator edit). */
export function PointsRulesPage() {
  const { can } = useSession();
  const canEdit = can('membership:write');
  const { message } = App.useApp();
  const [form] = Form.useForm<SettingsFormValues>();
  const loaded = useApiData((signal) => membershipSettingsApi.get(signal), []);
  const [saved, setSaved] = useState<MembershipSettings>();
  const [isBusy, setIsBusy] = useState(false);
  useEffect(() => setSaved(loaded.data), [loaded.data]);

  if (!saved) return <Card title="积分规则">{loaded.error ? <Alert type="error" showIcon title="加载失败" /> : <Skeleton active />}</Card>;

  const submit = async () => {
    const built = settingsBodyOfValues(form.getFieldsValue(true) as SettingsFormValues);
    if (!built.ok) {
      setFieldErrors(form, built.errors);
      return;
    }
    setIsBusy(true);
    try {
      const next = await membershipSettingsApi.save(built.value);
      setSaved(next);
      form.setFieldsValue(valuesOfSettings(next));
      message.success('积分规则已保存');
    } catch (error) {
      if (!showServerFieldErrors(form, error, settingsFieldOf)) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Card
      title="积分规则"
      extra={
        canEdit ? (
          <Space>
            <Button disabled={isBusy} onClick={() => form.setFieldsValue(valuesOfSettings(saved))}>
              撤销修改
            </Button>
            <Button type="primary" loading={isBusy} onClick={() => form.submit()}>
              保存
            </Button>
          </Space>
        ) : (
          <Tag>只读</Tag>
        )
      }
    >
      <Form<SettingsFormValues> form={form} layout="vertical" initialValues={valuesOfSettings(saved)} onFinish={submit} data-testid="points-rules-form">
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text type="secondary">修改只影响之后的订单和积分；已经入账的成长值与积分批次不会重算。</Typography.Text>
          <GrowthSection isReadOnly={!canEdit} />
          <PointsSection isReadOnly={!canEdit} />
          <RedemptionSection isReadOnly={!canEdit} />
        </Space>
      </Form>
    </Card>
  );
}
