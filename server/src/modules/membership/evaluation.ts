/**
 * Applying tier evaluation to a member: under the lock of their account row, the pure `evaluateTier`
 * decides, and this file writes what it decided (tier change with history, pending downgrade, warning
 * notice). A decision that only schedules or warns is followed by another evaluation in the same
 * transaction, so a downgrade due at once still gets its warning first; a tier changes at most once.
 */
import { evaluateTier, retentionWindowStart, tierCodeSchema, type MembershipSettings, type Tier, type TierCode } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { memberAccounts } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { changeTier, findMember, findRetentionCandidates, lockAccount, recordNotice, setPendingDowngrade, sumGrowth, type AccountRow } from './repo';
import { loadMembershipSettings, loadTiers, tierOf } from './settings';

/** The member's account row, created when missing (tier since the member's sign-up, or `now`). */
export async function ensureMemberAccount(db: Executor, memberId: number, now: Date): Promise<void> {
  const member = await findMember(db, memberId);
  if (!member) throw new AppError('MEMBER_NOT_FOUND');
  const tierSince = member.createdAt.getTime() <= now.getTime() ? member.createdAt : now;
  await db.insert(memberAccounts).values({ memberId, tierSince, updatedAt: now }).onConflictDoNothing({ target: memberAccounts.memberId });
}

/** Growth that counts for keeping a tier now, under the store's retention rule. */
export async function growthForRetention(db: Executor, memberId: number, now: Date, settings: MembershipSettings): Promise<number> {
  return sumGrowth(db, memberId, retentionWindowStart(settings.retentionRule, now));
}

export interface TierRules {
  tiers: Tier[];
  settings: MembershipSettings;
}

export async function loadTierRules(db: Executor): Promise<TierRules> {
  return { tiers: await loadTiers(db), settings: await loadMembershipSettings(db) };
}

function pendingOf(account: AccountRow) {
  if (!account.downgradeTo || !account.downgradeAt) return null;
  return { toTier: tierCodeSchema.parse(account.downgradeTo), at: account.downgradeAt, warnedAt: account.downgradeWarnedAt };
}

async function warn(tx: ServiceContext, memberId: number, from: TierCode, to: { toTier: TierCode; at: Date }, rules: TierRules, growth: number): Promise<void> {
  const threshold = tierOf(rules.tiers, from).growthThreshold;
  await recordNotice(tx.db, {
    memberId,
    kind: 'tier_downgrade_warning',
    data: { fromTier: from, toTier: to.toTier, at: to.at.toISOString(), growthValue: growth, growthNeeded: Math.max(0, threshold - growth) },
    sourceKey: `tier_downgrade_warning:${memberId}:${to.at.toISOString()}`,
    now: tx.now,
  });
  await setPendingDowngrade(tx.db, memberId, { toTier: to.toTier, at: to.at, warnedAt: tx.now }, tx.now);
}

/**
 * Evaluates one member inside the caller's transaction with the given rules; true when the tier changed.
 * Locks the member's account row first.
 */
export async function evaluateMemberWith(tx: ServiceContext, memberId: number, rules: TierRules): Promise<boolean> {
  await ensureMemberAccount(tx.db, memberId, tx.now);
  const account = await lockAccount(tx.db, memberId);
  const member = await findMember(tx.db, memberId);
  if (!account || !member) throw new AppError('MEMBER_NOT_FOUND');
  const currentTier = tierCodeSchema.parse(member.tierCode);
  const growth = await growthForRetention(tx.db, memberId, tx.now, rules.settings);
  let pending = pendingOf(account);
  for (let step = 0; step < 3; step += 1) {
    const decision = evaluateTier({
      tiers: rules.tiers,
      currentTier,
      growthForRetention: growth,
      now: tx.now,
      tierSince: account.tierSince,
      pendingDowngrade: pending,
      settings: rules.settings,
    });
    switch (decision.action) {
      case 'none':
        return false;
      case 'cancel_downgrade':
        await setPendingDowngrade(tx.db, memberId, null, tx.now);
        return false;
      case 'upgrade':
      case 'downgrade':
        await changeTier(tx.db, { memberId, fromTier: currentTier, toTier: decision.toTier, reason: decision.action, growthValue: growth, now: tx.now });
        return true;
      case 'schedule_downgrade':
        pending = { toTier: decision.toTier, at: decision.at, warnedAt: null };
        await setPendingDowngrade(tx.db, memberId, pending, tx.now);
        break;
      case 'warn':
        await warn(tx, memberId, currentTier, decision, rules, growth);
        pending = { toTier: decision.toTier, at: decision.at, warnedAt: tx.now };
        break;
    }
  }
  return false;
}

/** Re-evaluates a member's tier inside the caller's transaction (locks their account row). */
export async function evaluateMemberTier(tx: ServiceContext, memberId: number): Promise<void> {
  await evaluateMemberWith(tx, memberId, await loadTierRules(tx.db));
}

/**
 * The daily retention job: evaluates every member above bronze or with a pending downgrade, each in
 * its own transaction, `limit` members per page.
 */
export async function runTierRetention(sc: ServiceContext, limit = 200): Promise<{ evaluated: number; changed: number }> {
  const rules = await loadTierRules(sc.db);
  let afterId = 0;
  let evaluated = 0;
  let changed = 0;
  for (;;) {
    const ids = await findRetentionCandidates(sc.db, afterId, limit);
    for (const memberId of ids) {
      if (await inTransaction(sc, (tx) => evaluateMemberWith(tx, memberId, rules))) changed += 1;
      evaluated += 1;
    }
    const last = ids[ids.length - 1];
    if (ids.length < limit || last === undefined) return { evaluated, changed };
    afterId = last;
  }
}
