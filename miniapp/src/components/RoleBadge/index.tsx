import { Text } from '@tarojs/components';
import { PRODUCT_ROLE_NAMES, type ProductRole } from '@siyu/shared';
import './index.css';

/** 引流品 / 爆品 / 利润品, each in its own colour. */
export function RoleBadge({ role, className = '' }: { role: ProductRole; className?: string }) {
  return <Text className={`role-badge role-badge--${role} ${className}`}>{PRODUCT_ROLE_NAMES[role]}</Text>;
}
