import { Card, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { shippingApi } from '../../api/shipping';
import { reportError } from '../../errors/report-error';
import { useApiData } from '../../hooks/use-api-data';

/** 运费模板 on the product form: the product's own template, or the store's default; saved on change (audited). */
export function ProductShippingCard({ productId, isReadOnly }: { productId: number; isReadOnly: boolean }) {
  const templates = useApiData((signal) => shippingApi.templates(signal), []);
  const current = useApiData(() => shippingApi.productShipping(productId), [productId]);
  const [isSaving, setIsSaving] = useState(false);
  const fallback = templates.data?.find((template) => template.isDefault);

  const change = async (value: number) => {
    setIsSaving(true);
    try {
      await shippingApi.setProductShipping(productId, value === 0 ? null : value);
      current.reload();
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Card title="运费模板" style={{ marginTop: 16 }}>
      <Space direction="vertical">
        <Select<number>
          aria-label="运费模板"
          style={{ width: 320 }}
          loading={templates.isLoading || current.isLoading || isSaving}
          disabled={isReadOnly || isSaving}
          value={current.data ? (current.data.templateId ?? 0) : undefined}
          onChange={(value) => void change(value)}
          options={[
            { value: 0, label: fallback ? `使用默认模板（${fallback.name}）` : '使用默认模板' },
            ...(templates.data ?? []).filter((template) => !template.isDefault).map((template) => ({ value: template.id, label: template.name })),
          ]}
        />
        <Typography.Text type="secondary">修改后立即保存；按重量计费的模板使用 SKU 重量计算。</Typography.Text>
      </Space>
    </Card>
  );
}
