import { and, eq, sql } from 'drizzle-orm';
import { chinaMonth } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { members } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { grantCoupon } from '../coupons';
import { loadTiers } from './settings';

/**
 * The monthly coupon pack (每月券包): each member gets, once per China month, every coupon template of
 * their tier's pack (source key `monthly:<month>:<template>:<member>`, so a rerun grants nothing twice).
 * One transaction per grant: a member over the template's cap is skipped, and a template that is sold
 * out, over budget or stopped ends that template's run. At most `limit` members per template per run;
 * the hourly chore catches up. Returns how many coupons were granted.
 */
export async function grantMonthlyCoupons(sc: ServiceContext, limit = 500): Promise<number> {
  const month = chinaMonth(sc.now);
  let granted = 0;
  for (const tier of await loadTiers(sc.db)) {
    for (const templateId of tier.monthlyCouponTemplateIds) {
      const prefix = `monthly:${month}:${String(templateId)}:`;
      const due = await sc.db
        .select({ id: members.id })
        .from(members)
        .where(and(eq(members.tierCode, tier.code), sql`not exists (select 1 from member_coupons mc where mc.source_key = ${prefix} || ${members.id}::text)`))
        .orderBy(members.id)
        .limit(limit);
      for (const member of due) {
        try {
          await inTransaction(sc, (tx) => grantCoupon(tx, { templateId, memberId: member.id, source: 'perk', sourceKey: `${prefix}${String(member.id)}` }));
          granted += 1;
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          if (error.code !== 'COUPON_CLAIM_CAP_REACHED') break;
        }
      }
    }
  }
  return granted;
}
