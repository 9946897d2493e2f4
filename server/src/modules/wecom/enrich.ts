import type { AppDeps } from '../../deps';
import { inTransaction, type ServiceContext } from '../../context';
import { recomputeMemberAttribution } from '../touches';
import { storeUnionid } from './repo';

/**
 * After a callback's transaction committed (never inside it: house rule, no HTTP in a transaction):
 * externalcontact/get gives the contact's unionid, which is stored on the contact and its touches and links
 * the member with that unionid, whose acquisition is then recomputed (the WeCom add may predate registration).
 * A failure is logged and left for the next event of that contact (its unionid stays null).
 */
export async function enrichContacts(deps: AppDeps, sc: ServiceContext, externalUserIds: string[]): Promise<void> {
  const client = deps.wecom;
  if (!client) return;
  for (const externalUserId of externalUserIds) {
    try {
      const contact = await client.getExternalContact(externalUserId);
      await inTransaction(sc, async (tx) => {
        const memberId = await storeUnionid(tx.db, externalUserId, contact.unionid, tx.now);
        if (memberId !== null) await recomputeMemberAttribution(tx.db, memberId, tx.now);
      });
    } catch (error) {
      deps.logger.warn({ err: error, externalUserId }, 'wecom: externalcontact/get failed; unionid left for later');
    }
  }
}

/** Enrichments still running (tests await them; shutdown may too). */
const running = new Set<Promise<void>>();

/** Starts `enrichContacts` without waiting for it (the callback has already been answered). */
export function enrichInBackground(deps: AppDeps, sc: ServiceContext, externalUserIds: string[]): void {
  if (externalUserIds.length === 0) return;
  const work = enrichContacts(deps, sc, externalUserIds).finally(() => running.delete(work));
  running.add(work);
}

/** Waits until every background enrichment of this process has finished. */
export async function settleWecomEnrichments(): Promise<void> {
  while (running.size > 0) await Promise.all([...running]);
}
