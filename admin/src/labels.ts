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

/** Audit actions recorded by the server (unknown ones are shown as their code). */
export const AUDIT_ACTION_NAMES: Readonly<Record<string, string>> = {
  'staff.login': '员工登录',
  'staff.login_failed': '登录失败',
  'staff.create': '新建员工',
  'staff.update': '修改员工',
  'staff.password_reset': '重置密码',
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
};

export const AUDIT_TARGET_NAMES: Readonly<Record<string, string>> = {
  staff: '员工',
  category: '分类',
  product: '商品',
  sku: '规格',
  catalog: '商品目录',
  media: '图片',
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
