import { InputNumber, Segmented, Select, Space, TreeSelect } from 'antd';
import type { ReactNode } from 'react';
import { Days, FactEditor } from './FactEditor';
import { ProductSelect } from './ProductSelect';
import {
  CHANNEL_WHICH_OPTIONS,
  CONSENT_CHANNEL_OPTIONS,
  LIFECYCLE_OPTIONS,
  MONTH_OPTIONS,
  RFM_OPTIONS,
  TAG_OP_OPTIONS,
  TIER_OPTIONS,
  type SegmentConditionInput,
} from './segment-fields';
import type { SegmentOptions } from './use-segment-options';

export interface ConditionValueEditorProps {
  condition: SegmentConditionInput;
  onChange: (next: SegmentConditionInput) => void;
  options: SegmentOptions;
  /** "条件 1-2": prefixes the controls' accessible names. */
  label: string;
}

const multi = { mode: 'multiple' as const, style: { minWidth: 220 }, maxTagCount: 'responsive' as const, allowClear: true };

/** Products or categories (exactly one of the two), for 买过 / 看过没买. */
function ItemsEditor({
  condition,
  onChange,
  options,
  label,
}: {
  condition: Extract<SegmentConditionInput, { type: 'bought' | 'viewedNotBought' }>;
  onChange: (next: SegmentConditionInput) => void;
  options: SegmentOptions;
  label: string;
}) {
  const byProduct = condition.productIds !== undefined;
  const { productIds: _p, categoryIds: _c, ...rest } = condition;
  return (
    <Space wrap>
      <Segmented
        aria-label={`${label} 范围`}
        value={byProduct ? 'product' : 'category'}
        options={[
          { value: 'category', label: '分类' },
          { value: 'product', label: '商品' },
        ]}
        onChange={(kind) => onChange(kind === 'product' ? { ...rest, productIds: [] } : { ...rest, categoryIds: [] })}
      />
      {byProduct ? (
        <ProductSelect ariaLabel={`${label} 商品`} value={condition.productIds ?? []} onChange={(productIds) => onChange({ ...rest, productIds })} />
      ) : (
        <TreeSelect<number[]>
          aria-label={`${label} 分类`}
          multiple
          treeCheckable={false}
          placeholder="选择分类"
          style={{ minWidth: 220 }}
          treeData={options.categories.treeSelectData}
          value={condition.categoryIds ?? []}
          onChange={(categoryIds) => onChange({ ...rest, categoryIds })}
          treeDefaultExpandAll
          allowClear
        />
      )}
    </Space>
  );
}

