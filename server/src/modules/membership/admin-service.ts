/** Staff editing of tiers and membership settings (会员等级), audited; threshold changes queue a re-evaluation. */
import { desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { MembershipSettings, Tier, TierReevaluationView, TiersAdminView, tiersBodySchema } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { couponTemplates, membershipSettings, tierReevaluations, tiers as tiersTable } from '../../db/schema';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { queueTierReevaluation } from './reevaluation';
import { loadMembershipSettings, loadTiers } from './settings';
import { toReevaluationView } from './views';

type TiersBody = z.output<typeof tiersBodySchema>;

async function latestReevaluation(db: Executor): Promise<TierReevaluationView | null> {
  const [row] = await db.select().from(tierReevaluations).orderBy(desc(tierReevaluations.id)).limit(1);
  return row ? toReevaluationView(row) : null;
}

/** GET /api/admin/tiers. */
export async function getTiersAdmin(sc: ServiceContext): Promise<TiersAdminView> {
  return { tiers: await loadTiers(sc.db), settings: await loadMembershipSettings(sc.db), reevaluation: await latestReevaluation(sc.db) };
}

/** Every coupon template a tier names must exist (400 TIERS_INVALID with the fields). */
async function checkCouponTemplates(db: Executor, body: TiersBody): Promise<void> {
  const named = body.tiers.flatMap((tier, index) => [
    ...(tier.birthdayCouponTemplateId === null ? [] : [{ id: tier.birthdayCouponTemplateId, field: `body.tiers.${index}.birthdayCouponTemplateId` }]),
    ...tier.monthlyCouponTemplateIds.map((id, position) => ({ id, field: `body.tiers.${index}.monthlyCouponTemplateIds.${position}` })),
  ]);
  if (named.length === 0) return;
  const found = new Set(
    (
      await db
        .select({ id: couponTemplates.id })
        .from(couponTemplates)
        .where(inArray(couponTemplates.id, [...new Set(named.map((entry) => entry.id))]))
    ).map((row) => row.id),
  );
  const issues = named.filter((entry) => !found.has(entry.id)).map((entry) => ({ field: entry.field, message: 'unknown coupon template' }));
  if (issues.length > 0) throw new AppError('TIERS_INVALID', `invalid body: ${issues.map((issue) => issue.field).join(', ')}`, { issues });
}

/** What changed, field by field, for the audit row (renames included). */
function tierChanges(before: Tier[], after: Tier[]): { code: string; field: string; from: unknown; to: unknown }[] {
  return after.flatMap((tier, index) => {
    const old = before[index];
    if (!old) return [];
    return (Object.keys(tier) as (keyof Tier)[])
      .filter((field) => JSON.stringify(old[field]) !== JSON.stringify(tier[field]))
      .map((field) => ({ code: tier.code, field, from: old[field], to: tier[field] }));
  });
}

/**
 * PUT /api/admin/tiers: all five tiers at once, under the tiers' row locks. Audited with before and
 * after; a changed threshold queues a re-evaluation of every member (409 TIER_REEVALUATION_RUNNING
 * while one is queued or running). The caller starts the queued re-evaluation after the commit.
 */
export async function putTiers(sc: ServiceContext, body: TiersBody): Promise<{ view: TiersAdminView; queuedReevaluationId: number | null }> {
  const actor = requireStaffActor(sc);
  return inTransaction(sc, async (tx) => {
    await tx.db.select({ code: tiersTable.code }).from(tiersTable).for('update');
    const [active] = await tx.db
      .select({ id: tierReevaluations.id })
      .from(tierReevaluations)
      .where(inArray(tierReevaluations.status, ['queued', 'running']))
      .limit(1);
    if (active) throw new AppError('TIER_REEVALUATION_RUNNING', undefined, { reevaluationId: active.id });
    await checkCouponTemplates(tx.db, body);
    const before = await loadTiers(tx.db);
    for (const tier of body.tiers) {
      const { code, ...fields } = tier;
      await tx.db
        .update(tiersTable)
        .set({ ...fields, updatedAt: tx.now })
        .where(eq(tiersTable.code, code));
    }
    const after = await loadTiers(tx.db);
    const changes = tierChanges(before, after);
    await recordAudit(tx, { action: 'tiers.update', targetType: 'tiers', targetId: null, before: { tiers: before }, after: { tiers: after, changes } });
    const isThresholdChanged = changes.some((change) => change.field === 'growthThreshold');
    const queued = isThresholdChanged ? await queueTierReevaluation(tx, actor.id) : null;
    const view = { tiers: after, settings: await loadMembershipSettings(tx.db), reevaluation: queued ?? (await latestReevaluation(tx.db)) };
    return { view, queuedReevaluationId: queued?.id ?? null };
  });
}

/** PUT /api/admin/membership-settings: the whole settings object (missing fields take their defaults); audited. */
export async function putMembershipSettings(sc: ServiceContext, settings: MembershipSettings): Promise<MembershipSettings> {
  return inTransaction(sc, async (tx) => {
    await tx.db.insert(membershipSettings).values({ id: 1, settings: {}, updatedAt: tx.now }).onConflictDoNothing({ target: membershipSettings.id });
    await tx.db.select({ id: membershipSettings.id }).from(membershipSettings).where(eq(membershipSettings.id, 1)).for('update');
    const before = await loadMembershipSettings(tx.db);
    await tx.db.update(membershipSettings).set({ settings, updatedAt: tx.now }).where(eq(membershipSettings.id, 1));
    await recordAudit(tx, { action: 'membership_settings.update', targetType: 'membership_settings', targetId: 1, before, after: settings });
    return settings;
  });
}
