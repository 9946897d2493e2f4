import { CHANNEL_REACH_UNITS, channelPlan, type ChannelKind, type ChannelPlan } from '@siyu/shared';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import type { ChannelInput, ChannelView } from '../../api/channels';
import { fenToYuanText, yuanTextToFen } from '../../components/YuanInput';

/**
 * The channel form's values and their conversion to the API body: money typed in yuan (the unit cost with
 * up to 3 decimals, ¥0.045/条 → 4500 milli-fen), the conversion rate in % (two decimals → basis points),
 * orders per member with two decimals (→ × 100). Integer arithmetic on the typed text, never floats.
 */
export interface ChannelFormValues {
  kind?: ChannelKind;
  name?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  ownerStaffId?: number | null;
  fixedCost?: string;
  unitCost?: string;
  plannedReach?: number | null;
  conversionPct?: string;
  ordersPerMember?: string;
  aov?: string;
  note?: string;
}

const DECIMAL = /^(\d{1,12})(?:\.(\d*))?$/;

/** "12.345" with at most `places` decimals → the integer in units of 10^-places (12345); null when empty, undefined when malformed. */
export function scaledInteger(text: string | null | undefined, places: number): number | null | undefined {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return null;
  const match = DECIMAL.exec(trimmed);
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > places) return undefined;
  return Number(match[1]) * 10 ** places + Number(fraction.padEnd(places, '0') || '0');
}

/** The integer back to its decimal text, trailing zeros kept down to `minPlaces` ("0.045", "12.5" → "12.50"). */
export function scaledText(value: number, places: number, minPlaces = 0): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const whole = Math.floor(abs / 10 ** places);
  let fraction = String(abs % 10 ** places).padStart(places, '0');
  while (fraction.length > minPlaces && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Milli-fen (1 yuan = 100,000) → "0.045" (at least 2 decimals, up to 5). */
export const milliFenToYuanText = (milliFen: number): string => scaledText(milliFen, 5, 2);
/** "0.045" yuan (≤ 3 decimals) → 4500 milli-fen. */
export const yuanTextToMilliFen = (text: string | undefined): number | null | undefined => {
  const value = scaledInteger(text, 3);
  return value === null || value === undefined ? value : value * 100;
};

/** "¥0.045/条": a channel's unit cost as staff read it. */
export function unitCostLabel(kind: ChannelKind, unitCostMilliFen: number): string {
  return `¥${milliFenToYuanText(unitCostMilliFen)}/${CHANNEL_REACH_UNITS[kind]}`;
}

/** Basis points → "11" / "12.5" (%). */
export const bpToPctText = (bp: number): string => scaledText(bp, 2);
/** Orders per member × 100 → "1.5". */
export const x100ToText = (value: number): string => scaledText(value, 2);

export function initialValuesOf(channel?: ChannelView, ownerStaffId?: number | null): ChannelFormValues {
  if (!channel) return { kind: 'package_card', ownerStaffId: ownerStaffId ?? null, ordersPerMember: '1', fixedCost: '0.00', unitCost: '0.000' };
  return {
    kind: channel.kind,
    name: channel.name,
    range: channel.startsOn || channel.endsOn ? [channel.startsOn ? dayjs(channel.startsOn) : null, channel.endsOn ? dayjs(channel.endsOn) : null] : null,
    ownerStaffId: channel.ownerStaffId,
    fixedCost: fenToYuanText(channel.fixedCostFen),
    unitCost: milliFenToYuanText(channel.unitCostMilliFen),
    plannedReach: channel.plannedReach,
    conversionPct: bpToPctText(channel.plannedConversionBp),
    ordersPerMember: x100ToText(channel.plannedOrdersPerMemberX100),
    aov: fenToYuanText(channel.plannedAovFen),
    note: channel.note,
  };
}

export type FieldErrors = Partial<Record<keyof ChannelFormValues, string>>;

/** Values → the API body, or the Chinese error of each bad field. */
export function bodyOf(values: ChannelFormValues): { ok: true; body: ChannelInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = (values.name ?? '').trim();
  if (!name) errors.name = '请输入渠道名称';
  if (!values.kind) errors.kind = '请选择渠道类型';
  // null (an empty field) is 0; undefined (text that is not a number) is an error.
  const orZero = <T>(value: T | null): T | 0 => (value === null ? 0 : value);
  const fixedCostFen = orZero(yuanTextToFen(values.fixedCost));
  if (fixedCostFen === undefined || fixedCostFen < 0) errors.fixedCost = '金额格式错误：最多两位小数，如 500.00';
  const unitCostMilliFen = orZero(yuanTextToMilliFen(values.unitCost));
  if (unitCostMilliFen === undefined) errors.unitCost = '单位成本格式错误：最多三位小数，如 0.045';
  const plannedReach = values.plannedReach ?? 0;
  if (!Number.isSafeInteger(plannedReach) || plannedReach < 0) errors.plannedReach = '请输入不小于 0 的整数';
  const conversionBp = orZero(scaledInteger(values.conversionPct, 2));
  if (conversionBp === undefined || conversionBp > 10_000) errors.conversionPct = '转化率为 0 到 100 之间的数，最多两位小数';
  const ordersX100 = orZero(scaledInteger(values.ordersPerMember, 2));
  if (ordersX100 === undefined) errors.ordersPerMember = '人均订单数最多两位小数，如 1.5';
  const aovFen = orZero(yuanTextToFen(values.aov));
  if (aovFen === undefined || aovFen < 0) errors.aov = '金额格式错误：最多两位小数，如 199.00';
  const [from, to] = values.range ?? [null, null];
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const body: ChannelInput = {
    kind: values.kind as ChannelKind,
    name,
    startsOn: from ? from.format('YYYY-MM-DD') : null,
    endsOn: to ? to.format('YYYY-MM-DD') : null,
    fixedCostFen: fixedCostFen as number,
    unitCostMilliFen: unitCostMilliFen as number,
    plannedReach,
    plannedConversionBp: conversionBp as number,
    plannedOrdersPerMemberX100: ordersX100 as number,
    plannedAovFen: aovFen as number,
    note: (values.note ?? '').trim(),
    ownerStaffId: values.ownerStaffId ?? null,
  };
  return { ok: true, body };
}

/** The live preview under the plan fields: what the plan promises so far (bad fields count as 0). */
export function previewOf(values: ChannelFormValues): ChannelPlan {
  const safe = (value: number | null | undefined) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0);
  return channelPlan({
    plannedReach: safe(values.plannedReach),
    plannedConversionBp: Math.min(safe(scaledInteger(values.conversionPct, 2)), 10_000),
    plannedOrdersPerMemberX100: safe(scaledInteger(values.ordersPerMember, 2)),
    plannedAovFen: safe(yuanTextToFen(values.aov)),
  });
}

/** The fields an edit changed. */
export function changesOf(channel: ChannelView, body: ChannelInput): Partial<ChannelInput> {
  const changes: Partial<ChannelInput> = {};
  for (const key of Object.keys(body) as (keyof ChannelInput)[]) {
    if (body[key] !== channel[key]) (changes as Record<string, unknown>)[key] = body[key];
  }
  return changes;
}

/** "2026-12-01 至 2027-02-28", "—" for none. */
export function periodText(channel: Pick<ChannelView, 'startsOn' | 'endsOn'>): string {
  if (!channel.startsOn && !channel.endsOn) return '长期';
  return `${channel.startsOn ?? '…'} 至 ${channel.endsOn ?? '…'}`;
}
