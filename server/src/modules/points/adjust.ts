/** Staff adjustments of a member's points: a mandatory reason, audited in the same transaction. */
import crypto from 'node:crypto';
import { expiryFor, type PointsSummaryView } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { recordAudit } from '../audit';
import { loadMembershipSettings } from '../membership/settings';
import { creditNewLot, lockedBalance } from './ledger';
import { pointsSummary } from './queries';
import { lockAccount } from './repo';
import { debitAvailable } from './spend';

/**
 * POST /api/admin/members/:id/points-adjustments: a positive delta credits a new lot (source 'manual',
 * usable at once, normal expiry); a negative one takes from the available lots like a spend
 * (409 POINTS_INSUFFICIENT). Entries are kind 'adjust', carry the staff id and the reason.
 */
export async function adjustPoints(sc: ServiceContext, memberId: number, body: { delta: number; reason: string }): Promise<PointsSummaryView> {
  const staffId = requireStaffActor(sc).id;
  return inTransaction(sc, async (tx) => {
    const before = (await lockAccount(tx.db, memberId)).pointsBalance;
    const operationKey = `adjust:${crypto.randomUUID()}`;
    if (body.delta > 0) {
      const settings = await loadMembershipSettings(tx.db);
      const window = { availableAt: tx.now, expiresAt: expiryFor(tx.now, settings.pointsExpiryYears) };
      await creditNewLot(
        tx,
        { memberId, amount: body.delta, source: 'manual', sourceKey: operationKey, reason: body.reason, orderId: null, ...window, kind: 'adjust', staffId },
        before,
      );
    } else {
      await debitAvailable(tx, { memberId, points: -body.delta, operationKey, reason: body.reason, kind: 'adjust', staffId });
    }
    const after = await lockedBalance(tx, memberId);
    await recordAudit(tx, {
      action: 'points.adjust',
      targetType: 'member',
      targetId: memberId,
      before: { balance: before },
      after: { balance: after, delta: body.delta, reason: body.reason, operationKey },
    });
    return pointsSummary(tx.db, memberId, tx.now);
  });
}
