import type { JourneyDefinition, JourneyTemplateKey, MessageChannel, MessagePurpose } from '@siyu/shared';
import { inapp, nextChinaTen, smsContent, tierChange } from './content';

/**
 * The nine built-in journeys (from the playbooks). A definition may need things the store has to have
 * first — a coupon, a segment, SMS / subscribe templates — named in `needs`; enabling resolves them
 * (finds or creates the coupon and the segment; the message templates must exist) and fills them in.
 */

export interface TemplateNeeds {
  /** A coupon template to grant (a demo-safe 新客券 is found or created when none is given). */
  coupon?: 'welcome' | 'birthday';
  /** The 沉默 (silent lifecycle) members segment, created when missing. */
  silentSegment?: true;
  sms?: string[];
  subscribe?: string[];
}

export interface TemplateRefs {
  couponId: number;
  segmentId: number;
  /** The SMS template's variable names by code (SMS variables are the template's own). */
  smsVariables: Record<string, string[]>;
  now: Date;
}

export interface JourneyTemplate {
  key: JourneyTemplateKey;
  name: string;
  description: string;
  purpose: MessagePurpose;
  /** What the journey is for, in a sentence for the operator. */
  goal: string;
  channels: MessageChannel[];
  needs: TemplateNeeds;
  build(refs: TemplateRefs): JourneyDefinition;
  /** Journeys enabled with it (the tier change's downgrade notice: a trigger has one direction). */
  companions?: { name: string; description: string; build(refs: TemplateRefs): JourneyDefinition }[];
}

const noExperiment = null;

