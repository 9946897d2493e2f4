import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { PROVINCES, type ShippingTemplate } from '@siyu/shared';
import { Button, Card, Form, Input, Modal, Radio, Select, Switch } from 'antd';
import { useState } from 'react';
import { shippingApi } from '../../api/shipping';
import { reportError } from '../../errors/report-error';
import { RuleFieldsRow } from './RuleFieldsRow';
import { NEW_TEMPLATE, templateBody, templateFields, type TemplateFields } from './template-form';

const PROVINCE_OPTIONS = PROVINCES.map((province) => ({ value: province.code, label: province.name }));

/** 新建 / 编辑运费模板: the default rule, rules for some provinces, provinces not delivered to. */
export function ShippingTemplateModal({ template, onClose, onSaved }: { template: ShippingTemplate | null; onClose(): void; onSaved(): void }) {
  const [form] = Form.useForm<TemplateFields>();
  const [isSaving, setIsSaving] = useState(false);
  const basis = Form.useWatch('basis', form) ?? template?.basis ?? 'piece';

  const save = async (fields: TemplateFields) => {
    setIsSaving(true);
    try {
      const body = templateBody(fields);
      await (template ? shippingApi.update(template.id, body) : shippingApi.create(body));
      onSaved();
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Modal
      open
      width={980}
      title={template ? `编辑运费模板：${template.name}` : '新建运费模板'}
      okText="保存"
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<TemplateFields>
        form={form}
        layout="vertical"
        initialValues={template ? templateFields(template) : NEW_TEMPLATE}
        onFinish={save}
        requiredMark={false}
      >
        <Form.Item name="name" label="模板名称" rules={[{ required: true, whitespace: true, max: 40, message: '请输入模板名称（40 字以内）' }]}>
          <Input placeholder="如：全国标准快递" style={{ maxWidth: 360 }} />
        </Form.Item>
        <Form.Item name="basis" label="计费方式">
          <Radio.Group
            options={[
              { value: 'piece', label: '按件数' },
              { value: 'weight', label: '按重量（SKU 重量，克）' },
            ]}
          />
        </Form.Item>
        <Form.Item name="isDefault" label="默认模板" valuePropName="checked" tooltip="未单独设置运费模板的商品使用默认模板；店铺只有一个默认模板">
          <Switch disabled={template?.isDefault === true} />
        </Form.Item>
        <Card size="small" title="默认运费（未指定地区）" style={{ marginBottom: 12 }}>
          <RuleFieldsRow name={['defaultRule']} basis={basis} />
        </Card>
        <Form.List name="regionRules">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Card
                  key={field.key}
                  size="small"
                  title="指定地区运费"
                  style={{ marginBottom: 12 }}
                  extra={<Button type="text" danger icon={<DeleteOutlined />} aria-label="删除该地区规则" onClick={() => remove(field.name)} />}
                >
                  <Form.Item name={[field.name, 'provinceCodes']} label="地区" rules={[{ required: true, message: '请选择地区' }]}>
                    <Select mode="multiple" options={PROVINCE_OPTIONS} placeholder="选择省份" optionFilterProp="label" />
                  </Form.Item>
                  <RuleFieldsRow name={[field.name]} basis={basis} />
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ ...NEW_TEMPLATE.defaultRule, provinceCodes: [] })} style={{ marginBottom: 16 }}>
                添加指定地区运费
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="undeliverableProvinceCodes" label="不配送地区" tooltip="收货地址在这些地区时，使用该模板的商品无法下单">
          <Select mode="multiple" options={PROVINCE_OPTIONS} placeholder="如：台湾省、香港特别行政区、澳门特别行政区" optionFilterProp="label" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
