import { PRODUCT_ROLE_NAMES, PRODUCT_ROLES, PRODUCT_TAG_MAX_LENGTH, PRODUCT_TAGS_MAX, productCreateBodySchema, SUGGESTED_PRODUCT_TAGS } from '@siyu/shared';
import { Col, Form, Input, InputNumber, Radio, Row, Select, TreeSelect } from 'antd';
import { emptyToUndefined, schemaRule } from '../../../forms/schema-rule';
import type { Categories } from '../../../hooks/use-categories';
import { DescriptionEditor } from './DescriptionEditor';

const fields = productCreateBodySchema.shape;

/** The product's own fields, each checked with the field of the shared create schema. */
export function ProductFields({ categories }: { categories: Categories }) {
  return (
    <Row gutter={24}>
      <Col span={12}>
        <Form.Item name="title" label="商品名称" required rules={[schemaRule(fields.title)]}>
          <Input maxLength={60} showCount />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="subtitle" label="副标题" rules={[schemaRule(fields.subtitle, emptyToUndefined)]}>
          <Input maxLength={120} />
        </Form.Item>
      </Col>
      <Col span={8}>
        <Form.Item name="categoryId" label="分类" required rules={[schemaRule(fields.categoryId)]}>
          <TreeSelect
            treeData={categories.treeSelectData}
            treeDefaultExpandAll
            placeholder="选择分类"
            aria-label="分类"
            showSearch
            treeNodeFilterProp="title"
          />
        </Form.Item>
      </Col>
      <Col span={10}>
        <Form.Item name="role" label="商品定位（仅后台可见）" required rules={[schemaRule(fields.role)]}>
          <Radio.Group optionType="button" options={PRODUCT_ROLES.map((role) => ({ value: role, label: PRODUCT_ROLE_NAMES[role] }))} />
        </Form.Item>
      </Col>
      <Col span={6}>
        <Form.Item name="sortOrder" label="排序（小的在前）" rules={[schemaRule(fields.sortOrder, emptyToUndefined)]}>
          <InputNumber min={0} max={9999} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item
          name="tags"
          label="营销标签（顾客可见）"
          extra={`最多 ${PRODUCT_TAGS_MAX} 个，每个不超过 ${PRODUCT_TAG_MAX_LENGTH} 个字；可选常用标签或直接输入`}
          rules={[schemaRule(fields.tags)]}
        >
          <Select
            mode="tags"
            aria-label="营销标签"
            placeholder="如 新人价、热卖"
            maxCount={PRODUCT_TAGS_MAX}
            options={SUGGESTED_PRODUCT_TAGS.map((tag) => ({ value: tag, label: tag }))}
          />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="description" label="商品详情（Markdown，可插入图片；HTML 标签会被去掉）">
          <DescriptionEditor />
        </Form.Item>
      </Col>
    </Row>
  );
}
