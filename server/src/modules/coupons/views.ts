import {
  chinaDay,
  describeRule,
  type CouponTemplateView,
  type MemberCouponStatus,
  type MemberCouponView,
  type PromotionRule,
  type PromotionScope,
} from '@siyu/shared';
import type { couponTemplates, memberCoupons } from '../../db/schema';
import { toApprovalView } from '../promotions/approval';

export type TemplateRow = typeof couponTemplates.$inferSelect;
export type MemberCouponRow = typeof memberCoupons.$inferSelect;

/** A calendar day in China time, "2026.11.24". */
function dottedChinaDay(at: Date): string {
  return chinaDay(at).replaceAll('-', '.');
}

export function validityOf(row: TemplateRow): CouponTemplateView['validity'] {
  if (row.validityKind === 'window') {
    return { kind: 'window', validFrom: (row.validFrom as Date).toISOString(), validTo: (row.validTo as Date).toISOString() };
  }
  return { kind: 'after_claim', days: row.validDays as number };
}

/** "2026.11.24–2026.12.31" or "领取后7天内有效". */
export function validityText(row: TemplateRow): string {
  if (row.validityKind === 'window') return `${dottedChinaDay(row.validFrom as Date)}–${dottedChinaDay(row.validTo as Date)}`;
  return `领取后${row.validDays as number}天内有效`;
}

export function ruleOf(row: { rule: unknown }): PromotionRule {
  return row.rule as PromotionRule;
}

export function scopeOf(row: { scope: unknown }): PromotionScope {
  return row.scope as PromotionScope;
}

export function toTemplateView(row: TemplateRow): CouponTemplateView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    rule: ruleOf(row),
    scope: scopeOf(row),
    ruleText: describeRule(ruleOf(row)),
    stackingGroup: row.stackingGroup as CouponTemplateView['stackingGroup'],
    validity: validityOf(row),
    validityText: validityText(row),
    claimStartsAt: row.claimStartsAt?.toISOString() ?? null,
    claimEndsAt: row.claimEndsAt?.toISOString() ?? null,
    visibility: row.visibility as CouponTemplateView['visibility'],
    totalCount: row.totalCount,
    budgetFen: row.budgetFen,
    faceValueFen: row.faceValueFen,
    perMemberCap: row.perMemberCap,
    issuedCount: row.issuedCount,
    committedFen: row.committedFen,
    usedCount: row.usedCount,
    status: row.status as CouponTemplateView['status'],
    approval: toApprovalView(row),
    createdAt: row.createdAt.toISOString(),
  };
}

/** 'expired' is derived: an available coupon whose expiry has passed. */
export function memberCouponStatus(row: Pick<MemberCouponRow, 'status' | 'expiresAt'>, now: Date): MemberCouponStatus {
  if (row.status === 'available' && row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return row.status as MemberCouponStatus;
}

/** A member's coupon with its template's name and rule, as the mini-program shows it. */
export function toMemberCouponView(
  row: MemberCouponRow,
  template: Pick<TemplateRow, 'name' | 'rule' | 'scope' | 'stackingGroup'>,
  now: Date,
): MemberCouponView {
  return {
    id: row.id,
    templateId: row.templateId,
    name: template.name,
    ruleText: describeRule(ruleOf(template)),
    rule: ruleOf(template),
    scope: scopeOf(template),
    stackingGroup: template.stackingGroup as MemberCouponView['stackingGroup'],
    status: memberCouponStatus(row, now),
    source: row.source,
    validFrom: row.validFrom.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    usedOrderId: row.usedOrderId,
  };
}