/** The operator and value controls of one condition, by its type. */
export function ConditionValueEditor({ condition, onChange, options, label }: ConditionValueEditorProps): ReactNode {
  switch (condition.type) {
    case 'fact':
      return <FactEditor condition={condition} onChange={onChange} label={label} />;
    case 'rfmCell':
      return (
        <Select
          {...multi}
          aria-label={`${label} 分层`}
          placeholder="选择分层"
          options={RFM_OPTIONS}
          value={condition.cells}
          onChange={(cells) => onChange({ ...condition, cells })}
        />
      );
    case 'lifecycle':
      return (
        <Select
          {...multi}
          aria-label={`${label} 阶段`}
          placeholder="选择阶段"
          options={LIFECYCLE_OPTIONS}
          value={condition.stages}
          onChange={(stages) => onChange({ ...condition, stages })}
        />
      );
    case 'tier':
      return (
        <Select
          {...multi}
          aria-label={`${label} 等级`}
          placeholder="选择等级"
          options={TIER_OPTIONS}
          value={condition.tiers}
          onChange={(tiers) => onChange({ ...condition, tiers })}
        />
      );
    case 'tag':
      return (
        <Space wrap>
          <Select
            aria-label={`${label} 方式`}
            style={{ width: 100 }}
            options={[...TAG_OP_OPTIONS]}
            value={condition.op}
            onChange={(op) => onChange({ ...condition, op })}
          />
          <Select
            {...multi}
            aria-label={`${label} 标签`}
            placeholder="选择标签"
            optionFilterProp="label"
            options={options.tagGroups}
            value={condition.tagIds}
            onChange={(tagIds) => onChange({ ...condition, tagIds })}
          />
        </Space>
      );
    case 'channel':
      return (
        <Space wrap>
          <Select
            aria-label={`${label} 口径`}
            style={{ width: 110 }}
            options={[...CHANNEL_WHICH_OPTIONS]}
            value={condition.which}
            onChange={(which) => onChange({ ...condition, which })}
          />
          <Select
            {...multi}
            aria-label={`${label} 渠道`}
            placeholder="选择渠道"
            optionFilterProp="label"
            options={options.channels}
            value={condition.channelIds}
            onChange={(channelIds) => onChange({ ...condition, channelIds })}
          />
        </Space>
      );
    case 'bought':
      return (
        <Space wrap>
          <Days label={`${label} 天数`} value={condition.withinDays} onChange={(withinDays) => onChange({ ...condition, withinDays })} />
          <ItemsEditor condition={condition} onChange={onChange} options={options} label={label} />
          <Space.Compact>
            <Space.Addon>至少</Space.Addon>
            <InputNumber<number>
              aria-label={`${label} 次数`}
              min={1}
              max={1000}
              precision={0}
              value={condition.minTimes ?? 1}
              onChange={(minTimes) => onChange({ ...condition, minTimes: minTimes ?? 1 })}
              style={{ width: 80 }}
            />
            <Space.Addon>次</Space.Addon>
          </Space.Compact>
        </Space>
      );
    case 'viewedNotBought':
      return (
        <Space wrap>
          <Days label={`${label} 天数`} value={condition.withinDays} onChange={(withinDays) => onChange({ ...condition, withinDays })} />
          <ItemsEditor condition={condition} onChange={onChange} options={options} label={label} />
        </Space>
      );
    case 'couponHeld':
    case 'couponUsed': {
      const templates = (
        <Select
          {...multi}
          aria-label={`${label} 优惠券`}
          placeholder="任意优惠券"
          optionFilterProp="label"
          options={options.couponTemplates}
          value={condition.templateIds ?? []}
          onChange={(ids: number[]) => {
            const { templateIds: _t, ...rest } = condition;
            onChange(ids.length > 0 ? { ...rest, templateIds: ids } : rest);
          }}
        />
      );
      return condition.type === 'couponUsed' ? (
        <Space wrap>
          <Days label={`${label} 天数`} value={condition.withinDays} onChange={(withinDays) => onChange({ ...condition, withinDays })} />
          {templates}
        </Space>
      ) : (
        templates
      );
    }
    case 'birthdayMonth':
      return (
        <Select
          {...multi}
          aria-label={`${label} 月份`}
          placeholder="选择月份"
          options={MONTH_OPTIONS}
          value={condition.months}
          onChange={(months) => onChange({ ...condition, months })}
        />
      );
    case 'city':
      return (
        <Select
          {...multi}
          mode="tags"
          aria-label={`${label} 城市`}
          placeholder="输入城市，如 深圳市，回车确认"
          value={condition.cities}
          onChange={(cities: string[]) => onChange({ ...condition, cities: cities.map((city) => city.trim()).filter(Boolean) })}
          open={false}
        />
      );
    case 'hasPhone':
      return (
        <Segmented
          aria-label={`${label} 手机`}
          value={condition.value ? 'yes' : 'no'}
          options={[
            { value: 'yes', label: '已绑定' },
            { value: 'no', label: '未绑定' },
          ]}
          onChange={(value) => onChange({ ...condition, value: value === 'yes' })}
        />
      );
    case 'consent':
      return (
        <Space wrap>
          <Select
            aria-label={`${label} 授权渠道`}
            style={{ width: 130 }}
            options={[...CONSENT_CHANNEL_OPTIONS]}
            value={condition.channel}
            onChange={(channel) => onChange({ ...condition, channel })}
          />
          <Segmented
            aria-label={`${label} 授权状态`}
            value={condition.granted ? 'yes' : 'no'}
            options={[
              { value: 'yes', label: '已授权' },
              { value: 'no', label: '未授权' },
            ]}
            onChange={(value) => onChange({ ...condition, granted: value === 'yes' })}
          />
        </Space>
      );
  }
}
