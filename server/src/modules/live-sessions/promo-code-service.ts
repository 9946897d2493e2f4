import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { PromoCodeView, promoCodeBodySchema } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { promoCodes } from '../../db/schema';
import { AppError, isUniqueViolation } from '../../lib/errors';
import { recordAudit } from '../audit';
import { assessForApproval } from '../promotions/approval';
import { findPromoCode, findSession, promoCodesOf } from './repo';
import { sessionStatus, toPromoCodeView } from './views';

type PromoCodeBody = z.output<typeof promoCodeBodySchema>;

/** Rules a promo code may carry: money off the goods or free shipping (flash prices have their own sales). */
const PROMO_CODE_RULE_KINDS: readonly string[] = ['threshold_off', 'percent_off', 'fixed_off', 'free_shipping'];

/** GET /api/admin/live-sessions/:id/promo-codes */
export async function listPromoCodes(sc: ServiceContext, sessionId: number): Promise<{ items: PromoCodeView[] }> {
  if (!(await findSession(sc.db, sessionId))) throw new AppError('LIVE_SESSION_NOT_FOUND');
  return { items: (await promoCodesOf(sc.db, sessionId)).map(toPromoCodeView) };
}

/**
 * POST /api/admin/live-sessions/:id/promo-codes: codes are stored upper-case under a unique index, so
 * "live88" and "LIVE88" are the same code. A deep or below-cost rule waits for an owner's approval.
 */
export async function createPromoCode(sc: ServiceContext, sessionId: number, body: PromoCodeBody): Promise<PromoCodeView> {
  const actor = requireStaffActor(sc);
  if (!PROMO_CODE_RULE_KINDS.includes(body.rule.kind)) {
    throw new AppError('VALIDATION_FAILED', 'unsupported rule for a promo code', {
      issues: [{ field: 'body.rule.kind', message: `a promo code is ${PROMO_CODE_RULE_KINDS.join(', ')}` }],
    });
  }
  try {
    return await inTransaction(sc, async (tx) => {
      const session = await findSession(tx.db, sessionId, true);
      if (!session) throw new AppError('LIVE_SESSION_NOT_FOUND');
      if (sessionStatus(session, tx.now) === 'ended') throw new AppError('LIVE_SESSION_ENDED');
      const [taken] = await tx.db.select({ id: promoCodes.id }).from(promoCodes).where(eq(promoCodes.code, body.code));
      if (taken) throw new AppError('PROMO_CODE_TAKEN');
      const approval = await assessForApproval(tx.db, body.rule, body.scope);
      const [row] = await tx.db
        .insert(promoCodes)
        .values({ sessionId, ...body, ...approval, createdBy: actor.id, createdAt: tx.now, updatedAt: tx.now })
        .returning();
      if (!row) throw new Error('promo code insert returned nothing');
      const view = toPromoCodeView(row);
      await recordAudit(tx, {
        action: 'promo_code.create',
        targetType: 'promo_code',
        targetId: row.id,
        after: {
          sessionId,
          code: row.code,
          rule: row.rule,
          scope: row.scope,
          graceMinutes: row.graceMinutes,
          perMemberCap: row.perMemberCap,
          totalCap: row.totalCap,
          approvalStatus: row.approvalStatus,
        },
      });
      return view;
    });
  } catch (error) {
    // Two staff adding the same code at once: the unique index decides.
    if (isUniqueViolation(error, 'promo_codes_code_key')) throw new AppError('PROMO_CODE_TAKEN');
    throw error;
  }
}

/** POST /api/admin/promo-codes/:id/stop: the checkout refuses a stopped code from the next order on. */
export async function stopPromoCode(sc: ServiceContext, id: number): Promise<PromoCodeView> {
  return inTransaction(sc, async (tx) => {
    const before = await findPromoCode(tx.db, id, true);
    if (!before) throw new AppError('PROMO_CODE_INVALID');
    const [row] = await tx.db
      .update(promoCodes)
      .set({ status: 'stopped', updatedAt: tx.now })
      .where(and(eq(promoCodes.id, id), eq(promoCodes.status, 'active')))
      .returning();
    if (!row) throw new AppError('PROMO_CODE_STOPPED');
    await recordAudit(tx, {
      action: 'promo_code.stop',
      targetType: 'promo_code',
      targetId: id,
      before: { status: before.status },
      after: { status: row.status },
    });
    return toPromoCodeView(row);
  });
}
