import { DeleteOutlined } from '@ant-design/icons';
import { TIER_CODES, TIER_NAMES, type CouponPreviewView, type PromotionRule, type PromotionScope, type TierCode } from '@siyu/shared';
import { Alert, Button, Card, Descriptions, Empty, InputNumber, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorView } from '../../../errors/report-error';
import { money } from '../../../format';
import { BelowCostList } from '../common/BelowCostList';
import { approvalReasonText } from '../common/promotion-labels';
import { useSkuNames } from '../common/use-sku-names';
import { SkuSelect } from '../common/SkuSelect';
import { percentText, type Built } from '../rule-builder/rule-values';
import { useCouponPreview } from './use-coupon-preview';

/** One line of the sample cart. */
export interface SampleLine {
  skuId: number;
  label: string;
  unitPriceFen: number;
  quantity: number;
}

/** The maker-checker verdict as a tag: "需审批：折扣深度 60%／低于成本 2 个规格" or "无需审批". */
export function AssessmentTag({ assessment, maxDepthBp }: { assessment: CouponPreviewView['assessment']; maxDepthBp?: number }) {
  if (!assessment.needsApproval) {
    return (
      <Tag color="green" data-testid="preview-assessment">
        无需审批 · 折扣深度 {percentText(assessment.depthBp)}
      </Tag>
    );
  }
  return (
    <Tag color="orange" data-testid="preview-assessment">
      需审批：{approvalReasonText(assessment, maxDepthBp)}
    </Tag>
  );
}

function PreviewResult({ preview, maxDepthBp, skuName }: { preview: CouponPreviewView; maxDepthBp?: number; skuName(skuId: number): string }) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {!preview.applicable && <Alert type="warning" showIcon title={preview.reason ?? '样例购物车不满足使用条件'} data-testid="preview-reason" />}
      <Descriptions
        size="small"
        column={1}
        bordered
        data-testid="preview-totals"
        items={[
          { label: '商品金额', children: money(preview.goodsSubtotalFen) },
          { label: '优惠', children: <Typography.Text type="danger">-{money(preview.discountFen)}</Typography.Text> },
          { label: '应付', children: <Typography.Text strong>{money(preview.payableTotalFen)}</Typography.Text> },
        ]}
      />
      {preview.explanation.length > 0 && (
        <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="preview-explanation">
          {preview.explanation.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ul>
      )}
      <div>
        <AssessmentTag assessment={preview.assessment} maxDepthBp={maxDepthBp} />
      </div>
      <BelowCostList reason={preview.assessment} skuName={skuName} />
    </Space>
  );
}

/**
 * Live preview of the rule being edited: staff pick a sample cart (searching products) and a tier,
 * and see what it would pay, the explanation lines and whether the coupon needs an owner's approval.
 * Recomputed on the server (POST /preview, debounced) whenever the rule, scope or cart changes.
 */
export function CouponPreviewPanel({ rule, scope, maxDepthBp }: { rule: Built<PromotionRule>; scope: Built<PromotionScope>; maxDepthBp?: number }) {
  const [lines, setLines] = useState<SampleLine[]>([]);
  const [tierCode, setTierCode] = useState<TierCode | null>(null);
  const input =
    rule.ok && scope.ok && lines.length > 0
      ? { rule: rule.value, scope: scope.value, lines: lines.map(({ skuId, quantity }) => ({ skuId, quantity })), tierCode }
      : null;
  const { preview, isLoading, error } = useCouponPreview(input);
  const catalogName = useSkuNames(Boolean(preview?.assessment.belowCost.length));
  const skuName = (skuId: number) => lines.find((line) => line.skuId === skuId)?.label ?? catalogName(skuId);
  const setQuantity = (skuId: number, quantity: number) => setLines((current) => current.map((line) => (line.skuId === skuId ? { ...line, quantity } : line)));
  const failure = error ? errorView(error) : null;

  return (
    <Card title="实时预览" size="small" data-testid="coupon-preview" extra={isLoading ? <Spin size="small" /> : null}>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <SkuSelect
          aria-label="添加样例商品"
          placeholder="添加样例商品：搜索商品名称"
          style={{ width: '100%' }}
          value={null}
          excludeSkuIds={lines.map((line) => line.skuId)}
          onPick={(picked) =>
            setLines((current) => [...current, { skuId: picked.sku.id, label: picked.label, unitPriceFen: picked.sku.privatePriceFen, quantity: 1 }])
          }
        />
        <Table<SampleLine>
          size="small"
          rowKey="skuId"
          pagination={false}
          dataSource={lines}
          data-testid="sample-cart"
          locale={{ emptyText: '样例购物车为空' }}
          columns={[
            { title: '商品', dataIndex: 'label' },
            { className: 'nowrap', title: '单价', dataIndex: 'unitPriceFen', align: 'right', render: money },
            {
              className: 'nowrap',
              title: '数量',
              dataIndex: 'quantity',
              render: (quantity: number, line) => (
                <InputNumber
                  size="small"
                  min={1}
                  max={99}
                  precision={0}
                  value={quantity}
                  aria-label={`数量 ${line.label}`}
                  onChange={(value) => setQuantity(line.skuId, value ?? 1)}
                  style={{ width: 64 }}
                />
              ),
            },
            {
              key: 'remove',
              render: (_, line) => (
                <Button
                  type="text"
                  size="small"
                  icon={<DeleteOutlined />}
                  aria-label={`移除 ${line.label}`}
                  onClick={() => setLines((current) => current.filter((candidate) => candidate.skuId !== line.skuId))}
                />
              ),
            },
          ]}
        />
        <Space>
          <Typography.Text type="secondary">会员等级</Typography.Text>
          <Select<TierCode | 'none'>
            size="small"
            aria-label="样例会员等级"
            style={{ width: 120 }}
            value={tierCode ?? 'none'}
            onChange={(value) => setTierCode(value === 'none' ? null : value)}
            options={[{ value: 'none', label: '不指定' }, ...TIER_CODES.map((code) => ({ value: code, label: TIER_NAMES[code] }))]}
          />
        </Space>
        {failure && (
          <Alert
            type="error"
            showIcon
            title={failure.title}
            description={
              <span>
                {failure.detail && <span>{failure.detail}</span>}{' '}
                {failure.requestId && <Typography.Text type="secondary">请求编号 {failure.requestId}</Typography.Text>}
              </span>
            }
          />
        )}
        {!input && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={lines.length === 0 ? '添加样例商品后显示预览' : '填写完整的规则后显示预览'} />}
        {input && preview && <PreviewResult preview={preview} maxDepthBp={maxDepthBp} skuName={skuName} />}
      </Space>
    </Card>
  );
}
