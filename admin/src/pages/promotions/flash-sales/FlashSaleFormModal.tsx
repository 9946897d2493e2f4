import type { FlashSaleView } from '@siyu/shared';
import { Alert, DatePicker, Form, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { flashSalesApi } from '../../../api/promotions';
import { YuanInput, yuanRule, yuanTextToFen } from '../../../components/YuanInput';
import { setFieldErrors, showServerFieldErrors } from '../../../errors/field-errors';
import { reportError } from '../../../errors/report-error';
import { money } from '../../../format';
import { specsLabel } from '../../../labels';
import { SkuSelect, type PickedSku } from '../common/SkuSelect';
import { flashSaleBodyOfValues, flashSaleFieldOf, flashSalePatchOfValues, hasStarted, valuesOfFlashSale, type FlashSaleFormValues } from './flash-sale-form';

/** The chosen SKU's prices beside the flash price, with a warning when it is below cost. */
function PriceHint({ picked, flashPrice }: { picked: PickedSku | null; flashPrice: string | undefined }) {
  if (!picked) return null;
  const fen = yuanTextToFen(flashPrice);
  const isBelowCost = typeof fen === 'number' && fen < picked.sku.costPriceFen;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
      <Typography.Text type="secondary">
        私域价 {money(picked.sku.privatePriceFen)} · 成本价 {money(picked.sku.costPriceFen)} · 库存 {picked.sku.stock}
      </Typography.Text>
      {isBelowCost && <Alert type="warning" showIcon title="秒杀价低于成本价：创建后需店主审批才会开始" data-testid="flash-below-cost" />}
    </Space>
  );
}

/**
 * 新建 / 编辑秒杀: one SKU at a flash price for a number of units in a window. Before the start
 * everything but the SKU may change; once started only the end and the units (not below sold).
 */
export function FlashSaleFormModal({ sale, onClose, onSaved }: { sale?: FlashSaleView; onClose(): void; onSaved(saved: FlashSaleView): void }) {
  const [form] = Form.useForm<FlashSaleFormValues>();
  const [isBusy, setIsBusy] = useState(false);
  const [picked, setPicked] = useState<PickedSku | null>(null);
  const flashPrice = Form.useWatch('flashPrice', form);
  const isLocked = sale ? hasStarted(sale) : false;
  const initialValues = useMemo<FlashSaleFormValues>(() => (sale ? valuesOfFlashSale(sale) : { perMemberLimit: 1 }), [sale]);

  /** The request the values make: a PATCH of what changed, or the POST of a new sale. */
  const requestOf = (values: FlashSaleFormValues) => {
    if (!sale) {
      const built = flashSaleBodyOfValues(values);
      return built.ok ? { ok: true as const, send: () => flashSalesApi.create(built.value) } : built;
    }
    const built = flashSalePatchOfValues(sale, values);
    return built.ok ? { ok: true as const, send: () => flashSalesApi.update(sale.id, built.value) } : built;
  };

  const submit = async (values: FlashSaleFormValues) => {
    const request = requestOf(values);
    if (!request.ok) {
      setFieldErrors(
        form,
        request.errors.map((error) => ({ name: error.name, errors: [error.message] })),
      );
      return;
    }
    setIsBusy(true);
    try {
      onSaved(await request.send());
    } catch (error) {
      if (!showServerFieldErrors(form, error, flashSaleFieldOf)) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Modal
      open
      title={sale ? `编辑秒杀：${sale.title}` : '新建秒杀'}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={isBusy}
      destroyOnHidden
      width={600}
    >
      {isLocked && <Alert type="info" showIcon title="秒杀已开始：只能修改结束时间和总量（不少于已售）" style={{ marginBottom: 16 }} />}
      <Form<FlashSaleFormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={submit} data-testid="flash-sale-form">
        <Form.Item
          name="title"
          label="活动标题"
          rules={[
            { required: true, whitespace: true, message: '请输入标题' },
            { max: 40, message: '最多 40 个字符' },
          ]}
        >
          <Input maxLength={40} disabled={isLocked} placeholder="如 每日坚果 限时秒杀" aria-label="活动标题" />
        </Form.Item>
        {sale ? (
          <Form.Item label="规格">
            <Typography.Text>
              {sale.productTitle} {specsLabel(sale.specs)}（原价 {money(sale.privatePriceFen)}）
            </Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item name="skuId" label="规格" rules={[{ required: true, message: '请选择规格' }]}>
            <SkuSelect aria-label="秒杀规格" onPick={setPicked} />
          </Form.Item>
        )}
        <Form.Item name="flashPrice" label="秒杀价" rules={[yuanRule({ required: true })]} style={{ marginBottom: picked ? 8 : undefined }}>
          <YuanInput aria-label="秒杀价" disabled={isLocked} style={{ width: 160 }} />
        </Form.Item>
        <PriceHint picked={picked} flashPrice={flashPrice} />
        <Space size="large" wrap align="start">
          <Form.Item
            name="totalUnits"
            label="秒杀总量"
            rules={[{ required: true, message: '请输入总量' }]}
            extra={sale ? `已售 ${sale.soldUnits} 件` : undefined}
          >
            <InputNumber min={sale ? Math.max(1, sale.soldUnits) : 1} max={1_000_000} precision={0} suffix="件" aria-label="秒杀总量" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="perMemberLimit" label="每人限购" rules={[{ required: true, message: '请输入限购数量' }]}>
            <InputNumber min={1} max={99} precision={0} suffix="件" disabled={isLocked} aria-label="每人限购" style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Form.Item name="range" label="活动时间" rules={[{ required: true, message: '请选择活动时间' }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm:ss' }} format="YYYY-MM-DD HH:mm:ss" disabled={[isLocked, false]} aria-label="活动时间" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
