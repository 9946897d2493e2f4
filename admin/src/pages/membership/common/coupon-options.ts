import type { CouponTemplateView } from '@siyu/shared';
import { useMemo } from 'react';
import { couponsApi } from '../../../api/promotions';
import { useSession } from '../../../auth/SessionProvider';
import { useApiData } from '../../../hooks/use-api-data';

export interface CouponOption {
  value: number;
  label: string;
}

/** Coupon templates as select options; stopped ones stay listed (marked) so a saved choice still shows its name. */
export function couponOptionsOf(templates: readonly CouponTemplateView[]): CouponOption[] {
  return templates.map((template) => {
    const rule = template.ruleText === template.name ? '' : `（${template.ruleText}）`;
    return { value: template.id, label: `${template.name}${rule}${template.status === 'stopped' ? ' · 已停止' : ''}` };
  });
}

/** The coupon templates for tier perks and mall items (promotions:read; an empty list without it). */
export function useCouponTemplates() {
  const { can } = useSession();
  const canRead = can('promotions:read');
  const { data, isLoading } = useApiData((signal) => (canRead ? couponsApi.list(signal) : Promise.resolve([])), [canRead]);
  const options = useMemo(() => couponOptionsOf(data ?? []), [data]);
  const nameOf = (id: number) => data?.find((template) => template.id === id)?.name ?? `优惠券 #${id}`;
  return { options, isLoading, nameOf };
}
