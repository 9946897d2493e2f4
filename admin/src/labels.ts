import type { OrderStatus, ProductStatus, RefundStatus, StaffRole } from '@siyu/shared';

/** Chinese names the console shows for codes the API uses. */

export const STAFF_ROLE_NAMES: Readonly<Record<StaffRole, string>> = {
  owner: '店主',
  operator: '运营',
  service: '客服',
  analyst: '数据',
};

export const PRODUCT_STATUS_NAMES: Readonly<Record<ProductStatus, string>> = {
  draft: '草稿',
  on_sale: '在售',
  off_sale: '已下架',
};

export const PRODUCT_STATUS_COLORS: Readonly<Record<ProductStatus, string>> = {
  draft: 'default',
  on_sale: 'green',
  off_sale: 'orange',
};

/** Audit actions recorded by the server: every action in server/src has its words here (test/static/audit-action-labels.test.ts). */
export const AUDIT_ACTION_NAMES: Readonly<Record<string, string>> = {
  'staff.login': '员工登录',
  'staff.login_failed': '登录失败',
  'staff.create': '新建员工',
  'staff.update': '修改员工',
  'staff.password_reset': '重置密码',
  'staff.unlock': '解除登录锁定',
  'tiers.update': '修改会员等级',
  'membership_settings.update': '修改会员设置',
  'member.growth_adjust': '调整成长值',
  'points.adjust': '调整积分',
  'points_mall_item.create': '新建积分商品',
  'points_mall_item.update': '修改积分商品',
  'coupon_template.create': '新建优惠券',
  'coupon_template.update': '修改优惠券',
  'coupon_template.stop': '停发优惠券',
  'coupon_template.issue': '发放优惠券',
  'coupon_template.codes': '生成兑换码',
  'coupon_template.approve': '审批通过优惠券',
  'coupon_template.reject': '驳回优惠券',
  'store_promotion.create': '新建店铺活动',
  'store_promotion.stop': '停止店铺活动',
  'store_promotion.approve': '审批通过店铺活动',
  'store_promotion.reject': '驳回店铺活动',
  'promotion_settings.update': '修改营销设置',
  'live_session.create': '新建直播场次',
  'live_session.update': '修改直播场次',
  'live_session.products': '设置直播商品',
  'live_session.end': '结束直播',
  'promo_code.create': '新建直播优惠码',
  'promo_code.stop': '停用直播优惠码',
  'promo_code.approve': '审批通过直播优惠码',
  'promo_code.reject': '驳回直播优惠码',
  'flash_sale.create': '新建秒杀',
  'flash_sale.update': '修改秒杀',
  'flash_sale.stop': '停止秒杀',
  'flash_sale.approve': '审批通过秒杀',
  'flash_sale.reject': '驳回秒杀',
  'product.shipping_update': '设置商品运费',
  'shipping_template.create': '新建运费模板',
  'shipping_template.update': '修改运费模板',
  'shipping_template.delete': '删除运费模板',
  'review.approve': '通过评价',
  'review.reject': '驳回评价',
  'search.hot_words.update': '修改热门搜索词',
  'category.create': '新建分类',
  'category.update': '修改分类',
  'category.delete': '删除分类',
  'product.create': '新建商品',
  'product.update': '修改商品',
  'product.delete': '删除商品',
  'product.publish': '上架商品',
  'product.unpublish': '下架商品',
  'sku.create': '新增规格',
  'sku.update': '修改规格',
  'sku.delete': '删除规格',
  'sku.stock_adjust': '调整库存',
  'catalog.import': 'CSV 导入',
  'media.upload': '上传图片',
  'media.delete': '删除图片',
  'order.ship': '订单发货',
  'refund.approve': '同意退款',
  'refund.reject': '拒绝退款',
  'refund.confirm_receipt': '确认收到退货',
  'after_sale.settings': '修改退货地址',
  'order.ship_import': '批量发货',
  'order.tracking_update': '修改快递单号',
  'order.note': '添加商家备注',
  'channel.create': '新建渠道',
  'channel.update': '修改渠道',
  'channel.archive': '归档渠道',
  'channel.reach_add': '登记渠道触达',
  'channel.reach_import': '导入渠道触达',
  'channel_code.create': '新建渠道码',
  'channel_code.retire': '停用渠道码',
  'channel_code_batch.create': '批量生成渠道码',
  'sms_link.create': '生成短信链接',
  'channel_code.wecom_create': '生成企微二维码',
  'channel_settings.update': '修改归因窗口',
};

export const AUDIT_TARGET_NAMES: Readonly<Record<string, string>> = {
  staff: '员工',
  member: '会员',
  tiers: '会员等级',
  membership_settings: '会员设置',
  points_mall_item: '积分商品',
  coupon_template: '优惠券',
  store_promotion: '店铺活动',
  promotion_settings: '营销设置',
  live_session: '直播场次',
  promo_code: '直播优惠码',
  flash_sale: '秒杀',
  shipping_template: '运费模板',
  review: '评价',
  search_hot_words: '热门搜索词',
  settings: '售后设置',
  category: '分类',
  product: '商品',
  sku: '规格',
  catalog: '商品目录',
  media: '图片',
  channel: '渠道',
  channel_code: '渠道码',
  channel_code_batch: '渠道码批次',
  channel_settings: '渠道设置',
  sms_link: '短信链接',
  order: '订单',
  refund: '退款',
};

/** Tag colours of order statuses (names: ORDER_STATUS_NAMES in shared); 待发货 and 退款中 wait for staff. */
export const ORDER_STATUS_COLORS: Readonly<Record<OrderStatus, string>> = {
  pending_payment: 'orange',
  paid: 'blue',
  shipped: 'cyan',
  completed: 'green',
  cancelled: 'default',
  refunding: 'magenta',
  refunded: 'default',
  partially_refunded: 'purple',
};

/** Tag colours of refund statuses (names: REFUND_STATUS_NAMES in shared). */
export const REFUND_STATUS_COLORS: Readonly<Record<RefundStatus, string>> = {
  requested: 'magenta',
  rejected: 'default',
  awaiting_return: 'gold',
  returning: 'cyan',
  processing: 'blue',
  abnormal: 'orange',
  succeeded: 'green',
  failed: 'red',
};

/** Payment records of an order (payments.status). */
export const PAYMENT_STATUS_NAMES: Readonly<Record<string, string>> = {
  prepaid: '待支付',
  succeeded: '支付成功',
  closed: '已关闭',
  refunded: '关单后已退回',
};

/** "颜色:红 / 尺码:L" for a SKU's spec values. */
export function specsLabel(specs: Readonly<Record<string, string>>): string {
  return Object.entries(specs)
    .map(([name, value]) => `${name}:${value}`)
    .join(' / ');
}
