/** Channel kinds (引流渠道类型); the database check constraint lists the same values. */
export const CHANNEL_KINDS = ['package_card', 'sms', 'ai_call', 'wecom', 'community', 'official_account', 'live', 'store', 'referral', 'ads', 'other'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** What staff read for each kind. */
export const CHANNEL_KIND_LABELS: Readonly<Record<ChannelKind, string>> = {
  package_card: '包裹卡',
  sms: '短信',
  ai_call: 'AI外呼',
  wecom: '企微活码',
  community: '社群',
  official_account: '公众号',
  live: '直播',
  store: '门店',
  referral: '老带新',
  ads: '广告投放',
  other: '其他',
};

/** The unit one reach counts, per kind (for the cost model: "¥0.35 per 张"). */
export const CHANNEL_REACH_UNITS: Readonly<Record<ChannelKind, string>> = {
  package_card: '张',
  sms: '条',
  ai_call: '通',
  wecom: '人',
  community: '人',
  official_account: '人',
  live: '人',
  store: '人',
  referral: '人',
  ads: '次',
  other: '次',
};

/**
 * A mini-program code `scene`: at most 32 visible characters of WeChat's alphabet
 * (getUnlimited: digits, letters and !#$&'()*+,/:;=?@-._~). wechat-protocols.md §2.
 */
export const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
/** A WeCom `state` is at most 30 characters (add_contact_way, add_join_way). */
export const WECOM_STATE_MAX = 30;
/** Generated entry codes look like `c=K7p2Qx`: this prefix and 6 (single) or 8 (per-unit) base62 characters. */
export const SCENE_PREFIX = 'c=';
