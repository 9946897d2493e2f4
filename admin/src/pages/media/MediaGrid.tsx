import { CheckCircleFilled, DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import type { MediaItem } from '@siyu/shared';
import { App, Button, Empty, Popconfirm, Space, Spin, Typography, Upload } from 'antd';
import { isApiError } from '../../api/client';
import type { MediaLibrary } from './use-media-library';
import './media-grid.css';

export interface MediaGridProps {
  library: MediaLibrary;
  /** Picking mode: the URLs chosen, in order, and what a click on a picture does. */
  selected?: readonly string[];
  onToggle?: (item: MediaItem) => void;
  /** Managing mode: each picture gets a delete button. */
  canDelete?: boolean;
  canUpload: boolean;
}

function sizeText(item: MediaItem): string {
  return `${item.width}×${item.height} · ${Math.max(1, Math.round(item.bytes / 1024))} KB`;
}

/** The library's pictures as thumbnails, with an upload button (type and size are checked by the server). */
export function MediaGrid({ library, selected = [], onToggle, canDelete = false, canUpload }: MediaGridProps) {
  const { message } = App.useApp();
  const upload = async (file: File) => {
    try {
      const item = await library.upload(file);
      message.success(`已上传：${item.originalName || '图片'}`);
      onToggle?.(item);
    } catch (error) {
      message.error(isApiError(error) ? error.friendlyMessage : '上传失败，请重试');
    }
  };
  const remove = async (item: MediaItem) => {
    try {
      await library.remove(item);
      message.success('图片已删除');
    } catch (error) {
      message.error(isApiError(error) ? error.friendlyMessage : '删除失败，请重试');
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {canUpload && (
        <Upload accept="image/jpeg,image/png,image/webp,image/gif" multiple showUploadList={false} customRequest={({ file }) => void upload(file as File)}>
          <Button icon={<UploadOutlined />}>上传图片</Button>
          <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
            JPG、PNG、WebP 或 GIF，10MB 以内；上传后自动生成缩略图
          </Typography.Text>
        </Upload>
      )}
      {library.items.length === 0 && !library.isLoading ? <Empty description="图片库还是空的，先上传一张吧" /> : null}
      <div className="media-grid">
        {library.items.map((item) => {
          const order = selected.indexOf(item.url);
          return (
            <div key={item.id} className={`media-grid__cell${order >= 0 ? ' media-grid__cell--selected' : ''}`}>
              <button
                type="button"
                className="media-grid__pick"
                onClick={() => onToggle?.(item)}
                disabled={!onToggle}
                aria-label={`${order >= 0 ? '取消选择' : '选择'}图片 ${item.originalName}`}
              >
                <img src={item.thumbUrl} alt={item.originalName || '图片'} loading="lazy" width={120} height={120} />
                {order >= 0 && (
                  <span className="media-grid__badge">
                    <CheckCircleFilled /> {order + 1}
                  </span>
                )}
              </button>
              <Typography.Text type="secondary" className="media-grid__meta" ellipsis>
                {sizeText(item)}
              </Typography.Text>
              {canDelete && (
                <Popconfirm title="删除这张图片？" okText="删除" cancelText="取消" onConfirm={() => remove(item)}>
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`删除图片 ${item.originalName}`} />
                </Popconfirm>
              )}
            </div>
          );
        })}
      </div>
      {library.isLoading && <Spin />}
      {library.hasMore && !library.isLoading && <Button onClick={library.loadMore}>加载更多</Button>}
    </Space>
  );
}
