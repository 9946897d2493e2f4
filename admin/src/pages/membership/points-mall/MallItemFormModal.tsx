import { TIER_CODES, TIER_NAMES, type PointsMallItemView } from '@siyu/shared';
import { Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { isApiError } from '../../../api/client';
import { pointsMallApi } from '../../../api/membership';
import { YuanInput, yuanRule } from '../../../components/YuanInput';
import { setFieldErrors, showServerFieldErrors } from '../../../errors/field-errors';
import { reportError } from '../../../errors/report-error';
import { SkuSelect } from '../../promotions/common/SkuSelect';
import type { CouponOption } from '../common/coupon-options';
import { mallFieldOf, mallItemBodyOfValues, mallItemPatchOfValues, NEW_MALL_ITEM, valuesOfMallItem, type MallItemFormValues } from './mall-item-form';

interface Props {
  item?: PointsMallItemView;
  couponOptions: CouponOption[];
  /** "每日坚果 · 规格:25g×30包" for a goods item's SKU (fixed once created). */
  skuName(skuId: number): string;
  onClose(): void;
  onSaved(saved: PointsMallItemView | null): void;
}

export const TIER_OPTIONS = TIER_CODES.map((code) => ({ value: code, label: `${TIER_NAMES[code]}及以上` }));

/**
 * 新建 / 编辑积分商城商品: a coupon (grants a coupon template) or goods (a SKU shipped at zero price, or
 * for points + cash), with points price, cash in yuan, stock, per-member limit and the lowest tier.
 */
export function MallItemFormModal({ item, couponOptions, skuName, onClose, onSaved }: Props) {
  const [form] = Form.useForm<MallItemFormValues>();
  const [isBusy, setIsBusy] = useState(false);
  const initialValues = useMemo(() => (item ? valuesOfMallItem(item) : NEW_MALL_ITEM), [item]);
  const kind = (Form.useWatch('kind', form) ?? initialValues.kind) as MallItemFormValues['kind'];

  /** The request the values make: a PATCH of what changed (null when nothing did), or the POST of a new item. */
  const requestOf = (values: MallItemFormValues) => {
    if (!item) {
      const built = mallItemBodyOfValues(values);
      return built.ok ? { ok: true as const, send: () => pointsMallApi.create(built.value) } : built;
    }
    const built = mallItemPatchOfValues(item, values);
    if (!built.ok) return built;
    return { ok: true as const, send: Object.keys(built.value).length === 0 ? null : () => pointsMallApi.update(item.id, built.value) };
  };

  const submit = async () => {
    const request = requestOf({ ...initialValues, ...(form.getFieldsValue(true) as MallItemFormValues) });
    if (!request.ok) {
      setFieldErrors(form, request.errors);
      return;
    }
    if (!request.send) {
      onSaved(null);
      return;
    }
    setIsBusy(true);
    try {
      onSaved(await request.send());
    } catch (error) {
      if (isApiError(error, 'POINTS_MALL_STOCK_BELOW_REDEEMED')) setFieldErrors(form, [{ name: ['stock'], errors: [error.friendlyMessage] }]);
      else if (!showServerFieldErrors(form, error, mallFieldOf(kind))) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Modal
      open
      title={item ? `编辑：${item.title}` : '新建积分商品'}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={isBusy}
      destroyOnHidden
      width={620}
    >
      <Form<MallItemFormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={submit} data-testid="mall-item-form">
        <Form.Item name="kind" label="类型">
          <Radio.Group
            optionType="button"
            disabled={item !== undefined}
            options={[
              { value: 'coupon', label: '优惠券' },
              { value: 'goods', label: '实物商品' },
            ]}
          />
        </Form.Item>
        {kind === 'coupon' ? (
          <Form.Item name="couponTemplateId" label="发放的优惠券" rules={[{ required: true, message: '请选择优惠券' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={couponOptions}
              disabled={item !== undefined}
              placeholder="选择优惠券模板"
              aria-label="发放的优惠券"
            />
          </Form.Item>
        ) : item?.skuId ? (
          <Form.Item label="规格">
            <Typography.Text>{skuName(item.skuId)}</Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item
            name="skuId"
            label="规格"
            rules={[{ required: true, message: '请选择规格' }]}
            extra="兑换后生成一笔 0 元（或只付现金部分）的订单，按收货地址发货"
          >
            <SkuSelect aria-label="兑换规格" />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label="名称"
          rules={[
            { required: true, whitespace: true, message: '请输入名称' },
            { max: 40, message: '最多 40 个字' },
          ]}
        >
          <Input maxLength={40} placeholder="如 无门槛5元券" aria-label="商品名称" />
        </Form.Item>
        <Space size="large" wrap align="start">
          <Form.Item name="pointsPrice" label="所需积分" rules={[{ required: true, message: '请输入积分' }]}>
            <InputNumber min={1} max={10_000_000} precision={0} suffix="积分" aria-label="所需积分" style={{ width: 160 }} />
          </Form.Item>
          {kind === 'goods' && (
            <Form.Item name="cash" label="另付现金" rules={[yuanRule()]} extra="留空 = 纯积分兑换">
              <YuanInput aria-label="另付现金" style={{ width: 140 }} />
            </Form.Item>
          )}
          <Form.Item name="sortOrder" label="排序" tooltip="小的在前">
            <InputNumber min={0} max={100_000} precision={0} aria-label="排序" style={{ width: 100 }} />
          </Form.Item>
        </Space>
        <Space size="large" wrap align="start">
          <Form.Item name="stock" label="库存" rules={[{ required: true, message: '请输入库存' }]} extra={item ? `已兑换 ${item.redeemedCount} 件` : undefined}>
            <InputNumber min={item ? item.redeemedCount : 0} max={1_000_000} precision={0} suffix="件" aria-label="库存" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="perMemberLimit" label="每人限兑" rules={[{ required: true, message: '请输入限兑数量' }]}>
            <InputNumber min={1} max={100} precision={0} suffix="件" aria-label="每人限兑" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="minTier" label="最低等级">
            <Select allowClear placeholder="所有会员" options={TIER_OPTIONS} aria-label="最低等级" style={{ width: 150 }} />
          </Form.Item>
        </Space>
        <Form.Item name="image" label="图片地址" rules={[{ type: 'url', message: '请输入完整的网址' }]}>
          <Input placeholder="https://…（可选）" aria-label="图片地址" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
