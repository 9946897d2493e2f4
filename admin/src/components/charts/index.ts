export { EChart, type EChartOption, type EChartProps } from './EChart';
