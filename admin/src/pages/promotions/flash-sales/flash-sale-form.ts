import { describeIssue, flashSaleBodySchema, flashSalePatchSchema, type FlashSaleView } from '@siyu/shared';
import dayjs from 'dayjs';
import type { FlashSaleInput } from '../../../api/promotions';
import { fenToYuanText, yuanTextToFen } from '../../../components/YuanInput';
import type { DayRange } from '../coupons/coupon-form';
import type { Built, FieldPath, RuleFieldError } from '../rule-builder/rule-values';

export interface FlashSaleFormValues {
  title?: string;
  skuId?: number;
  flashPrice?: string;
  totalUnits?: number | null;
  perMemberLimit?: number | null;
  range?: DayRange;
}

/** Once a sale has started only its end and its units may change (not below what is sold). */
export const hasStarted = (sale: Pick<FlashSaleView, 'status'>) =>
  sale.status === 'ongoing' || sale.status === 'sold_out' || sale.status === 'ended' || sale.status === 'stopped';

export function flashSaleFieldOf(path: readonly (string | number)[]): FieldPath | null {
  switch (path[0]) {
    case 'title':
    case 'skuId':
    case 'totalUnits':
    case 'perMemberLimit':
      return [path[0]];
    case 'flashPriceFen':
      return ['flashPrice'];
    case 'startsAt':
    case 'endsAt':
      return ['range'];
    default:
      return null;
  }
}

export function valuesOfFlashSale(sale: FlashSaleView): FlashSaleFormValues {
  return {
    title: sale.title,
    skuId: sale.skuId,
    flashPrice: fenToYuanText(sale.flashPriceFen),
    totalUnits: sale.totalUnits,
    perMemberLimit: sale.perMemberLimit,
    range: [dayjs(sale.startsAt), dayjs(sale.endsAt)],
  };
}

function issuesToErrors(issues: readonly { path: readonly PropertyKey[]; code: string; message: string }[]): RuleFieldError[] {
  return issues.map((issue) => ({
    name: flashSaleFieldOf(issue.path.filter((part): part is string | number => typeof part !== 'symbol')) ?? ['title'],
    message: describeIssue(issue),
  }));
}

/** Form values → the POST body of a new flash sale. */
export function flashSaleBodyOfValues(values: FlashSaleFormValues): Built<FlashSaleInput> {
  const errors: RuleFieldError[] = [];
  const flashPriceFen = yuanTextToFen(values.flashPrice);
  if (flashPriceFen === null || flashPriceFen === undefined)
    errors.push({ name: ['flashPrice'], message: flashPriceFen === null ? '请输入秒杀价' : '金额格式错误：最多两位小数' });
  if (!values.skuId) errors.push({ name: ['skuId'], message: '请选择规格' });
  const [from, to] = values.range ?? [null, null];
  if (!from || !to) errors.push({ name: ['range'], message: '请选择活动时间' });
  if (errors.length > 0 || typeof flashPriceFen !== 'number' || !values.skuId || !from || !to) return { ok: false, errors };
  const body: FlashSaleInput = {
    title: (values.title ?? '').trim(),
    skuId: values.skuId,
    flashPriceFen,
    totalUnits: values.totalUnits ?? 0,
    perMemberLimit: values.perMemberLimit ?? 1,
    startsAt: from.toISOString(),
    endsAt: to.toISOString(),
  };
  const parsed = flashSaleBodySchema.safeParse(body);
  return parsed.success ? { ok: true, value: body } : { ok: false, errors: issuesToErrors(parsed.error.issues) };
}

/** Form values → the PATCH body: the fields that changed (only end and units once started). */
export function flashSalePatchOfValues(sale: FlashSaleView, values: FlashSaleFormValues): Built<Partial<Omit<FlashSaleInput, 'skuId'>>> {
  const full = flashSaleBodyOfValues({ ...values, skuId: sale.skuId });
  if (!full.ok) return full;
  const next = full.value;
  const patch: Partial<Omit<FlashSaleInput, 'skuId'>> = {};
  if (Date.parse(next.endsAt) !== Date.parse(sale.endsAt)) patch.endsAt = next.endsAt;
  if (next.totalUnits !== sale.totalUnits) patch.totalUnits = next.totalUnits;
  if (!hasStarted(sale)) {
    if (next.title !== sale.title) patch.title = next.title;
    if (next.flashPriceFen !== sale.flashPriceFen) patch.flashPriceFen = next.flashPriceFen;
    if (next.perMemberLimit !== sale.perMemberLimit) patch.perMemberLimit = next.perMemberLimit;
    if (Date.parse(next.startsAt) !== Date.parse(sale.startsAt)) patch.startsAt = next.startsAt;
  }
  if (next.totalUnits < sale.soldUnits) return { ok: false, errors: [{ name: ['totalUnits'], message: `不能少于已售 ${sale.soldUnits} 件` }] };
  const parsed = flashSalePatchSchema.safeParse(patch);
  return parsed.success ? { ok: true, value: patch } : { ok: false, errors: issuesToErrors(parsed.error.issues) };
}
