import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { channelCodes, channels } from '../../db/schema';
import { queryRows } from '../../lib/sql';
import { TEST_WECOM, type TestApp } from '../../testing/test-app';
import { WxBizMsgCrypt } from '../../wecom/crypto';
import { buildWecomXml, type XmlFields } from '../../wecom/xml';

/** A channel of `kind` with one active code (scene `c=` + 6 random characters unless given). */
export async function createChannelWithCode(
  t: TestApp,
  kind: 'wecom' | 'community' | 'sms' = 'wecom',
  scene = `c=${crypto.randomBytes(6).toString('base64url').slice(0, 6)}`,
): Promise<{ channelId: number; codeId: number; scene: string }> {
  const [channel] = await t.deps.db
    .insert(channels)
    .values({ kind, name: `测试${kind}渠道` })
    .returning({ id: channels.id });
  if (!channel) throw new Error('no channel');
  const [code] = await t.deps.db.insert(channelCodes).values({ channelId: channel.id, scene }).returning({ id: channelCodes.id });
  if (!code) throw new Error('no code');
  return { channelId: channel.id, codeId: code.id, scene };
}

export async function retireCode(t: TestApp, codeId: number): Promise<void> {
  await t.deps.db.update(channelCodes).set({ status: 'retired', retiredAt: t.clock.now() }).where(eq(channelCodes.id, codeId));
}

/** An add_external_contact event as WeCom writes it (CDATA text, bare CreateTime). */
export function addContactXml(fields: { externalUserId: string; state?: string; userId?: string; createTime: number; corpId?: string }): string {
  const event: XmlFields = {
    ToUserName: fields.corpId ?? TEST_WECOM.corpId,
    FromUserName: 'sys',
    CreateTime: fields.createTime,
    MsgType: 'event',
    Event: 'change_external_contact',
    ChangeType: 'add_external_contact',
    UserID: fields.userId ?? 'sales-01',
    ExternalUserID: fields.externalUserId,
    State: fields.state,
  };
  return buildWecomXml(event);
}

export interface SignedCallback {
  query: Record<string, string>;
  body: string;
}

/** A callback POST for `plaintextXml`: encrypted for `receiveId`, signed with `token`, at `timestamp`. */
export function signedCallback(plaintextXml: string, options: { timestamp: number; token?: string; receiveId?: string }): SignedCallback {
  const crypt = new WxBizMsgCrypt({
    token: options.token ?? TEST_WECOM.callbackToken,
    encodingAesKey: TEST_WECOM.encodingAesKey,
    receiveId: options.receiveId ?? TEST_WECOM.corpId,
  });
  const timestamp = String(options.timestamp);
  const nonce = String(crypto.randomInt(1e8, 1e9));
  const { encrypt, signature } = crypt.encryptMessage(plaintextXml, timestamp, nonce);
  return {
    query: { msg_signature: signature, timestamp, nonce },
    body: buildWecomXml({ ToUserName: TEST_WECOM.corpId, Encrypt: encrypt, AgentID: '' }),
  };
}

/** POSTs a signed callback through the app. */
export function postCallback(t: TestApp, callback: SignedCallback) {
  return t.request().post('/api/wecom/callback').query(callback.query).set('Content-Type', 'text/xml').send(callback.body);
}

/** Row counts of what a callback writes. */
export async function wecomCounts(t: TestApp): Promise<{ touches: number; receipts: number; contacts: number; events: number }> {
  const [row] = await queryRows<{ touches: string; receipts: string; contacts: string; events: string }>(
    t.deps.db,
    sql`select (select count(*) from touches where source in ('wecom_contact','wecom_group'))::text as touches,
      (select count(*) from wecom_callback_receipts)::text as receipts,
      (select count(*) from wecom_contacts)::text as contacts,
      (select count(*) from domain_events where type = 'touches.recorded')::text as events`,
  );
  return { touches: Number(row?.touches), receipts: Number(row?.receipts), contacts: Number(row?.contacts), events: Number(row?.events) };
}

export const nowSeconds = (t: TestApp): number => Math.floor(t.clock.now().getTime() / 1000);
