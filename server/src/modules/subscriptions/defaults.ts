import type { SubscribeTemplateField } from '../../db/schema';

/** The scenes where the shop asks a member to accept subscribe messages. */
export const SUBSCRIBE_SCENES = ['payment', 'coupon', 'restock', 'member_center'] as const;
export type SubscribeScene = (typeof SUBSCRIBE_SCENES)[number];

export interface SubscribeTemplateSeed {
  key: string;
  templateId: string;
  title: string;
  fields: SubscribeTemplateField[];
  page: string;
  scenes: SubscribeScene[];
}

/**
 * The templates the shop starts with (picked from WeChat's public library in the mini-program backend),
 * inserted by migration 0022 (restock_arrival by 0031) and known to the WeChat simulator. Journeys name them by
 * `key`; placeholders are the default texts (JOURNEY_PLACEHOLDERS) a journey's send step starts from.
 */
export const DEFAULT_SUBSCRIBE_TEMPLATES: readonly SubscribeTemplateSeed[] = [
  {
    key: 'order_unpaid',
    templateId: 'Qm7cKx2v9TrAa1UnpaidSiyu0rderRemind3kLp8wZ',
    title: '订单待支付提醒',
    fields: [
      { key: 'thing1', label: '商品', placeholder: '{{order.item}}' },
      { key: 'amount2', label: '金额', placeholder: '{{order.amount}}' },
      { key: 'thing3', label: '提示', placeholder: '订单即将关闭，请尽快支付' },
    ],
    page: 'pages/orders/index',
    scenes: ['payment'],
  },
  {
    key: 'order_shipped',
    templateId: 'Hs4nDe8q1LwBb2ShippedSiyuDeliveryN0tice7mQ',
    title: '订单发货通知',
    fields: [
      { key: 'character_string1', label: '订单号', placeholder: '{{order.no}}' },
      { key: 'thing2', label: '商品名称', placeholder: '{{order.item}}' },
      { key: 'thing3', label: '温馨提示', placeholder: '您的包裹已发出，请留意查收' },
    ],
    page: 'pages/orders/index',
    scenes: ['payment'],
  },
  {
    key: 'review_request',
    templateId: 'Rv9pTq3m5XcCc3ReviewSiyuInvitati0n4hJs2Kd',
    title: '评价提醒',
    fields: [
      { key: 'thing1', label: '商品名称', placeholder: '{{order.item}}' },
      { key: 'thing2', label: '提示', placeholder: '收到的宝贝还满意吗？来说说吧' },
    ],
    page: 'pages/orders/index',
    scenes: ['payment'],
  },
  {
    key: 'points_expiring',
    templateId: 'Pe2wLk6n8YdDd4PointsSiyuExpiryN0tice5gTr9',
    title: '积分过期提醒',
    fields: [
      { key: 'number1', label: '过期积分', placeholder: '{{points.expiring}}' },
      { key: 'date2', label: '过期时间', placeholder: '{{points.expiresAt}}' },
      { key: 'thing3', label: '温馨提示', placeholder: '积分可在积分商城兑换好礼' },
    ],
    page: 'pages/points-mall/index',
    scenes: ['member_center'],
  },
  {
    key: 'coupon_expiring',
    templateId: 'Ce5rJh1b4ZfEe5CouponSiyuExpiryN0tice6vWq3',
    title: '优惠券到期提醒',
    fields: [
      { key: 'thing1', label: '优惠券名称', placeholder: '{{coupon.name}}' },
      { key: 'date2', label: '到期时间', placeholder: '{{coupon.expiresAt}}' },
      { key: 'thing3', label: '温馨提示', placeholder: '优惠券即将过期，别错过' },
    ],
    page: 'pages/my-coupons/index',
    scenes: ['coupon', 'member_center'],
  },
  {
    key: 'tier_changed',
    templateId: 'Tc8yGf7c2NgFf6TierSiyuLevelChange8pXn4Hb',
    title: '会员等级变更通知',
    fields: [
      { key: 'thing1', label: '当前等级', placeholder: '{{tier.name}}' },
      { key: 'thing2', label: '变更说明', placeholder: '会员等级已更新，查看专属权益' },
    ],
    page: 'pages/member/index',
    scenes: ['member_center'],
  },
  {
    key: 'restock_arrival',
    templateId: 'Ra3tKd6e1MhGg7RestockSiyuArrivalN0tice2zQ',
    title: '到货提醒',
    fields: [
      { key: 'thing1', label: '商品名称', placeholder: '到货商品' },
      { key: 'thing2', label: '温馨提示', placeholder: '您关注的商品到货了，快去看看吧' },
    ],
    page: 'pages/product/index',
    scenes: ['restock'],
  },
];
