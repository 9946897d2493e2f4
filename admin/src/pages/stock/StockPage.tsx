import type { AdminProduct, AdminSku } from '@siyu/shared';
import { App, Button, Card, Input, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { catalogApi, type ProductFilter } from '../../api/catalog';
import { staffApi } from '../../api/staff';
import { useSession } from '../../auth/SessionProvider';
import { CursorPager } from '../../components/CursorPager';
import { useApiData } from '../../hooks/use-api-data';
import { useCategories } from '../../hooks/use-categories';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { PRODUCT_STATUS_COLORS, PRODUCT_STATUS_NAMES, specsLabel } from '../../labels';
import { StockAdjustModal } from './StockAdjustModal';
import { StockMovementsDrawer } from './StockMovementsDrawer';

interface Row {
  product: AdminProduct;
  sku: AdminSku;
}

/** 库存: every SKU of the listed products with its stock; adjust with a reason (stock:write), read the ledger. */
export function StockPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const canAdjust = can('stock:write');
  const categories = useCategories();
  const [filter, setFilter] = useState<ProductFilter>({});
  const pages = useCursorPages((cursor, limit, signal) => catalogApi.products(filter, cursor, limit, signal), [filter]);
  const [adjusting, setAdjusting] = useState<Row | null>(null);
  const [viewing, setViewing] = useState<Row | null>(null);
  const [version, setVersion] = useState(0);
  const staffList = useApiData(() => (can('staff:manage') ? staffApi.list() : Promise.resolve([])), [can('staff:manage')]);
  const staffName = (id: number | null) => (id === null ? '系统' : (staffList.data?.find((staff) => staff.id === id)?.displayName ?? `员工 #${id}`));
  const rows: Row[] = pages.items.flatMap((product) => product.skus.map((sku) => ({ product, sku })));

  return (
    <Card title="库存">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder="搜索商品名称"
          allowClear
          enterButton="搜索"
          style={{ width: 280 }}
          onSearch={(q) => setFilter((f) => ({ ...f, q: q.trim() || undefined }))}
          aria-label="搜索商品"
        />
        <TreeSelect
          placeholder="全部分类"
          allowClear
          style={{ width: 200 }}
          treeData={categories.treeSelectData}
          treeDefaultExpandAll
          onChange={(categoryId?: number) => setFilter((f) => ({ ...f, categoryId }))}
          aria-label="按分类筛选"
        />
        {!canAdjust && <Tag>当前角色只能查看库存</Tag>}
      </Space>
      <Table<Row>
        rowKey={(row) => row.sku.id}
        loading={pages.isLoading}
        dataSource={rows}
        pagination={false}
        data-testid="stock-table"
        columns={[
          { title: '商品', key: 'product', render: (_, row) => row.product.title },
          {
            title: '状态',
            key: 'status',
            render: (_, row) => <Tag color={PRODUCT_STATUS_COLORS[row.product.status]}>{PRODUCT_STATUS_NAMES[row.product.status]}</Tag>,
          },
          { title: '规格', key: 'specs', render: (_, row) => specsLabel(row.sku.specs) },
          { title: '条码', key: 'barcode', render: (_, row) => row.sku.barcode ?? '—' },
          {
            title: '库存',
            key: 'stock',
            align: 'right',
            render: (_, row) => (
              <Typography.Text type={row.sku.stock === 0 ? 'danger' : undefined} strong>
                {row.sku.stock}
              </Typography.Text>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, row) => (
              <Space>
                {canAdjust && (
                  <Button type="link" size="small" onClick={() => setAdjusting(row)}>
                    调整库存
                  </Button>
                )}
                <Button type="link" size="small" onClick={() => setViewing(row)}>
                  流水
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <CursorPager pages={pages} />
      {adjusting && (
        <StockAdjustModal
          title={adjusting.product.title}
          sku={adjusting.sku}
          onClose={() => setAdjusting(null)}
          onDone={(movement) => {
            message.success(`库存已调整为 ${movement.stockAfter}`);
            setAdjusting(null);
            setVersion((v) => v + 1);
            pages.reload();
          }}
        />
      )}
      {viewing && (
        <StockMovementsDrawer title={viewing.product.title} sku={viewing.sku} staffName={staffName} version={version} onClose={() => setViewing(null)} />
      )}
    </Card>
  );
}
