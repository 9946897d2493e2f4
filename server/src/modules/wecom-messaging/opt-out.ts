import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { wecomContacts } from '../../db/schema';
import { recordOptOut } from '../messaging/consent';

/**
 * del_follow_user (the customer deleted the staff member) or del_external_contact (the staff member deleted
 * the customer): the member's WeCom marketing consent is withdrawn (PIPL art. 15; messaging-protocols.md §4
 * rule 9), in the callback's transaction. A contact not linked to a member changes nothing.
 */
export async function optOutOnContactDeleted(db: Executor, externalUserId: string, changeType: string, at: Date): Promise<void> {
  const [contact] = await db.select({ memberId: wecomContacts.memberId }).from(wecomContacts).where(eq(wecomContacts.externalUserId, externalUserId));
  if (!contact?.memberId) return;
  await recordOptOut(db, contact.memberId, 'wecom', 'wecom_delete', `${changeType}:${externalUserId}`, at);
}
