import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Image, Input, Space, Typography, type FormInstance } from 'antd';
import type { ProductFormValues } from './form-values';

/** A grey placeholder shown when an image URL does not load. */
export const IMAGE_FALLBACK =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#f0f0f0"/><text x="32" y="37" font-size="11" text-anchor="middle" fill="#999">无法加载</text></svg>',
  );

const MAX_IMAGES = 9;

/** Product image URLs (http(s) or a site path), each with a preview; the first is the cover. */
export function ImageUrlList({ form, isReadOnly }: { form: FormInstance<ProductFormValues>; isReadOnly: boolean }) {
  const images = Form.useWatch('images', form) ?? [];
  return (
    <Form.List name="images">
      {(fields, { add, remove }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {fields.length === 0 && <Typography.Text type="secondary">还没有图片。添加图片地址后会显示预览，第一张为封面。</Typography.Text>}
          {fields.map((field, index) => (
            <Space key={field.key} align="start">
              <Image
                width={64}
                height={64}
                style={{ objectFit: 'cover', borderRadius: 4 }}
                src={images[field.name]?.trim() || IMAGE_FALLBACK}
                fallback={IMAGE_FALLBACK}
                alt={`图片 ${index + 1}`}
              />
              <Form.Item name={field.name} style={{ marginBottom: 0, width: 520 }} extra={index === 0 ? '封面图' : undefined}>
                <Input disabled={isReadOnly} placeholder="https://… 或 /images/…" aria-label={`图片地址 ${index + 1}`} />
              </Form.Item>
              {!isReadOnly && <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除图片" onClick={() => remove(field.name)} />}
            </Space>
          ))}
          {!isReadOnly && (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} disabled={fields.length >= MAX_IMAGES}>
              添加图片地址（最多 {MAX_IMAGES} 张）
            </Button>
          )}
        </Space>
      )}
    </Form.List>
  );
}
