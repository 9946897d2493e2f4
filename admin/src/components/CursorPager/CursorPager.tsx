import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Select, Space, Typography } from 'antd';
import type { CursorPages } from '../../hooks/use-cursor-pages';

const PAGE_SIZES = [10, 20, 50, 100];

/** Previous / next page and page size under a table of a cursor-paginated list. */
export function CursorPager({ pages }: { pages: CursorPages<unknown> }) {
  return (
    <Space style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 16 }}>
      <Typography.Text type="secondary">第 {pages.pageNumber} 页</Typography.Text>
      <Button icon={<LeftOutlined />} disabled={!pages.hasPrevious || pages.isLoading} onClick={pages.previous}>
        上一页
      </Button>
      <Button disabled={!pages.hasNext || pages.isLoading} onClick={pages.next}>
        下一页 <RightOutlined />
      </Button>
      <Select
        aria-label="每页条数"
        value={pages.pageSize}
        onChange={pages.setPageSize}
        options={PAGE_SIZES.map((size) => ({ value: size, label: `${size} 条/页` }))}
        style={{ width: 110 }}
      />
    </Space>
  );
}
