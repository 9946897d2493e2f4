import type { ProductStatus, StaffRole } from '@siyu/shared';

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
};

export const AUDIT_TARGET_NAMES: Readonly<Record<string, string>> = {
  staff: '员工',
  category: '分类',
  product: '商品',
  sku: '规格',
  catalog: '商品目录',
};

/** "颜色:红 / 尺码:L" for a SKU's spec values. */
export function specsLabel(specs: Readonly<Record<string, string>>): string {
  return Object.entries(specs)
    .map(([name, value]) => `${name}:${value}`)
    .join(' / ');
}
