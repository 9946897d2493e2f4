import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PictureOutlined, PlusOutlined } from '@ant-design/icons';
import { mediaVariantUrl } from '@siyu/shared';
import { Button, Form, Image, Input, Space, Typography, type FormInstance } from 'antd';
import { useState } from 'react';
import { MediaPickerModal } from '../../media/MediaPickerModal';
import type { ProductFormValues } from './form-values';

/** A grey placeholder shown when an image URL does not load. */
export const IMAGE_FALLBACK =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#f0f0f0"/><text x="32" y="37" font-size="11" text-anchor="middle" fill="#999">无法加载</text></svg>',
  );

const MAX_IMAGES = 9;

/**
 * The product's pictures in display order (the first is the cover): picked from the media library
 * (or uploaded there from this form), moved up and down, removed; an address can still be typed.
 */
export function ImageUrlList({ form, isReadOnly }: { form: FormInstance<ProductFormValues>; isReadOnly: boolean }) {
  const images = Form.useWatch('images', form) ?? [];
  const [isPicking, setIsPicking] = useState(false);
  return (
    <Form.List name="images">
      {(fields, { add, remove, move }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {fields.length === 0 && <Typography.Text type="secondary">还没有图片。从图片库选择或上传，第一张为封面。</Typography.Text>}
          {fields.map((field, index) => (
            <Space key={field.key} align="start">
              <Image
                width={64}
                height={64}
                style={{ objectFit: 'cover', borderRadius: 4 }}
                src={mediaVariantUrl(images[field.name]?.trim() ?? '', 't') || IMAGE_FALLBACK}
                preview={{ src: images[field.name]?.trim() || IMAGE_FALLBACK }}
                fallback={IMAGE_FALLBACK}
                alt={`图片 ${index + 1}`}
              />
              <Form.Item name={field.name} style={{ marginBottom: 0, width: 460 }} extra={index === 0 ? '封面图' : undefined}>
                <Input disabled={isReadOnly} placeholder="从图片库选择，或填写 https://… 地址" aria-label={`图片地址 ${index + 1}`} />
              </Form.Item>
              {!isReadOnly && (
                <>
                  <Button type="text" icon={<ArrowUpOutlined />} aria-label="上移" disabled={index === 0} onClick={() => move(index, index - 1)} />
                  <Button
                    type="text"
                    icon={<ArrowDownOutlined />}
                    aria-label="下移"
                    disabled={index === fields.length - 1}
                    onClick={() => move(index, index + 1)}
                  />
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除图片" onClick={() => remove(field.name)} />
                </>
              )}
            </Space>
          ))}
          {!isReadOnly && (
            <Space>
              <Button icon={<PictureOutlined />} onClick={() => setIsPicking(true)} disabled={fields.length >= MAX_IMAGES}>
                从图片库选择 / 上传
              </Button>
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} disabled={fields.length >= MAX_IMAGES}>
                填写图片地址
              </Button>
              <Typography.Text type="secondary">最多 {MAX_IMAGES} 张</Typography.Text>
            </Space>
          )}
          <MediaPickerModal
            isOpen={isPicking}
            room={MAX_IMAGES - fields.length}
            onCancel={() => setIsPicking(false)}
            onPick={(urls) => {
              urls.forEach((url) => add(url));
              setIsPicking(false);
            }}
          />
        </Space>
      )}
    </Form.List>
  );
}
