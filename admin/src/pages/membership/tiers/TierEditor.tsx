import { TIER_CODES, TIER_NAMES, type TierCode } from '@siyu/shared';
import { Form, Input, InputNumber, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { YuanInput, yuanRule } from '../../../components/YuanInput';
import type { CouponOption } from '../common/coupon-options';
import { percentToBp, thresholdProblem, type TierFormValues } from './tier-form';

export const TIER_COLORS: Readonly<Record<TierCode, string>> = { bronze: 'orange', silver: 'default', gold: 'gold', platinum: 'cyan', diamond: 'purple' };

const cell = { style: { marginBottom: 0 } };

/** "即 9.5 折" for 5 % off, from whole basis points (display only). */
export function discountText(percent: number | null | undefined): string {
  if (typeof percent !== 'number' || percent <= 0) return '无折扣';
  const rest = 10_000 - percentToBp(percent);
  const decimals = String(rest % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return `即 ${Math.floor(rest / 1000)}${decimals ? `.${decimals}` : ''} 折`;
}

interface Props {
  couponOptions: CouponOption[];
  isReadOnly: boolean;
  isCouponsLoading?: boolean;
}

type Row = { index: number; code: TierCode };

function columns({ couponOptions, isReadOnly, isCouponsLoading }: Props): ColumnsType<Row> {
  const name = (index: number, field: string) => ['tiers', index, field];
  return [
    {
      title: '等级',
      key: 'name',
      width: 130,
      render: (_, { index, code }) => (
        <Form.Item
          name={name(index, 'name')}
          rules={[
            { required: true, whitespace: true, message: '请输入名称' },
            { max: 10, message: '最多 10 个字' },
          ]}
          {...cell}
        >
          <Input prefix={<Tag color={TIER_COLORS[code]}>{index + 1}</Tag>} maxLength={10} disabled={isReadOnly} aria-label={`名称 ${TIER_NAMES[code]}`} />
        </Form.Item>
      ),
    },
    {
      title: '成长值门槛',
      key: 'growthThreshold',
      width: 120,
      render: (_, { index, code }) => (
        <Form.Item
          name={name(index, 'growthThreshold')}
          dependencies={index > 0 ? [name(index - 1, 'growthThreshold')] : []}
          rules={[
            ({ getFieldValue }) => ({
              validator: async () => {
                const problem = thresholdProblem(getFieldValue('tiers') as TierFormValues['tiers'], index);
                if (problem) throw new Error(problem);
              },
            }),
          ]}
          {...cell}
        >
          <InputNumber
            min={0}
            max={100_000_000}
            precision={0}
            disabled={isReadOnly || index === 0}
            aria-label={`成长值门槛 ${TIER_NAMES[code]}`}
            style={{ width: '100%' }}
          />
        </Form.Item>
      ),
    },
    {
      title: '会员折扣',
      key: 'discount',
      width: 120,
      render: (_, { index, code }) => (
        <>
          <Form.Item name={name(index, 'discountPercent')} rules={[{ required: true, message: '请输入折扣' }]} {...cell}>
            <InputNumber
              min={0}
              max={50}
              precision={2}
              suffix="%"
              disabled={isReadOnly}
              aria-label={`会员折扣 ${TIER_NAMES[code]}`}
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item noStyle dependencies={[name(index, 'discountPercent')]}>
            {({ getFieldValue }) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {discountText(getFieldValue(name(index, 'discountPercent')) as number | null)}
              </Typography.Text>
            )}
          </Form.Item>
        </>
      ),
    },
    {
      title: '积分倍数',
      key: 'multiplier',
      width: 100,
      render: (_, { index, code }) => (
        <Form.Item name={name(index, 'pointsMultiplier')} rules={[{ required: true, message: '请输入倍数' }]} {...cell}>
          <InputNumber
            min={1}
            max={5}
            step={0.1}
            precision={2}
            prefix="×"
            disabled={isReadOnly}
            aria-label={`积分倍数 ${TIER_NAMES[code]}`}
            style={{ width: '100%' }}
          />
        </Form.Item>
      ),
    },
    {
      title: '包邮门槛',
      key: 'freeShipping',
      width: 120,
      render: (_, { index, code }) => (
        <Form.Item name={name(index, 'freeShipping')} rules={[yuanRule()]} {...cell}>
          <YuanInput placeholder="不包邮" disabled={isReadOnly} aria-label={`包邮门槛 ${TIER_NAMES[code]}`} />
        </Form.Item>
      ),
    },
    {
      title: '生日积分',
      key: 'birthdayPoints',
      width: 100,
      render: (_, { index, code }) => (
        <Form.Item name={name(index, 'birthdayPoints')} rules={[{ required: true, message: '请输入积分' }]} {...cell}>
          <InputNumber min={0} max={100_000} precision={0} disabled={isReadOnly} aria-label={`生日积分 ${TIER_NAMES[code]}`} style={{ width: '100%' }} />
        </Form.Item>
      ),
    },
    {
      title: '生日券',
      key: 'birthdayCoupon',
      width: 150,
      render: (_, { index, code }) => (
        <Form.Item name={name(index, 'birthdayCouponTemplateId')} {...cell}>
          <Select
            allowClear
            placeholder="无"
            options={couponOptions}
            loading={isCouponsLoading}
            disabled={isReadOnly}
            aria-label={`生日券 ${TIER_NAMES[code]}`}
            style={{ width: '100%' }}
          />
        </Form.Item>
      ),
    },
    {
      title: '每月券包',
      key: 'monthlyCoupons',
      width: 200,
      render: (_, { index, code }) => (
        <Form.Item name={name(index, 'monthlyCouponTemplateIds')} rules={[{ type: 'array', max: 10, message: '最多 10 张' }]} {...cell}>
          <Select
            mode="multiple"
            allowClear
            placeholder="无"
            options={couponOptions}
            loading={isCouponsLoading}
            disabled={isReadOnly}
            aria-label={`每月券包 ${TIER_NAMES[code]}`}
            style={{ width: '100%' }}
          />
        </Form.Item>
      ),
    },
  ];
}

/**
 * The five tiers as one table inside the page's form: name, growth threshold (bronze fixed at 0, each
 * above the previous, flagged as typed), discount, points multiplier and the perks.
 */
export function TierEditor(props: Props) {
  const rows: Row[] = TIER_CODES.map((code, index) => ({ index, code }));
  return (
    <>
      <Table<Row>
        rowKey="code"
        size="small"
        bordered
        pagination={false}
        dataSource={rows}
        columns={columns(props)}
        scroll={{ x: 'max-content' }}
        data-testid="tier-table"
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        会员折扣按“会员折扣”规则参与优惠叠加；包邮门槛留空表示该等级不享受包邮，填 0 表示全部包邮；专享商品在商品的规格上设置“专享等级”。
      </Typography.Paragraph>
    </>
  );
}
