import type { PromotionScope } from '@siyu/shared';

/** "全店通用", "指定 3 个商品", "指定 2 个分类". */
export function scopeText(scope: PromotionScope): string {
  switch (scope.kind) {
    case 'products':
      return `指定 ${scope.productIds.length} 个商品`;
    case 'categories':
      return `指定 ${scope.categoryIds.length} 个分类`;
    default:
      return '全店通用';
  }
}
