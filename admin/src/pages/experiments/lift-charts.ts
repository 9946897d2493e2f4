import { MarkLineComponent } from 'echarts/components';
import { use as registerChartParts } from 'echarts/core';
import type { EChartOption } from '../../components/charts';
import { ARM_NAMES, type ArmReport } from './experiments-api';

// The whiskers are mark lines: registered here, so only this page's chunk carries them.
registerChartParts([MarkLineComponent]);

interface LiftBar {
  name: string;
  value: number;
  low: number;
  high: number;
}

/** A bar per treated arm (its lift over the holdout) with the 95 % interval drawn as a whisker. */
function liftOption(bars: LiftBar[], unit: string, digits: number): EChartOption {
  const whisker = (bar: LiftBar, index: number) => [
    { coord: [index, bar.low], symbol: 'none' },
    { coord: [index, bar.high], symbol: 'none' },
  ];
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (params) => {
        const first = Array.isArray(params) ? params[0] : params;
        const bar = bars[first?.dataIndex ?? 0];
        return bar
          ? `${bar.name}<br/>提升 ${bar.value.toFixed(digits)}${unit}<br/>95% 区间 ${bar.low.toFixed(digits)} ~ ${bar.high.toFixed(digits)}${unit}`
          : '';
      },
    },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: bars.map((bar) => bar.name) },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => `${value}${unit}` } },
    series: [
      {
        name: '提升',
        type: 'bar',
        barWidth: '40%',
        data: bars.map((bar) => ({
          value: Number(bar.value.toFixed(digits)),
          itemStyle: { color: bar.low > 0 ? '#52c41a' : bar.high < 0 ? '#ff4d4f' : '#91caff' },
        })),
        label: { show: true, position: 'insideTop', formatter: (params) => `${Number(params.value).toFixed(digits)}${unit}` },
        markLine: {
          silent: true,
          symbol: 'none',
          animation: false,
          lineStyle: { color: '#262626', width: 2, type: 'solid' },
          label: { show: false },
          data: bars.map(whisker) as never,
        },
      },
    ],
  };
}

const treated = (arms: readonly ArmReport[]) => arms.filter((arm) => arm.liftVsHoldout !== null);

/** 转化率提升（百分点）per treated arm, with Newcombe's 95 % interval. */
export function conversionLiftOption(arms: readonly ArmReport[]): EChartOption {
  return liftOption(
    treated(arms).map((arm) => ({
      name: ARM_NAMES[arm.arm],
      value: arm.liftVsHoldout!.conversion.diff * 100,
      low: arm.liftVsHoldout!.conversion.low * 100,
      high: arm.liftVsHoldout!.conversion.high * 100,
    })),
    '%',
    2,
  );
}

/** 人均 GMV 提升（元）per treated arm, with Welch's 95 % interval. */
export function gmvLiftOption(arms: readonly ArmReport[]): EChartOption {
  return liftOption(
    treated(arms).map((arm) => ({
      name: ARM_NAMES[arm.arm],
      value: arm.liftVsHoldout!.gmvPerMember.diffFen / 100,
      low: arm.liftVsHoldout!.gmvPerMember.lowFen / 100,
      high: arm.liftVsHoldout!.gmvPerMember.highFen / 100,
    })),
    '元',
    2,
  );
}
