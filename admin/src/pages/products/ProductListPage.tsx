import { PlusOutlined } from '@ant-design/icons';
import { PRODUCT_ROLE_NAMES, PRODUCT_ROLES, PRODUCT_STATUSES, type AdminProduct, type ProductRole, type ProductStatus } from '@siyu/shared';
import { Button, Card, Image, Input, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { catalogApi, type ProductFilter } from '../../api/catalog';
import { useSession } from '../../auth/SessionProvider';
import { CursorPager } from '../../components/CursorPager';
import { formatTime, money } from '../../format';
import { useCategories } from '../../hooks/use-categories';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { PRODUCT_STATUS_COLORS, PRODUCT_STATUS_NAMES } from '../../labels';
import { CsvImportButton } from './csv/CsvImportButton';
import { ExportCsvButton } from './csv/ExportCsvButton';
import { IMAGE_FALLBACK } from './product-form/ImageUrlList';
import { usePublishActions } from './use-publish';

/** 商品: search and filters, a page of products with their SKUs' price and stock, publish/unpublish. */
export function ProductListPage() {
  const { can } = useSession();
  const canWrite = can('catalog:write');
  const navigate = useNavigate();
  const categories = useCategories();
  const [filter, setFilter] = useState<ProductFilter>({});
  const pages = useCursorPages((cursor, limit, signal) => catalogApi.products(filter, cursor, limit, signal), [filter]);
  const publishing = usePublishActions(() => pages.reload());
  const update = (change: Partial<ProductFilter>) => setFilter((current) => ({ ...current, ...change }));

  return (
    <Card
      title="商品"
      extra={
        <Space>
          <ExportCsvButton filter={filter} />
          {canWrite && <CsvImportButton onImported={pages.reload} />}
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/products/new')}>
              新建商品
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder="搜索商品名称"
          allowClear
          enterButton="搜索"
          style={{ width: 280 }}
          onSearch={(q) => update({ q: q.trim() || undefined })}
          aria-label="搜索商品"
        />
        <TreeSelect
          placeholder="全部分类"
          allowClear
          style={{ width: 200 }}
          treeData={categories.treeSelectData}
          treeDefaultExpandAll
          value={filter.categoryId}
          onChange={(categoryId?: number) => update({ categoryId })}
          aria-label="按分类筛选"
        />
        <Select<ProductRole>
          placeholder="全部定位"
          allowClear
          style={{ width: 140 }}
          value={filter.role}
          onChange={(role) => update({ role })}
          options={PRODUCT_ROLES.map((role) => ({ value: role, label: PRODUCT_ROLE_NAMES[role] }))}
          aria-label="按定位筛选"
        />
        <Select<ProductStatus>
          placeholder="全部状态"
          allowClear
          style={{ width: 140 }}
          value={filter.status}
          onChange={(status) => update({ status })}
          options={PRODUCT_STATUSES.map((status) => ({ value: status, label: PRODUCT_STATUS_NAMES[status] }))}
          aria-label="按状态筛选"
        />
      </Space>
      <Table<AdminProduct>
        rowKey="id"
        loading={pages.isLoading}
        dataSource={pages.items}
        pagination={false}
        data-testid="product-table"
        columns={[
          {
            title: '商品',
            key: 'title',
            render: (_, product) => (
              <Space>
                <Image
                  width={48}
                  height={48}
                  style={{ objectFit: 'cover', borderRadius: 4 }}
                  src={product.images[0] ?? IMAGE_FALLBACK}
                  fallback={IMAGE_FALLBACK}
                  preview={false}
                  alt=""
                />
                <div>
                  <Link to={`/products/${product.id}`}>{product.title}</Link>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {product.subtitle}
                    </Typography.Text>
                  </div>
                </div>
              </Space>
            ),
          },
          { className: 'nowrap', title: '分类', key: 'category', render: (_, product) => categories.pathOf(product.categoryId) },
          { className: 'nowrap', title: '定位', dataIndex: 'role', render: (role: ProductRole) => PRODUCT_ROLE_NAMES[role] },
          {
            className: 'nowrap',
            title: '状态',
            dataIndex: 'status',
            render: (status: ProductStatus) => <Tag color={PRODUCT_STATUS_COLORS[status]}>{PRODUCT_STATUS_NAMES[status]}</Tag>,
          },
          {
            className: 'nowrap',
            title: '私域价',
            dataIndex: 'priceFromFen',
            align: 'right',
            render: (fen: number | null) => (fen === null ? '—' : `${money(fen)} 起`),
          },
          { className: 'nowrap', title: '规格数', key: 'skus', align: 'right', render: (_, product) => product.skus.length },
          { className: 'nowrap', title: '总库存', key: 'stock', align: 'right', render: (_, product) => product.skus.reduce((sum, sku) => sum + sku.stock, 0) },
          { className: 'nowrap', title: '销量', dataIndex: 'salesCount', align: 'right' },
          { className: 'nowrap', title: '更新时间', dataIndex: 'updatedAt', render: formatTime },
          {
            className: 'nowrap',
            title: '操作',
            key: 'actions',
            render: (_, product) => (
              <Space>
                <Link to={`/products/${product.id}`}>{canWrite ? '编辑' : '查看'}</Link>
                {canWrite && product.status !== 'on_sale' && (
                  <Button type="link" size="small" loading={publishing.busyId === product.id} onClick={() => publishing.publish(product)}>
                    上架
                  </Button>
                )}
                {canWrite && product.status === 'on_sale' && (
                  <Button type="link" size="small" loading={publishing.busyId === product.id} onClick={() => publishing.unpublish(product)}>
                    下架
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <CursorPager pages={pages} />
      {publishing.dialog}
    </Card>
  );
}
