import {
  describeRule,
  type LiveSessionStatus,
  type LiveSessionView,
  type PromoCodeView,
  type PromotionRule,
  type PromotionScope,
  type LIVE_PLATFORMS,
} from '@siyu/shared';
import { toApprovalView } from '../promotions/approval';
import type { LiveSessionRow, PromoCodeRow } from './repo';

/** Derived from the server clock: ended early (endedAt) or past endsAt → ended; inside the window → live. */
export function sessionStatus(row: Pick<LiveSessionRow, 'startsAt' | 'endsAt' | 'endedAt'>, now: Date): LiveSessionStatus {
  if (row.endedAt !== null || now.getTime() >= row.endsAt.getTime()) return 'ended';
  return now.getTime() >= row.startsAt.getTime() ? 'live' : 'scheduled';
}

export function toLiveSessionView(row: LiveSessionRow, productIds: number[], now: Date): LiveSessionView {
  return {
    id: row.id,
    title: row.title,
    platform: row.platform as (typeof LIVE_PLATFORMS)[number],
    roomId: row.roomId,
    hostName: row.hostName,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    status: sessionStatus(row, now),
    sceneCode: row.sceneCode,
    productIds,
    serverNow: now.toISOString(),
  };
}

export function toPromoCodeView(row: PromoCodeRow): PromoCodeView {
  const rule = row.rule as PromotionRule;
  return {
    id: row.id,
    sessionId: row.sessionId,
    code: row.code,
    rule,
    scope: row.scope as PromotionScope,
    ruleText: describeRule(rule),
    graceMinutes: row.graceMinutes,
    perMemberCap: row.perMemberCap,
    totalCap: row.totalCap,
    usedCount: row.usedCount,
    status: row.status as PromoCodeView['status'],
    approval: toApprovalView(row),
  };
}

/** What the audit log keeps of a session (dates as ISO strings). */
export function sessionAuditShape(row: LiveSessionRow) {
  return {
    title: row.title,
    platform: row.platform,
    roomId: row.roomId,
    hostName: row.hostName,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    sceneCode: row.sceneCode,
  };
}
