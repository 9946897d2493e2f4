import { errorMessageFor, presetRange, RANGE_PRESET_LABELS, RANGE_PRESETS, reportRangeProblem, type RangePreset } from '@siyu/shared';
import { Alert, DatePicker, Segmented, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';

export type RangeChoice = RangePreset | 'custom';

export interface DayRange {
  from: string;
  to: string;
}

const CHOICES: { value: RangeChoice; label: string }[] = [
  ...RANGE_PRESETS.map((preset) => ({ value: preset as RangeChoice, label: RANGE_PRESET_LABELS[preset] })),
  { value: 'custom', label: '自定义' },
];

/**
 * 今日 / 昨日 / 近 7 天 / 近 30 天 / 自定义. A custom range is checked with reportRangeProblem before it is
 * handed on; a bad one shows the reason in Chinese and the page keeps the last good range.
 */
export function RangeBar({ value, initialChoice = '7d', onChange }: { value: DayRange; initialChoice?: RangeChoice; onChange: (range: DayRange) => void }) {
  const [choice, setChoice] = useState<RangeChoice>(initialChoice);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Space orientation="vertical" size={8}>
      <Space wrap>
        <Segmented<RangeChoice>
          data-testid="range-presets"
          options={CHOICES}
          value={choice}
          onChange={(next) => {
            setChoice(next);
            setProblem(null);
            if (next !== 'custom') onChange(presetRange(next, new Date()));
          }}
        />
        {choice === 'custom' && (
          <span data-testid="range-custom">
            <DatePicker.RangePicker
              allowClear={false}
              value={[dayjs(value.from), dayjs(value.to)]}
              onChange={(dates) => {
                const [start, end] = dates ?? [];
                if (!start || !end) return;
                const range = { from: start.format('YYYY-MM-DD'), to: end.format('YYYY-MM-DD') };
                const code = reportRangeProblem(range, new Date());
                setProblem(code ? errorMessageFor(code) : null);
                if (!code) onChange(range);
              }}
            />
          </span>
        )}
      </Space>
      {problem && <Alert type="error" showIcon title={problem} data-testid="range-problem" />}
    </Space>
  );
}
