import { errorMessageFor, presetRange, RANGE_PRESET_LABELS, RANGE_PRESETS, reportRangeProblem, type RangePreset } from '@siyu/shared';
import { App, DatePicker, Segmented, Space } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The range picker of the 数据 pages: 今日 / 昨日 / 近 7 天 / 近 30 天 or a custom range (China days, both ends
 * included). A custom range is checked with the server's own `reportRangeProblem` before any request.
 */

export interface DayRange {
  from: string;
  to: string;
}

/** The preset a range equals as of `now`, or 'custom'. */
export function presetOf(range: DayRange, now: Date): RangePreset | 'custom' {
  return (
    RANGE_PRESETS.find((preset) => {
      const days = presetRange(preset, now);
      return days.from === range.from && days.to === range.to;
    }) ?? 'custom'
  );
}

/** The range in ?from&to when it is a valid one, else the preset's. */
export function rangeFromSearch(search: URLSearchParams, now: Date, fallback: RangePreset = '30d', retentionDays?: number): DayRange {
  const from = search.get('from');
  const to = search.get('to');
  const isDay = (value: string | null): value is string => value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && dayjs(value).format('YYYY-MM-DD') === value;
  if (isDay(from) && isDay(to) && reportRangeProblem({ from, to }, now, retentionDays) === null) return { from, to };
  return presetRange(fallback, now);
}

/** The page's range, kept in the URL (?from&to) so a reload or a shared link shows the same days. */
export function useReportRange(fallback: RangePreset = '30d'): [DayRange, (next: DayRange) => void] {
  const [search, setSearch] = useSearchParams();
  const range = useMemo(() => rangeFromSearch(search, new Date(), fallback), [search, fallback]);
  const setRange = useCallback(
    (next: DayRange) =>
      setSearch(
        (previous) => {
          const params = new URLSearchParams(previous);
          params.set('from', next.from);
          params.set('to', next.to);
          return params;
        },
        { replace: true },
      ),
    [setSearch],
  );
  return [range, setRange];
}

export interface RangePickerProps {
  value: DayRange;
  onChange: (next: DayRange) => void;
  /** For reports that read behaviour events: the oldest day kept. */
  retentionDays?: number;
}

export function RangePicker({ value, onChange, retentionDays }: RangePickerProps) {
  const { message } = App.useApp();
  const now = new Date();
  const preset = presetOf(value, now);
  const pick = (next: DayRange) => {
    const problem = reportRangeProblem(next, new Date(), retentionDays);
    if (problem) {
      void message.error(errorMessageFor(problem));
      return;
    }
    onChange(next);
  };
  return (
    <Space wrap data-testid="report-range">
      <Segmented<RangePreset | 'custom'>
        value={preset}
        options={[...RANGE_PRESETS.map((key) => ({ value: key, label: RANGE_PRESET_LABELS[key] })), { value: 'custom', label: '自定义', disabled: true }]}
        onChange={(key) => key !== 'custom' && onChange(presetRange(key, new Date()))}
        aria-label="日期范围"
      />
      <DatePicker.RangePicker
        value={[dayjs(value.from), dayjs(value.to)]}
        allowClear={false}
        disabledDate={(day) => day.isAfter(dayjs(), 'day')}
        onChange={(days) => days?.[0] && days[1] && pick({ from: days[0].format('YYYY-MM-DD'), to: days[1].format('YYYY-MM-DD') })}
        aria-label="报表日期"
      />
    </Space>
  );
}
