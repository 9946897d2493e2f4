import { z } from 'zod';

export * from './subscribe';

/**
 * Messaging (issue 15): the channels a journey, a campaign or a service notice reaches a member through,
 * the purpose that decides which guards apply, and the reasons a message is skipped. Contract shared by
 * the dispatcher (server/src/modules/messaging), the channel senders and the admin.
 */

/** subscribe = WeChat subscribe message; sms = Aliyun SMS; wecom = WeCom 群发 task by the owner staff; inapp = 消息 center. */
export const MESSAGE_CHANNELS = ['subscribe', 'sms', 'wecom', 'inapp'] as const;
export const messageChannelSchema = z.enum(MESSAGE_CHANNELS);
export type MessageChannel = z.infer<typeof messageChannelSchema>;

export const MESSAGE_CHANNEL_NAMES: Readonly<Record<MessageChannel, string>> = {
  subscribe: '订阅消息',
  sms: '短信',
  wecom: '企业微信',
  inapp: '站内消息',
};

/** marketing needs the channel's marketing consent, respects quiet hours, caps and the PIPL switch; service does not. */
export const MESSAGE_PURPOSES = ['marketing', 'service'] as const;
export const messagePurposeSchema = z.enum(MESSAGE_PURPOSES);
export type MessagePurpose = z.infer<typeof messagePurposeSchema>;

/**
 * A message intent's life: pending (due at not_before) → sending (claimed by a worker) → sent (the provider
 * accepted it) → delivered (a receipt or the member saw it); waiting = a WeCom task until the staff member
 * confirms; skipped = a guard or a permanent provider answer (reason says which); failed = retries exhausted.
 */
export const INTENT_STATUSES = ['pending', 'sending', 'waiting', 'sent', 'delivered', 'skipped', 'failed'] as const;
export type IntentStatus = (typeof INTENT_STATUSES)[number];

/** Why a message was not sent. Every skip is recorded with one of these. */
export const SKIP_REASONS = [
  'no_consent',
  'personalization_off',
  'suppressed',
  'cap_day',
  'cap_week',
  'cap_all_day',
  'cap_all_week',
  'no_grant',
  'no_openid',
  'no_phone',
  'no_wecom_contact',
  'wecom_monthly_limit',
  'wecom_not_confirmed',
  'flow_control',
  'provider_rejected',
  'template_invalid',
  'holdout',
  'journey_paused',
  'member_gone',
] as const;
export const skipReasonSchema = z.enum(SKIP_REASONS);
export type SkipReason = z.infer<typeof skipReasonSchema>;

export const SKIP_REASON_NAMES: Readonly<Record<SkipReason, string>> = {
  no_consent: '未授权该渠道营销',
  personalization_off: '已关闭个性化营销',
  suppressed: '已退订',
  cap_day: '超出该渠道每日上限',
  cap_week: '超出该渠道每周上限',
  cap_all_day: '超出全渠道每日上限',
  cap_all_week: '超出全渠道每周上限',
  no_grant: '无订阅授权次数',
  no_openid: '无微信身份',
  no_phone: '无手机号',
  no_wecom_contact: '未添加企业微信',
  wecom_monthly_limit: '企业微信本月群发已达上限',
  wecom_not_confirmed: '员工未确认发送',
  flow_control: '短信流控（当日不再发送）',
  provider_rejected: '服务商拒绝',
  template_invalid: '模板变量不合规',
  holdout: '对照组不发送',
  journey_paused: '旅程已暂停',
  member_gone: '会员已注销',
};

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM（24 小时制）');

/** Per-channel frequency caps for marketing messages (service notices are not capped). */
export const channelCapSchema = z.object({ perDay: z.number().int().min(0).max(50), perWeek: z.number().int().min(0).max(200) }).strict();

/** The store's messaging guards (GET/PUT /api/admin/messaging/settings). */
export const messagingSettingsSchema = z
  .object({
    /** Marketing is held (not dropped) while China time is inside [quietStart, quietEnd). Default 21:00–08:00. */
    quietStart: hhmm,
    quietEnd: hhmm,
    caps: z.object({ subscribe: channelCapSchema, sms: channelCapSchema, wecom: channelCapSchema, inapp: channelCapSchema, all: channelCapSchema }).strict(),
    /** Default holdout share for new experiments, basis points (1000 = 10 %). */
    holdoutBp: z.number().int().min(0).max(5000),
  })
  .strict();
export type MessagingSettings = z.infer<typeof messagingSettingsSchema>;

export const DEFAULT_MESSAGING_SETTINGS: MessagingSettings = {
  quietStart: '21:00',
  quietEnd: '08:00',
  caps: {
    subscribe: { perDay: 2, perWeek: 6 },
    sms: { perDay: 1, perWeek: 2 },
    wecom: { perDay: 1, perWeek: 3 },
    inapp: { perDay: 5, perWeek: 20 },
    all: { perDay: 3, perWeek: 8 },
  },
  holdoutBp: 1000,
};

/** What a member controls (GET/PUT /api/me/preferences): marketing consent per channel, and the PIPL art. 24 switch. */
export const memberPreferencesSchema = z
  .object({
    marketing: z.object({ sms: z.boolean(), wecom: z.boolean(), subscribe: z.boolean(), inapp: z.boolean() }).partial().strict(),
    /** false = 不接收个性化营销: out of every automated marketing journey (broadcasts to everyone still allowed). */
    personalized: z.boolean(),
  })
  .partial()
  .strict();
export type MemberPreferencesInput = z.infer<typeof memberPreferencesSchema>;

/** An in-app message as the member reads it (GET /api/me/messages). */
export interface MemberMessageView {
  id: number;
  kind: string;
  title: string;
  body: string;
  /** A shop page to open (e.g. `/pages/coupons/index`), or null. */
  link: string | null;
  read: boolean;
  createdAt: string;
}
