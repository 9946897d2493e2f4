import type { ChannelStatus } from '../../api/channels';

export const CHANNEL_STATUS_NAMES: Readonly<Record<ChannelStatus, string>> = { active: '进行中', archived: '已归档' };
export const CHANNEL_STATUS_COLORS: Readonly<Record<ChannelStatus, string>> = { active: 'green', archived: 'default' };
export const CODE_STATUS_NAMES: Readonly<Record<'active' | 'retired', string>> = { active: '启用', retired: '已停用' };

/** 1234 → "1,234". */
export const count = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : value.toLocaleString('zh-CN'));

/** A progress in percent (42.5, as the report sends it) → "42.5%"; "—" when there is no plan. */
export const percent = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '—' : `${value.toFixed(1)}%`;

/** ROI as a multiple ("3.25"); "—" when there is no cost. */
export const roiText = (roi: number | null | undefined): string => (roi === null || roi === undefined || !Number.isFinite(roi) ? '—' : roi.toFixed(2));
