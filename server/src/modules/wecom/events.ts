import crypto from 'node:crypto';
import { inTransaction, type ServiceContext } from '../../context';
import { AppError } from '../../lib/errors';
import { xmlText, type XmlElement, type XmlValue } from '../../wecom/xml';
import { appendEvent } from '../events';
import { optOutOnContactDeleted, welcomeOnContactAdded } from '../wecom-messaging';
import { insertReceipt, insertTouchRows, markContactDeleted, resolveState, upsertContact, type NewWecomTouch } from './repo';

/**
 * The effect of one decrypted customer-contact event, in one transaction with its receipt: a re-delivery
 * (same ToUserName, ChangeType, UserID or ChatId, ExternalUserID, CreateTime) finds the receipt and does
 * nothing. Returns the external contacts whose unionid is still to be fetched (after commit).
 */

const ADD_CHANGES = new Set(['add_external_contact', 'add_half_external_contact']);
const DELETE_CHANGES = new Set(['del_external_contact', 'del_follow_user']);
const MAX_ID = 128;

function field(event: XmlElement, name: string, required = true): string | undefined {
  const value = xmlText(event, name);
  if (required && (value === undefined || value === '' || value.length > MAX_ID)) {
    throw new AppError('WECOM_CALLBACK_INVALID', undefined, { field: name });
  }
  return value === '' ? undefined : value;
}

function createTimeOf(event: XmlElement): number {
  const text = field(event, 'CreateTime') ?? '';
  if (!/^\d{1,12}$/.test(text)) throw new AppError('WECOM_CALLBACK_INVALID', undefined, { field: 'CreateTime' });
  return Number(text);
}

function dedupeKeyOf(parts: (string | number)[]): string {
  return crypto.createHash('sha256').update(parts.map(String).join('\u0000')).digest('hex');
}

/** The State of a code: what WeCom echoes (≤ 30); anything longer cannot be one of ours. */
function stateOf(event: XmlElement): string | null {
  const state = xmlText(event, 'State');
  return state ? state.slice(0, 64) : null;
}

function itemsOf(value: XmlValue | XmlValue[] | undefined): string[] {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return [];
  const items = value.Item;
  const list = items === undefined ? [] : Array.isArray(items) ? items : [items];
  return list.filter((item): item is string => typeof item === 'string' && item !== '' && item.length <= MAX_ID);
}

async function recordTouches(sc: ServiceContext, rows: NewWecomTouch[]): Promise<void> {
  const touchIds = await insertTouchRows(sc.db, rows);
  if (touchIds.length > 0) {
    const memberId = rows.length === 1 ? (rows[0]?.memberId ?? null) : null;
    await appendEvent(sc.db, { type: 'touches.recorded', occurredAt: sc.now, memberId, payload: { touchIds } });
  }
}

/** add_external_contact (and the half-added variant): the contact, one touch with its State. */
async function applyContactAdd(sc: ServiceContext, corpId: string, event: XmlElement, changeType: string): Promise<string[]> {
  const userId = field(event, 'UserID') ?? '';
  const externalUserId = field(event, 'ExternalUserID') ?? '';
  const createTime = createTimeOf(event);
  const key = dedupeKeyOf([corpId, changeType, userId, externalUserId, createTime]);
  if (!(await insertReceipt(sc.db, { dedupeKey: key, event: 'change_external_contact', changeType, createTime }))) return [];
  const state = stateOf(event);
  const at = new Date(createTime * 1000);
  const contact = await upsertContact(sc.db, { externalUserId, followUserId: userId, state, at });
  const resolution = await resolveState(sc.db, state);
  await recordTouches(sc, [
    {
      occurredAt: at,
      source: 'wecom_contact',
      ...resolution,
      scene: state,
      externalUserId,
      unionid: contact.unionid,
      memberId: contact.memberId,
      dedupeKey: `wecom:${key}`,
    },
  ]);
  return contact.unionid ? [] : [externalUserId];
}

/** change_external_chat update/add_member: a touch per joiner with the join way's State (⚠️ see the simulator). */
async function applyGroupJoin(sc: ServiceContext, corpId: string, event: XmlElement): Promise<string[]> {
  const chatId = field(event, 'ChatId') ?? '';
  const createTime = createTimeOf(event);
  const joiners = [...new Set(itemsOf(event.MemChangeList))].sort();
  if (joiners.length === 0) return [];
  const key = dedupeKeyOf([corpId, 'update:add_member', chatId, joiners.join(','), createTime]);
  if (!(await insertReceipt(sc.db, { dedupeKey: key, event: 'change_external_chat', changeType: 'update:add_member', createTime }))) return [];
  const state = stateOf(event);
  const at = new Date(createTime * 1000);
  const resolution = await resolveState(sc.db, state);
  const rows: NewWecomTouch[] = [];
  const toFetch: string[] = [];
  for (const externalUserId of joiners) {
    const contact = await upsertContact(sc.db, { externalUserId, followUserId: null, state, at });
    if (!contact.unionid) toFetch.push(externalUserId);
    rows.push({
      occurredAt: at,
      source: 'wecom_group',
      ...resolution,
      scene: state,
      externalUserId,
      unionid: contact.unionid,
      memberId: contact.memberId,
      dedupeKey: `wecom:${key}:${externalUserId}`,
    });
  }
  await recordTouches(sc, rows);
  return toFetch;
}

async function applyContactDelete(sc: ServiceContext, corpId: string, event: XmlElement, changeType: string): Promise<string[]> {
  const userId = field(event, 'UserID') ?? '';
  const externalUserId = field(event, 'ExternalUserID') ?? '';
  const createTime = createTimeOf(event);
  const key = dedupeKeyOf([corpId, changeType, userId, externalUserId, createTime]);
  if (await insertReceipt(sc.db, { dedupeKey: key, event: 'change_external_contact', changeType, createTime })) {
    await markContactDeleted(sc.db, externalUserId, new Date(createTime * 1000));
    await optOutOnContactDeleted(sc.db, externalUserId, changeType, new Date(createTime * 1000));
  }
  return [];
}

/** Applies one event (other events and change types are acknowledged and ignored). */
export async function applyWecomEvent(sc: ServiceContext, corpId: string, event: XmlElement): Promise<string[]> {
  const kind = xmlText(event, 'Event');
  const changeType = xmlText(event, 'ChangeType') ?? '';
  if (kind === 'change_external_contact' && ADD_CHANGES.has(changeType)) {
    const toFetch = await inTransaction(sc, (tx) => applyContactAdd(tx, corpId, event, changeType));
    // The welcome code lasts 20 s: sent right after the commit, in the background (the callback is answered first).
    welcomeOnContactAdded(sc, event);
    return toFetch;
  }
  if (kind === 'change_external_contact' && DELETE_CHANGES.has(changeType)) {
    return inTransaction(sc, (tx) => applyContactDelete(tx, corpId, event, changeType));
  }
  if (kind === 'change_external_chat' && changeType === 'update' && xmlText(event, 'UpdateDetail') === 'add_member') {
    return inTransaction(sc, (tx) => applyGroupJoin(tx, corpId, event));
  }
  return [];
}
