import type { TagKind } from '@siyu/shared';

export const TAG_KIND_NAMES: Readonly<Record<TagKind, string>> = { manual: '手动', rule: '规则', channel: '渠道' };
export const TAG_KIND_COLORS: Readonly<Record<TagKind, string>> = { manual: 'blue', rule: 'purple', channel: 'cyan' };
