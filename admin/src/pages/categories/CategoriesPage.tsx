import { PlusOutlined } from '@ant-design/icons';
import type { Category } from '@siyu/shared';
import { App, Button, Card, InputNumber, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { catalogApi } from '../../api/catalog';
import type { CategoryTreeNode } from '../../api/types';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { useCategories } from '../../hooks/use-categories';
import { CategoryFormModal } from './CategoryFormModal';
import { HotWordsCard } from './HotWordsCard';

type Row = Category & { children?: Row[] };

type Editing = { category?: Category; parentId?: number | null } | null;

/** Saves a sort number typed in the table when it changed. */
function SortNumber({ category, isReadOnly, onSaved }: { category: Category; isReadOnly: boolean; onSaved(): void }) {
  const [value, setValue] = useState<number | null>(category.sortOrder);
  const save = async () => {
    if (value === null || value === category.sortOrder) return;
    try {
      await catalogApi.updateCategory(category.id, { sortOrder: value });
      onSaved();
    } catch (error) {
      setValue(category.sortOrder);
      reportError(error);
    }
  };
  if (isReadOnly) return <>{category.sortOrder}</>;
  return (
    <InputNumber
      size="small"
      min={0}
      max={9999}
      precision={0}
      value={value}
      onChange={setValue}
      onBlur={save}
      onPressEnter={save}
      aria-label={`排序 ${category.name}`}
      style={{ width: 90 }}
    />
  );
}

/** 分类: the two-level tree in display order, explicit sort numbers edited in place. */
export function CategoriesPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const isReadOnly = !can('catalog:write');
  const categories = useCategories();
  const [editing, setEditing] = useState<Editing>(null);
  const rows: Row[] = categories.tree.map((root: CategoryTreeNode) => ({ ...root, children: root.children.length ? root.children : undefined }));

  const remove = async (category: Category) => {
    try {
      await catalogApi.deleteCategory(category.id);
      message.success(`已删除分类：${category.name}`);
      categories.reload();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <>
      <Card
        title="分类"
        extra={
          !isReadOnly && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ parentId: null })}>
              新建分类
            </Button>
          )
        }
      >
        <Typography.Paragraph type="secondary">
          分类最多两级。排序号小的排在前面，修改后按回车或移开光标即保存。只有空分类（没有子分类和商品）可以删除。
        </Typography.Paragraph>
        <Table<Row>
          rowKey="id"
          loading={categories.isLoading}
          dataSource={rows}
          pagination={false}
          expandable={{ defaultExpandAllRows: true }}
          key={rows.length}
          data-testid="category-table"
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '层级', key: 'level', render: (_, row) => (row.parentId === null ? '一级' : '二级') },
            {
              title: '排序号',
              key: 'sortOrder',
              render: (_, row) => <SortNumber key={`${row.id}-${row.sortOrder}`} category={row} isReadOnly={isReadOnly} onSaved={categories.reload} />,
            },
            { title: 'ID', dataIndex: 'id' },
            {
              title: '操作',
              key: 'actions',
              hidden: isReadOnly,
              render: (_, row) => (
                <Space>
                  <Button type="link" size="small" onClick={() => setEditing({ category: row })}>
                    编辑
                  </Button>
                  {row.parentId === null && (
                    <Button type="link" size="small" onClick={() => setEditing({ parentId: row.id })}>
                      添加子分类
                    </Button>
                  )}
                  <Popconfirm title={`删除分类“${row.name}”？`} onConfirm={() => remove(row)}>
                    <Button type="link" size="small" danger>
                      删除
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
        {editing && (
          <CategoryFormModal
            {...editing}
            tree={categories.tree}
            onClose={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              message.success('分类已保存');
              categories.reload();
            }}
          />
        )}
      </Card>
      <HotWordsCard isReadOnly={isReadOnly} />
    </>
  );
}
