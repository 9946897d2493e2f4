import type { AdminSku } from '@siyu/shared';
import { Drawer, Table, Typography } from 'antd';
import { catalogApi } from '../../api/catalog';
import type { StockMovement } from '../../api/types';
import { CursorPager } from '../../components/CursorPager';
import { formatTime } from '../../format';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { specsLabel } from '../../labels';

/** The stock ledger of one SKU, newest first. `staffName` names the staff id when the role may list staff. */
export function StockMovementsDrawer({
  title,
  sku,
  staffName,
  version,
  onClose,
}: {
  title: string;
  sku: AdminSku;
  staffName(id: number | null): string;
  version: number;
  onClose(): void;
}) {
  const pages = useCursorPages((cursor, limit, signal) => catalogApi.stockMovements(sku.id, cursor, limit, signal), [sku.id, version]);
  return (
    <Drawer open size={720} title={`库存流水 · ${title} · ${specsLabel(sku.specs)}`} onClose={onClose}>
      <Table<StockMovement>
        size="small"
        rowKey="id"
        loading={pages.isLoading}
        dataSource={pages.items}
        pagination={false}
        data-testid="stock-movements"
        locale={{ emptyText: '还没有库存流水（初始库存随规格创建，不产生流水）' }}
        columns={[
          { title: '时间', dataIndex: 'createdAt', render: formatTime },
          {
            title: '变动',
            dataIndex: 'delta',
            align: 'right',
            render: (delta: number) => <Typography.Text type={delta > 0 ? 'success' : 'danger'}>{delta > 0 ? `+${delta}` : delta}</Typography.Text>,
          },
          { title: '变动后', dataIndex: 'stockAfter', align: 'right' },
          { title: '原因', dataIndex: 'reason' },
          { title: '操作人', dataIndex: 'staffId', render: staffName },
        ]}
      />
      <CursorPager pages={pages} />
    </Drawer>
  );
}
