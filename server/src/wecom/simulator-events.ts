import crypto from 'node:crypto';
import type { WxBizMsgCrypt } from './crypto';
import { buildWecomXml } from './xml';

/** The WeCom simulator's callbacks: the events it emits and how it delivers them (messaging-protocols.md §1.3). */

/** How a simulated callback went: attempts made (1 + re-deliveries) and the app's last HTTP status. */
export interface Delivery {
  attempts: number;
  status: number | null;
  body: string;
}

/** WeCom re-delivers up to 3 times, only on a timeout or a network failure. */
const REDELIVERIES = 3;

/**
 * change_external_contact / add_external_contact, with the code's State (omitted when empty) and a WelcomeCode
 * (the one given; a random one when omitted; none when null: the console has a welcome message configured).
 */
export function contactAddedXml(input: {
  corpId: string;
  createTime: number;
  userid: string;
  externalUserId: string;
  state: string;
  welcomeCode?: string | null;
}): string {
  return buildWecomXml({
    ToUserName: input.corpId,
    FromUserName: 'sys',
    CreateTime: input.createTime,
    MsgType: 'event',
    Event: 'change_external_contact',
    ChangeType: 'add_external_contact',
    UserID: input.userid,
    ExternalUserID: input.externalUserId,
    State: input.state === '' ? undefined : input.state,
    WelcomeCode: input.welcomeCode === undefined ? crypto.randomBytes(12).toString('hex') : (input.welcomeCode ?? undefined),
  });
}

/**
 * change_external_chat (update, add_member, JoinScene 3 = scanned the group QR, MemChangeList of the joiners).
 * ⚠️ WeCom does not document the join way's state in this event (it is in groupchat/get → member_list[].state);
 * the simulator also sends `<State>`, which the handler uses when present.
 */
export function groupJoinedXml(input: { corpId: string; createTime: number; chatId: string; externalUserId: string; state: string }): string {
  return buildWecomXml({
    ToUserName: input.corpId,
    FromUserName: 'sys',
    CreateTime: input.createTime,
    MsgType: 'event',
    Event: 'change_external_chat',
    ChatId: input.chatId,
    ChangeType: 'update',
    UpdateDetail: 'add_member',
    JoinScene: 3,
    MemChangeCnt: 1,
    MemChangeList: [input.externalUserId],
    State: input.state === '' ? undefined : input.state,
  });
}

/** Encrypts, signs and POSTs an event to `callbackUrl` as WeCom does; re-delivers on a timeout or network failure. */
export async function deliverEvent(
  crypt: WxBizMsgCrypt,
  target: { corpId: string; callbackUrl: string; timeoutMs: number; nowSeconds: number },
  plaintextXml: string,
): Promise<Delivery> {
  const timestamp = String(target.nowSeconds);
  const nonce = String(crypto.randomInt(1e9, 1e10));
  const { encrypt, signature } = crypt.encryptMessage(plaintextXml, timestamp, nonce);
  const body = buildWecomXml({ ToUserName: target.corpId, Encrypt: encrypt, AgentID: '' });
  const url = `${target.callbackUrl}?${new URLSearchParams({ msg_signature: signature, timestamp, nonce }).toString()}`;
  for (let attempts = 1; ; attempts += 1) {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body, signal: AbortSignal.timeout(target.timeoutMs) });
      return { attempts, status: response.status, body: await response.text() };
    } catch {
      if (attempts > REDELIVERIES) return { attempts, status: null, body: '' };
    }
  }
}
