import { describeIssue, pointsMallItemBodySchema, pointsMallItemPatchSchema, type PointsMallItemView, type TierCode } from '@siyu/shared';
import type { PointsMallItemInput, PointsMallItemPatch } from '../../../api/membership';
import { fenToYuanText, yuanTextToFen } from '../../../components/YuanInput';
import type { FieldError } from '../../../errors/field-errors';

export interface MallItemFormValues {
  kind: PointsMallItemView['kind'];
  title?: string;
  couponTemplateId?: number | null;
  skuId?: number | null;
  pointsPrice?: number | null;
  /** Cash on top of the points (goods only), in yuan as typed ("" = none). */
  cash?: string;
  stock?: number | null;
  perMemberLimit?: number | null;
  minTier?: TierCode | null;
  image?: string;
  sortOrder?: number | null;
}

type Built<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export const NEW_MALL_ITEM: MallItemFormValues = { kind: 'coupon', perMemberLimit: 1, sortOrder: 0, cash: '', minTier: null };

export function valuesOfMallItem(item: PointsMallItemView): MallItemFormValues {
  return {
    kind: item.kind,
    title: item.title,
    couponTemplateId: item.couponTemplateId,
    skuId: item.skuId,
    pointsPrice: item.pointsPrice,
    cash: item.cashFen > 0 ? fenToYuanText(item.cashFen) : '',
    stock: item.stock,
    perMemberLimit: item.perMemberLimit,
    minTier: item.minTier,
    image: item.image ?? '',
    sortOrder: item.sortOrder ?? 0,
  };
}

/** Body path → form field ('cashFen' is typed as 'cash'; the kind refinement shows on the picker). */
export function mallFieldOf(kind: MallItemFormValues['kind']) {
  return (path: readonly (string | number)[]): (string | number)[] | null => {
    const [head] = path;
    if (head === 'cashFen') return ['cash'];
    if (head === 'kind') return [kind === 'coupon' ? 'couponTemplateId' : 'skuId'];
    return typeof head === 'string' ? [head] : null;
  };
}

function issueErrors(kind: MallItemFormValues['kind'], issues: readonly { path: readonly PropertyKey[]; code: string; message: string }[]): FieldError[] {
  const fieldOf = mallFieldOf(kind);
  return issues.map((issue) => ({
    name: fieldOf(issue.path.filter((part): part is string | number => typeof part !== 'symbol')) ?? ['title'],
    errors: [describeIssue(issue)],
  }));
}

/** Form values → the POST body (only the chosen kind's template or SKU), checked with the shared schema. */
export function mallItemBodyOfValues(values: MallItemFormValues): Built<PointsMallItemInput> {
  // A coupon costs points only (the server refuses cash on one); goods may add cash.
  const cashFen = values.kind === 'coupon' ? 0 : yuanTextToFen(values.cash);
  if (cashFen === undefined) return { ok: false, errors: [{ name: ['cash'], errors: ['金额格式错误：最多两位小数'] }] };
  const body: PointsMallItemInput = {
    title: (values.title ?? '').trim(),
    kind: values.kind,
    couponTemplateId: values.kind === 'coupon' ? (values.couponTemplateId ?? null) : null,
    skuId: values.kind === 'goods' ? (values.skuId ?? null) : null,
    pointsPrice: values.pointsPrice ?? 0,
    cashFen: cashFen ?? 0,
    stock: values.stock ?? -1,
    perMemberLimit: values.perMemberLimit ?? 1,
    minTier: values.minTier ?? null,
    image: values.image?.trim() ? values.image.trim() : null,
    sortOrder: values.sortOrder ?? 0,
  };
  const parsed = pointsMallItemBodySchema.safeParse(body);
  return parsed.success ? { ok: true, value: body } : { ok: false, errors: issueErrors(values.kind, parsed.error.issues) };
}

/** Form values → the PATCH of what changed (kind, template and SKU are fixed); stock never below what is redeemed. */
export function mallItemPatchOfValues(item: PointsMallItemView, values: MallItemFormValues): Built<PointsMallItemPatch> {
  const full = mallItemBodyOfValues({ ...values, kind: item.kind, couponTemplateId: item.couponTemplateId, skuId: item.skuId });
  if (!full.ok) return full;
  const next = full.value;
  if (next.stock < item.redeemedCount) return { ok: false, errors: [{ name: ['stock'], errors: [`不能少于已兑换的 ${item.redeemedCount} 件`] }] };
  const patch: PointsMallItemPatch = {};
  if (next.title !== item.title) patch.title = next.title;
  if (next.pointsPrice !== item.pointsPrice) patch.pointsPrice = next.pointsPrice;
  if (next.cashFen !== item.cashFen) patch.cashFen = next.cashFen;
  if (next.stock !== item.stock) patch.stock = next.stock;
  if (next.perMemberLimit !== item.perMemberLimit) patch.perMemberLimit = next.perMemberLimit;
  if (next.minTier !== item.minTier) patch.minTier = next.minTier;
  if (next.image !== item.image) patch.image = next.image;
  if (next.sortOrder !== (item.sortOrder ?? 0)) patch.sortOrder = next.sortOrder;
  // Nothing changed: an empty patch, which the dialog does not send.
  if (Object.keys(patch).length === 0) return { ok: true, value: patch };
  const parsed = pointsMallItemPatchSchema.safeParse(patch);
  return parsed.success ? { ok: true, value: patch } : { ok: false, errors: issueErrors(item.kind, parsed.error.issues) };
}
