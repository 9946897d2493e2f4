/** Reading a member's membership: their own 会员中心, and the staff's growth page of a member. */
import { tierCodeSchema, type MembershipView, type MemberGrowthView } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { AppError } from '../../lib/errors';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { growthForRetention } from './evaluation';
import { growthTasks } from './growth-tasks';
import { findAccount, findMember, listGrowthEntries, listTierHistory, sumGrowth } from './repo';
import { loadMembershipSettings, loadTiers } from './settings';
import { toGrowthEntryView, toMembershipView, toTierHistoryView, type MembershipState } from './views';

/** The member's tier state; a member without an account row yet holds their tier since sign-up (nothing is written). */
async function loadState(sc: ServiceContext, memberId: number): Promise<MembershipState & { pendingWarnedAt: Date | null }> {
  const member = await findMember(sc.db, memberId);
  if (!member) throw new AppError('MEMBER_NOT_FOUND');
  const [account, settings] = [await findAccount(sc.db, memberId), await loadMembershipSettings(sc.db)];
  const pending = account?.downgradeTo && account.downgradeAt ? { toTier: tierCodeSchema.parse(account.downgradeTo), at: account.downgradeAt } : null;
  return {
    tierCode: tierCodeSchema.parse(member.tierCode),
    tierSince: account?.tierSince ?? member.createdAt,
    growthValue: await growthForRetention(sc.db, memberId, sc.now, settings),
    growthTotal: await sumGrowth(sc.db, memberId, null),
    pending,
    pendingWarnedAt: account?.downgradeWarnedAt ?? null,
    history: await listTierHistory(sc.db, memberId),
  };
}

/** GET /api/me/membership. */
export async function getMembershipView(sc: ServiceContext, memberId: number): Promise<MembershipView> {
  const state = await loadState(sc, memberId);
  const tasks = await growthTasks(sc.db, memberId, await loadMembershipSettings(sc.db));
  return { ...toMembershipView(await loadTiers(sc.db), state), tasks };
}

/** GET /api/admin/members/:id/growth: tier state, the growth ledger newest first (paged), tier history. */
export async function getMemberGrowth(sc: ServiceContext, memberId: number, query: { cursor?: string | undefined; limit: number }): Promise<MemberGrowthView> {
  const state = await loadState(sc, memberId);
  const beforeId = query.cursor ? decodeCursor(query.cursor, ['id'])[0] : null;
  const rows = await listGrowthEntries(sc.db, memberId, query.limit + 1, beforeId);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    memberId,
    tierCode: state.tierCode,
    tierSince: state.tierSince.toISOString(),
    growthValue: state.growthValue,
    growthTotal: state.growthTotal,
    pendingDowngrade: state.pending
      ? { toTierCode: state.pending.toTier, at: state.pending.at.toISOString(), warnedAt: state.pendingWarnedAt?.toISOString() ?? null }
      : null,
    entries: page.map(toGrowthEntryView),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
    history: state.history.map(toTierHistoryView),
  };
}
