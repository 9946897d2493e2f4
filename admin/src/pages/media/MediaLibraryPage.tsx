import { Card, Typography } from 'antd';
import { useSession } from '../../auth/SessionProvider';
import { MediaGrid } from './MediaGrid';
import { useMediaLibrary } from './use-media-library';

/** 图片库: every uploaded picture; catalog writers upload and delete (a picture a product shows stays). */
export function MediaLibraryPage() {
  const library = useMediaLibrary();
  const { can } = useSession();
  const canWrite = can('catalog:write');
  return (
    <Card title="图片库">
      <Typography.Paragraph type="secondary">商品图片和详情图都从这里选。同一张图片只保存一份；正被商品使用的图片不能删除。</Typography.Paragraph>
      <MediaGrid library={library} canUpload={canWrite} canDelete={canWrite} />
    </Card>
  );
}
