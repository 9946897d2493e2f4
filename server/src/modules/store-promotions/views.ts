import { describeRule, type PromotionRule, type PromotionScope, type StorePromotionView } from '@siyu/shared';
import { isApprovedStatus, toApprovalView } from '../promotions/approval';
import type { StorePromotionRow } from './repo';

export type StorePromotionPhase = 'pending_approval' | 'stopped' | 'scheduled' | 'running' | 'ended';

/** Where a store promotion stands at `now`: a stop is final, then approval, then its window. */
export function storePromotionPhase(row: Pick<StorePromotionRow, 'status' | 'approvalStatus' | 'startsAt' | 'endsAt'>, now: Date): StorePromotionPhase {
  if (row.status === 'stopped') return 'stopped';
  if (!isApprovedStatus(row.approvalStatus)) return 'pending_approval';
  if (now < row.startsAt) return 'scheduled';
  return now < row.endsAt ? 'running' : 'ended';
}

/** The staff view of a store promotion (rule as data and as "满199减50"). */
export function toStorePromotionView(row: StorePromotionRow, now: Date): StorePromotionView {
  const rule = row.rule as PromotionRule;
  return {
    id: row.id,
    name: row.name,
    rule,
    scope: row.scope as PromotionScope,
    ruleText: describeRule(rule),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    status: row.status === 'stopped' ? 'stopped' : 'active',
    phase: storePromotionPhase(row, now),
    approval: toApprovalView(row),
  };
}

/** What the audit log keeps of a store promotion. */
export function auditFieldsOf(row: StorePromotionRow) {
  return {
    name: row.name,
    rule: row.rule,
    scope: row.scope,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    status: row.status,
    approvalStatus: row.approvalStatus,
  };
}
