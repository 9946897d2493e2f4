import type { SegmentDefinition, SegmentDefinitionInput } from '@siyu/shared';
import { App, Button, ColorPicker, Drawer, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { reportError } from '../../errors/report-error';
import { SegmentBuilder } from '../segments/SegmentBuilder';
import { checkDefinition, problemsFromDetails, type ConditionProblems } from '../segments/segment-fields';
import { useSegmentOptions } from '../segments/use-segment-options';
import { tagsApi, type TagGroupView, type TagView } from './tags-api';

interface TagFormValues {
  groupId: number;
  name: string;
  kind: 'manual' | 'rule';
  description: string;
  color: string | null;
}

const PRESET_COLORS = ['#f5222d', '#fa8c16', '#faad14', '#52c41a', '#13c2c2', '#1677ff', '#722ed1', '#eb2f96', '#8c8c8c'];
const STARTER_RULE: SegmentDefinitionInput = {
  match: 'all',
  groups: [{ match: 'all', conditions: [{ type: 'fact', fact: 'aovFen', op: 'gte', value: 30_000 }] }],
};

/** 新建 / 编辑标签: group, name, kind (手动 / 规则, fixed once created), description, color, and for a rule tag its conditions (the segment builder). */
export function TagFormDrawer({
  tag,
  groups,
  defaultGroupId,
  onClose,
  onSaved,
}: {
  tag: TagView | null;
  groups: TagGroupView[];
  defaultGroupId?: number;
  onClose: () => void;
  onSaved: (tag: TagView) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<TagFormValues>();
  const kind = Form.useWatch('kind', form) ?? tag?.kind ?? 'manual';
  const [rule, setRule] = useState<SegmentDefinitionInput>(tag?.rule ?? STARTER_RULE);
  const [problems, setProblems] = useState<ConditionProblems>({});
  const [saving, setSaving] = useState(false);
  const options = useSegmentOptions();
  const isChannel = tag?.kind === 'channel';

  const save = async () => {
    const values = await form.validateFields();
    let parsedRule: SegmentDefinition | undefined;
    if (values.kind === 'rule' && !isChannel) {
      const checked = checkDefinition(rule);
      if (!checked.ok) {
        setProblems(checked.problems);
        return;
      }
      parsedRule = checked.definition;
    }
    setProblems({});
    setSaving(true);
    try {
      const description = values.description?.trim() ?? '';
      const saved = tag
        ? await tagsApi.update(
            tag.id,
            isChannel
              ? { description, color: values.color }
              : { groupId: values.groupId, name: values.name.trim(), description, color: values.color, ...(parsedRule ? { rule: parsedRule } : {}) },
          )
        : await tagsApi.create({
            groupId: values.groupId,
            name: values.name.trim(),
            kind: values.kind,
            description,
            ...(values.color ? { color: values.color } : {}),
            ...(parsedRule ? { rule: parsedRule } : {}),
          });
      message.success(tag ? `已保存标签「${saved.name}」` : `已新建标签「${saved.name}」`);
      onSaved(saved);
    } catch (error) {
      if (isApiError(error, 'SEGMENT_DEFINITION_INVALID')) setProblems(problemsFromDetails(error.details));
      else if (isApiError(error, 'TAG_NAME_TAKEN')) form.setFields([{ name: 'name', errors: ['同一分组下已有同名标签'] }]);
      else reportError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      onClose={onClose}
      title={tag ? `编辑标签：${tag.name}` : '新建标签'}
      size={kind === 'rule' ? 900 : 520}
      destroyOnHidden
      data-testid="tag-form"
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" onClick={save} loading={saving} data-testid="tag-save">
            保存
          </Button>
        </Space>
      }
    >
      <Form<TagFormValues>
        form={form}
        layout="vertical"
        initialValues={{
          groupId: tag?.groupId ?? defaultGroupId ?? groups[0]?.id,
          name: tag?.name ?? '',
          kind: tag?.kind === 'rule' ? 'rule' : 'manual',
          description: tag?.description ?? '',
          color: tag?.color ?? PRESET_COLORS[5],
        }}
      >
        <Form.Item name="groupId" label="分组" rules={[{ required: true, message: '请选择分组' }]}>
          <Select options={groups.map((group) => ({ value: group.id, label: group.name }))} disabled={isChannel} aria-label="分组" />
        </Form.Item>
        <Form.Item
          name="name"
          label="标签名称"
          rules={[
            { required: true, whitespace: true, message: '请填写标签名称' },
            { max: 20, message: '最多 20 个字' },
          ]}
        >
          <Input maxLength={20} disabled={isChannel} aria-label="标签名称" />
        </Form.Item>
        {!isChannel && (
          <Form.Item
            name="kind"
            label="类型"
            extra={tag ? '标签建好后不能更改类型' : '手动标签由员工添加、移除或导入；规则标签按条件自动计算，每次会员数据更新后刷新。'}
          >
            <Radio.Group
              optionType="button"
              disabled={tag !== null}
              options={[
                { value: 'manual', label: '手动' },
                { value: 'rule', label: '规则' },
              ]}
              aria-label="标签类型"
            />
          </Form.Item>
        )}
        <Form.Item name="description" label="说明" rules={[{ max: 200, message: '最多 200 个字' }]}>
          <Input.TextArea rows={2} maxLength={200} aria-label="说明" />
        </Form.Item>
        <Form.Item name="color" label="颜色" getValueFromEvent={(color: { toHexString: () => string }) => color.toHexString()}>
          <ColorPicker disabledAlpha presets={[{ label: '常用', colors: PRESET_COLORS }]} showText />
        </Form.Item>
      </Form>
      {kind === 'rule' && !isChannel && (
        <>
          <Typography.Title level={5}>规则条件</Typography.Title>
          <SegmentBuilder value={rule} onChange={setRule} options={options} problems={problems} />
        </>
      )}
    </Drawer>
  );
}
