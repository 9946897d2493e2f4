import { Form, Radio, TreeSelect } from 'antd';
import { useCategories } from '../../../hooks/use-categories';
import { buildScope, SCOPE_KIND_NAMES, type FieldPath, type ScopeFormValues, type ScopeKind } from '../rule-builder/rule-values';
import { ProductSelect } from './ProductSelect';

const scopeRule =
  (prefix: FieldPath, field: 'productIds' | 'categoryIds') =>
  ({ getFieldValue }: { getFieldValue: (name: FieldPath) => unknown }) => ({
    validator: async () => {
      const built = buildScope(getFieldValue(prefix) as ScopeFormValues | undefined);
      const error = built.ok ? undefined : built.errors.find((candidate) => candidate.name[0] === field);
      if (error) throw new Error(error.message);
    },
  });

/** Where a promotion applies: the whole shop, chosen products, or chosen categories (`buildScope`). */
export function ScopeFields({ prefix = ['scope'] }: { prefix?: FieldPath }) {
  const kind = (Form.useWatch([...prefix, 'kind']) as ScopeKind | undefined) ?? 'all';
  const categories = useCategories();
  return (
    <>
      <Form.Item name={[...prefix, 'kind']} label="适用范围" initialValue="all">
        <Radio.Group options={Object.entries(SCOPE_KIND_NAMES).map(([value, label]) => ({ value, label }))} aria-label="适用范围" />
      </Form.Item>
      {kind === 'products' && (
        <Form.Item name={[...prefix, 'productIds']} label="适用商品" rules={[scopeRule(prefix, 'productIds')]}>
          <ProductSelect aria-label="适用商品" style={{ maxWidth: 520 }} />
        </Form.Item>
      )}
      {kind === 'categories' && (
        <Form.Item name={[...prefix, 'categoryIds']} label="适用分类" rules={[scopeRule(prefix, 'categoryIds')]}>
          <TreeSelect
            multiple
            treeData={categories.treeSelectData}
            treeDefaultExpandAll
            showSearch
            treeNodeFilterProp="title"
            placeholder="选择分类（含子分类）"
            aria-label="适用分类"
            style={{ maxWidth: 520 }}
          />
        </Form.Item>
      )}
    </>
  );
}