export const JOURNEY_TEMPLATES: readonly JourneyTemplate[] = [
  {
    key: 'welcome',
    name: '新客欢迎礼',
    description: '新会员注册后发站内欢迎信和新客券；3 天内未下单，再发一条短信提醒用券。',
    purpose: 'marketing',
    goal: '把新注册的会员转化为首单客户',
    channels: ['inapp', 'sms'],
    needs: { coupon: 'welcome', sms: ['SMS_WELCOME'] },
    build: (refs) => ({
      trigger: { type: 'event', event: 'member.registered' },
      purpose: 'marketing',
      entryStepId: 'hello',
      steps: [
        {
          id: 'hello',
          type: 'send',
          content: inapp('欢迎加入 {{shop.name}}', '{{member.name}}，欢迎你！新客专享券已放入你的账户，首单立减。', 'pages/my-coupons/index'),
          next: 'coupon',
        },
        { id: 'coupon', type: 'grant_coupon', couponId: refs.couponId, next: 'wait3d' },
        { id: 'wait3d', type: 'wait', minutes: 3 * 24 * 60, next: 'ordered' },
        { id: 'ordered', type: 'branch', condition: { kind: 'ordered_since_entry' }, yes: null, no: 'lure' },
        {
          id: 'lure',
          type: 'send',
          content: smsContent('SMS_WELCOME', refs.smsVariables.SMS_WELCOME ?? []),
          fallback: inapp('新客券还没用哦', '{{member.name}}，你的新客专享券还在，下单即可使用。', 'pages/my-coupons/index'),
          next: null,
        },
      ],
      goal: { event: 'order.paid', withinDays: 7 },
      reentry: { mode: 'once', cooldownDays: 0 },
      experiment: noExperiment,
    }),
  },
  {
    key: 'unpaid_reminder',
    name: '催付提醒',
    description: '下单 15 分钟仍未支付，发订阅消息提醒支付；没有订阅授权时改发站内信。',
    purpose: 'service',
    goal: '挽回未支付的订单',
    channels: ['subscribe', 'inapp'],
    needs: { subscribe: ['order_unpaid'] },
    build: () => ({
      trigger: { type: 'order_unpaid', minutes: 15 },
      purpose: 'service',
      entryStepId: 'remind',
      steps: [
        {
          id: 'remind',
          type: 'send',
          content: {
            channel: 'subscribe',
            template: 'order_unpaid',
            variables: { thing1: '{{order.item}}', amount2: '{{order.amount}}', thing3: '订单即将关闭，请尽快支付' },
            link: null,
          },
          fallback: inapp('订单待支付', '你的订单 {{order.no}} 还未支付，{{order.amount}} 元，关闭前完成支付即可发货。', 'pages/orders/index'),
          next: null,
        },
      ],
      goal: null,
      reentry: { mode: 'every_time', cooldownDays: 0 },
      experiment: noExperiment,
    }),
  },
  {
    key: 'review_request',
    name: '收货后邀评',
    description: '订单签收 3 天后邀请会员评价。',
    purpose: 'service',
    goal: '提高评价率',
    channels: ['inapp', 'subscribe'],
    needs: { subscribe: ['review_request'] },
    build: () => ({
      trigger: { type: 'delivered', days: 3 },
      purpose: 'service',
      entryStepId: 'ask',
      steps: [
        {
          id: 'ask',
          type: 'send',
          content: {
            channel: 'subscribe',
            template: 'review_request',
            variables: { thing1: '{{order.item}}', thing2: '收到的宝贝还满意吗？来说说吧' },
            link: null,
          },
          fallback: inapp('来评价一下吧', '{{order.item}} 用得还好吗？写下你的评价，帮助更多人。', 'pages/orders/index'),
          next: null,
        },
      ],
      goal: null,
      reentry: { mode: 'every_time', cooldownDays: 0 },
      experiment: noExperiment,
    }),
  },
  {
    key: 'repurchase',
    name: '复购提醒',
    description: '按品类的复购周期（近一年复购间隔中位数）提醒：买过的品类到了周期仍未再下单，发站内信提醒复购；历史太少的品类按 45 天。',
    purpose: 'marketing',
    goal: '按消耗周期唤起复购',
    channels: ['inapp'],
    needs: {},
    build: () => ({
      trigger: { type: 'repurchase_due', categoryId: null, days: 45, byCategoryCycle: true },
      purpose: 'marketing',
      entryStepId: 'nudge',
      steps: [
        {
          id: 'nudge',
          type: 'send',
          content: inapp('该补货啦', '{{member.name}}，上次买的 {{order.item}} 快用完了吧？回来看看吧。', 'pages/index/index'),
          next: null,
        },
      ],
      goal: { event: 'order.paid', withinDays: 14 },
      reentry: { mode: 'every_time', cooldownDays: 30 },
      experiment: noExperiment,
    }),
  },
  {
    key: 'winback_sms',
    name: '沉默会员短信召回',
    description: '每天给「沉默会员」分群发召回短信（带专属链接），10% 会员留作对照组不发送，用来衡量真实增量。',
    purpose: 'marketing',
    goal: '召回 91–180 天未购买的会员',
    channels: ['sms'],
    needs: { silentSegment: true, sms: ['SMS_WINBACK'] },
    build: (refs) => ({
      trigger: { type: 'schedule', segmentId: refs.segmentId, startAt: nextChinaTen(refs.now), repeat: 'daily' },
      purpose: 'marketing',
      entryStepId: 'sms',
      steps: [{ id: 'sms', type: 'send', content: smsContent('SMS_WINBACK', refs.smsVariables.SMS_WINBACK ?? []), next: null }],
      goal: { event: 'order.paid', withinDays: 14 },
      reentry: { mode: 'every_time', cooldownDays: 30 },
      experiment: { holdoutBp: 1000, splitBp: 0, conversionDays: 14 },
    }),
  },
  {
    key: 'birthday',
    name: '生日关怀',
    description: '会员生日当天送一张生日券，并发站内祝福（可换成短信）。',
    purpose: 'marketing',
    goal: '生日当月的关怀与转化',
    channels: ['inapp', 'sms'],
    needs: { coupon: 'birthday', sms: ['SMS_BIRTHDAY'] },
    build: (refs) => ({
      trigger: { type: 'birthday', daysBefore: 0 },
      purpose: 'marketing',
      entryStepId: 'gift',
      steps: [
        { id: 'gift', type: 'grant_coupon', couponId: refs.couponId, next: 'wish' },
        {
          id: 'wish',
          type: 'send',
          content: inapp('生日快乐', '{{member.name}}，生日快乐！送你一张生日券，已放入你的账户。', 'pages/my-coupons/index'),
          fallback: smsContent('SMS_BIRTHDAY', refs.smsVariables.SMS_BIRTHDAY ?? []),
          next: null,
        },
      ],
      goal: { event: 'order.paid', withinDays: 30 },
      reentry: { mode: 'every_time', cooldownDays: 300 },
      experiment: noExperiment,
    }),
  },
  {
    key: 'points_expiry',
    name: '积分过期提醒',
    description: '积分到期前 7 天提醒会员使用。',
    purpose: 'service',
    goal: '让会员用掉快过期的积分',
    channels: ['subscribe', 'inapp'],
    needs: { subscribe: ['points_expiring'] },
    build: () => ({
      trigger: { type: 'points_expiring', daysBefore: 7 },
      purpose: 'service',
      entryStepId: 'remind',
      steps: [
        {
          id: 'remind',
          type: 'send',
          content: {
            channel: 'subscribe',
            template: 'points_expiring',
            variables: { number1: '{{points.expiring}}', date2: '{{points.expiresAt}}', thing3: '积分可在积分商城兑换好礼' },
            link: null,
          },
          fallback: inapp('积分即将过期', '你有 {{points.expiring}} 积分将于 {{points.expiresAt}} 过期，快去积分商城兑换吧。', 'pages/points-mall/index'),
          next: null,
        },
      ],
      goal: null,
      reentry: { mode: 'every_time', cooldownDays: 0 },
      experiment: noExperiment,
    }),
  },
  {
    key: 'coupon_expiry',
    name: '优惠券到期提醒',
    description: '优惠券到期前 3 天提醒会员使用。',
    purpose: 'service',
    goal: '提高优惠券核销率',
    channels: ['subscribe', 'inapp'],
    needs: { subscribe: ['coupon_expiring'] },
    build: () => ({
      trigger: { type: 'coupon_expiring', daysBefore: 3 },
      purpose: 'service',
      entryStepId: 'remind',
      steps: [
        {
          id: 'remind',
          type: 'send',
          content: {
            channel: 'subscribe',
            template: 'coupon_expiring',
            variables: { thing1: '{{coupon.name}}', date2: '{{coupon.expiresAt}}', thing3: '优惠券即将过期，别错过' },
            link: null,
          },
          fallback: inapp('优惠券快到期了', '你的「{{coupon.name}}」将于 {{coupon.expiresAt}} 到期，别错过。', 'pages/my-coupons/index'),
          next: null,
        },
      ],
      goal: null,
      reentry: { mode: 'every_time', cooldownDays: 0 },
      experiment: noExperiment,
    }),
  },
  {
    key: 'tier_change',
    name: '会员升级祝贺',
    description: '会员升级时发祝贺，降级时发说明（两条旅程一起启用；订阅消息，没有授权时改发站内信）。',
    purpose: 'service',
    goal: '让会员知道等级和权益的变化',
    channels: ['subscribe', 'inapp'],
    needs: { subscribe: ['tier_changed'] },
    build: () => tierChange('up'),
    companions: [{ name: '会员降级说明', description: '会员降级时说明新等级和保级方法。', build: () => tierChange('down') }],
  },
];
