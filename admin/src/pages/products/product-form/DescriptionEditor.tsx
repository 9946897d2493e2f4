import { PictureOutlined } from '@ant-design/icons';
import { Button, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { MediaPickerModal } from '../../media/MediaPickerModal';

export interface DescriptionEditorProps {
  value?: string;
  onChange?: (value: string) => void;
  isReadOnly?: boolean;
}

/**
 * The product's details in Markdown (**粗体**, "- " 列表); pictures from the media library go in as
 * `![](/media/…)` lines, which the shop shows full width. A Form.Item child (value / onChange).
 */
export function DescriptionEditor({ value = '', onChange, isReadOnly = false }: DescriptionEditorProps) {
  const [isPicking, setIsPicking] = useState(false);
  const insert = (urls: string[]) => {
    const pictures = urls.map((url) => `![详情图](${url})`).join('\n');
    onChange?.(value.trim() ? `${value.trimEnd()}\n\n${pictures}` : pictures);
    setIsPicking(false);
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.TextArea
        rows={6}
        maxLength={20000}
        value={value}
        disabled={isReadOnly}
        onChange={(event) => onChange?.(event.target.value)}
        aria-label="商品详情"
      />
      {!isReadOnly && (
        <Space>
          <Button icon={<PictureOutlined />} onClick={() => setIsPicking(true)}>
            插入详情图
          </Button>
          <Typography.Text type="secondary">**粗体**，“- ”开头为列表；图片单独一行，在商城中按屏宽显示</Typography.Text>
        </Space>
      )}
      <MediaPickerModal isOpen={isPicking} room={9} onCancel={() => setIsPicking(false)} onPick={insert} />
    </Space>
  );
}
