import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { SegmentDefinitionInput } from '@siyu/shared';
import { Alert, Button, Card, Checkbox, Empty, Segmented, Select, Space, Tooltip, Typography } from 'antd';
import { ConditionValueEditor } from './ConditionValueEditor';
import {
  canNegate,
  defaultCondition,
  FIELD_GROUPS,
  fieldName,
  fieldOf,
  type ConditionProblems,
  type FieldKey,
  type SegmentConditionInput,
  type SegmentGroupInput,
} from './segment-fields';
import type { SegmentOptions } from './use-segment-options';

export interface SegmentBuilderProps {
  value: SegmentDefinitionInput;
  onChange: (next: SegmentDefinitionInput) => void;
  options: SegmentOptions;
  /** Problems per condition ("group.condition"), from the shared schema or the server's 400. */
  problems?: ConditionProblems;
  isReadOnly?: boolean;
}

const MATCH_OPTIONS = [
  { value: 'all', label: '满足全部' },
  { value: 'any', label: '满足任一' },
] as const;

const FIELD_OPTIONS = FIELD_GROUPS.map((group) => ({
  label: group.label,
  title: group.label,
  options: group.fields.map((field) => ({ value: field, label: fieldName(field) })),
}));

interface RowProps {
  condition: SegmentConditionInput;
  onChange: (next: SegmentConditionInput) => void;
  onRemove: () => void;
  options: SegmentOptions;
  label: string;
  problem: string | undefined;
  isReadOnly: boolean;
}

function ConditionRow({ condition, onChange, onRemove, options, label, problem, isReadOnly }: RowProps) {
  const negatable = canNegate(condition);
  const isNegated = negatable && 'not' in condition && condition.not === true;
  return (
    <div
      data-testid="segment-condition"
      style={{ padding: '6px 8px', borderRadius: 6, background: problem ? '#fff2f0' : '#fafafa', borderLeft: `3px solid ${problem ? '#ff4d4f' : '#d9d9d9'}` }}
    >
      <Space wrap align="start" style={{ width: '100%' }}>
        <Select<FieldKey>
          aria-label={`${label} 字段`}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 190 }}
          value={fieldOf(condition)}
          options={FIELD_OPTIONS}
          onChange={(field) => onChange(defaultCondition(field))}
          disabled={isReadOnly}
        />
        <fieldset disabled={isReadOnly} style={{ border: 0, padding: 0, margin: 0 }}>
          <ConditionValueEditor condition={condition} onChange={onChange} options={options} label={label} />
        </fieldset>
        {negatable && (
          <Tooltip title="勾选后选出不满足这个条件的会员">
            <Checkbox
              aria-label={`${label} 取反`}
              checked={isNegated}
              disabled={isReadOnly}
              onChange={(event) => {
                const { not: _not, ...rest } = condition as SegmentConditionInput & { not?: boolean };
                onChange((event.target.checked ? { ...rest, not: true } : rest) as SegmentConditionInput);
              }}
            >
              取反
            </Checkbox>
          </Tooltip>
        )}
        {!isReadOnly && <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除${label}`} onClick={onRemove} />}
      </Space>
      {problem && (
        <Typography.Text type="danger" style={{ display: 'block', marginTop: 4 }} data-testid="segment-condition-problem">
          {problem}
        </Typography.Text>
      )}
    </div>
  );
}

/**
 * 分群条件: a top-level 满足全部/任一 over groups, each group a card with its own 全部/任一 and its
 * condition rows (field, operator and value, 取反). No groups means every member.
 */
export function SegmentBuilder({ value, onChange, options, problems = {}, isReadOnly = false }: SegmentBuilderProps) {
  const setGroup = (index: number, group: SegmentGroupInput | null) =>
    onChange({ ...value, groups: group ? value.groups.map((current, at) => (at === index ? group : current)) : value.groups.filter((_, at) => at !== index) });
  const addGroup = () => onChange({ ...value, groups: [...value.groups, { match: 'all', conditions: [defaultCondition('fact:netPaidFen')] }] });
  const conditionCount = value.groups.reduce((sum, group) => sum + group.conditions.length, 0);

  return (
    <div className="segment-builder" data-testid="segment-builder">
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text>会员需</Typography.Text>
        <Segmented
          aria-label="各组之间"
          value={value.match}
          options={[...MATCH_OPTIONS]}
          onChange={(match) => onChange({ ...value, match })}
          disabled={isReadOnly}
        />
        <Typography.Text type="secondary">
          以下条件组（共 {value.groups.length} 组、{conditionCount} 个条件）
        </Typography.Text>
      </Space>
      {problems.definition && <Alert type="error" showIcon title={problems.definition} style={{ marginBottom: 12 }} />}
      {value.groups.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有条件：当前选中全部会员" />}
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        {value.groups.map((group, groupIndex) => (
          <Card
            key={groupIndex}
            size="small"
            data-testid="segment-group"
            title={
              <Space>
                <span>条件组 {groupIndex + 1}</span>
                <Segmented
                  size="small"
                  aria-label={`条件组 ${groupIndex + 1} 组内`}
                  value={group.match}
                  options={[...MATCH_OPTIONS]}
                  onChange={(match) => setGroup(groupIndex, { ...group, match })}
                  disabled={isReadOnly}
                />
              </Space>
            }
            extra={
              !isReadOnly && (
                <Button type="link" danger onClick={() => setGroup(groupIndex, null)}>
                  删除本组
                </Button>
              )
            }
          >
            <Space orientation="vertical" style={{ width: '100%' }}>
              {group.conditions.map((condition, conditionIndex) => (
                <ConditionRow
                  key={conditionIndex}
                  label={`条件 ${groupIndex + 1}-${conditionIndex + 1}`}
                  condition={condition}
                  options={options}
                  isReadOnly={isReadOnly}
                  problem={problems[`${groupIndex}.${conditionIndex}`]}
                  onChange={(next) =>
                    setGroup(groupIndex, { ...group, conditions: group.conditions.map((current, at) => (at === conditionIndex ? next : current)) })
                  }
                  onRemove={() => {
                    const conditions = group.conditions.filter((_, at) => at !== conditionIndex);
                    setGroup(groupIndex, conditions.length > 0 ? { ...group, conditions } : null);
                  }}
                />
              ))}
              {!isReadOnly && (
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  disabled={group.conditions.length >= 20 || conditionCount >= 40}
                  onClick={() => setGroup(groupIndex, { ...group, conditions: [...group.conditions, defaultCondition('fact:netPaidFen')] })}
                >
                  添加条件
                </Button>
              )}
            </Space>
          </Card>
        ))}
      </Space>
      {!isReadOnly && (
        <Button style={{ marginTop: 12 }} icon={<PlusOutlined />} disabled={value.groups.length >= 10 || conditionCount >= 40} onClick={addGroup}>
          添加条件组
        </Button>
      )}
    </div>
  );
}
