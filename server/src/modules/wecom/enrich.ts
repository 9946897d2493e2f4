import type { AppDeps } from '../../deps';
import { inTransaction, type ServiceContext } from '../../context';
import { WecomApiError } from '../../wecom/client';
import { recomputeMemberAttribution } from '../touches';
import { contactsToRefetch, storeUnionid } from './repo';

/** externalcontact/get errors that will not change on a retry: invalid external_userid, no relationship. */
const FINAL_ERRORS = new Set([40096, 84061]);
/** A contact whose fetch failed is tried again with a later callback, after this long. */
const REFETCH_AFTER_MS = 60_000;
const REFETCH_BATCH = 10;

/**
 * After a callback's transaction committed (never inside it: house rule, no HTTP in a transaction):
 * externalcontact/get gives the contact's unionid, which is stored on the contact and its touches and links
 * the member with that unionid, whose acquisition is then recomputed (the WeCom add may predate registration).
 * A failure is logged; the contact (fetchedAt still null) is tried again with a later callback, after a minute.
 * WeCom's final answers (no such contact, no relationship) are stored as "fetched, no unionid".
 */
export async function enrichContacts(deps: AppDeps, sc: ServiceContext, externalUserIds: string[]): Promise<void> {
  const client = deps.wecom;
  if (!client) return;
  for (const externalUserId of externalUserIds) {
    let unionid: string | null;
    try {
      unionid = (await client.getExternalContact(externalUserId)).unionid;
    } catch (error) {
      if (!(error instanceof WecomApiError && FINAL_ERRORS.has(error.errcode))) {
        deps.logger.warn({ err: error, externalUserId }, 'wecom: externalcontact/get failed; tried again with a later callback');
        continue;
      }
      unionid = null;
    }
    await inTransaction(sc, async (tx) => {
      const memberId = await storeUnionid(tx.db, externalUserId, unionid, tx.now);
      if (memberId !== null) await recomputeMemberAttribution(tx.db, memberId, tx.now);
    });
  }
}

/** Enrichments still running (tests await them; shutdown may too). */
const running = new Set<Promise<void>>();

/**
 * Starts `enrichContacts` without waiting for it (the callback has already been answered), for this event's
 * contacts and a few whose earlier fetch failed.
 */
export function enrichInBackground(deps: AppDeps, sc: ServiceContext, externalUserIds: string[]): void {
  const work = contactsToRefetch(sc.db, new Date(sc.now.getTime() - REFETCH_AFTER_MS), REFETCH_BATCH)
    .then((stale) => enrichContacts(deps, sc, [...new Set([...externalUserIds, ...stale])]))
    .catch((error: unknown) => deps.logger.warn({ err: error }, 'wecom: enrichment failed'))
    .finally(() => running.delete(work));
  running.add(work);
}

/** Waits until every background enrichment of this process has finished. */
export async function settleWecomEnrichments(): Promise<void> {
  while (running.size > 0) await Promise.all([...running]);
}
