import { categoryCreateBodySchema, type Category } from '@siyu/shared';
import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { catalogApi } from '../../api/catalog';
import type { CategoryTreeNode } from '../../api/types';
import { showServerFieldErrors } from '../../errors/field-errors';
import { reportError } from '../../errors/report-error';
import { schemaRule } from '../../forms/schema-rule';

interface Values {
  name: string;
  parentId: number | null;
  sortOrder: number;
}

interface Props {
  /** The category being edited; absent to create one (`parentId` preselects the parent). */
  category?: Category;
  parentId?: number | null;
  tree: CategoryTreeNode[];
  onClose(): void;
  onSaved(): void;
}

const fields = categoryCreateBodySchema.shape;

/** Create or edit a category: name, parent (top level only: two levels), explicit sort number. */
export function CategoryFormModal({ category, parentId = null, tree, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values>();
  const [isBusy, setIsBusy] = useState(false);
  const hasChildren = category ? tree.some((root) => root.id === category.id && root.children.length > 0) : false;
  const parents = tree.filter((root) => root.id !== category?.id).map((root) => ({ value: root.id, label: root.name }));

  const submit = async (values: Values) => {
    setIsBusy(true);
    try {
      const body = { name: values.name, parentId: values.parentId ?? null, sortOrder: values.sortOrder ?? 0 };
      if (category) await catalogApi.updateCategory(category.id, body);
      else await catalogApi.createCategory(body);
      onSaved();
    } catch (error) {
      if (!showServerFieldErrors(form, error, (path) => (typeof path[0] === 'string' ? [path[0]] : null))) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Modal open title={category ? '编辑分类' : '新建分类'} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={isBusy} destroyOnHidden>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={category ? { name: category.name, parentId: category.parentId, sortOrder: category.sortOrder } : { parentId, sortOrder: 0 }}
        onFinish={submit}
      >
        <Form.Item name="name" label="分类名称" rules={[schemaRule(fields.name)]}>
          <Input maxLength={20} autoFocus />
        </Form.Item>
        <Form.Item name="parentId" label="上级分类" extra={hasChildren ? '该分类下有子分类，只能作为一级分类' : '分类最多两级'}>
          <Select allowClear placeholder="无（一级分类）" options={parents} disabled={hasChildren} aria-label="上级分类" />
        </Form.Item>
        <Form.Item name="sortOrder" label="排序号（小的在前）" rules={[schemaRule(fields.sortOrder)]}>
          <InputNumber min={0} max={9999} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
