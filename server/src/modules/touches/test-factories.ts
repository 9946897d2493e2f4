import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { channelCodes, channels, devices, domainEvents, memberAttribution, smsLinkRecipients, smsLinks, touches } from '../../db/schema';
import type { TestApp } from '../../testing/test-app';
import type { TestMember } from '../../testing/fixtures';

/** A channel with one active code; returns both ids and the code's scene. */
export async function createChannelWithCode(t: TestApp, overrides: { kind?: string; name?: string; scene?: string } = {}) {
  const [channel] = await t.deps.db
    .insert(channels)
    .values({ kind: overrides.kind ?? 'package_card', name: overrides.name ?? `渠道 ${crypto.randomBytes(3).toString('hex')}` })
    .returning({ id: channels.id });
  if (!channel) throw new Error('channel insert returned nothing');
  const scene = overrides.scene ?? `c=${crypto.randomBytes(4).toString('base64url').replace(/[-_]/g, 'x').slice(0, 6)}`;
  const [code] = await t.deps.db.insert(channelCodes).values({ channelId: channel.id, scene }).returning({ id: channelCodes.id });
  if (!code) throw new Error('code insert returned nothing');
  return { channelId: channel.id, codeId: code.id, scene };
}

export async function retireCode(t: TestApp, codeId: number): Promise<void> {
  await t.deps.db.update(channelCodes).set({ status: 'retired', retiredAt: new Date() }).where(eq(channelCodes.id, codeId));
}

/** An SMS link of the code with one recipient token for `phone`; returns the token. */
export async function createSmsRecipient(t: TestApp, channelId: number, codeId: number, phone: string): Promise<string> {
  const [link] = await t.deps.db
    .insert(smsLinks)
    .values({ channelId, codeId, urlLink: 'https://wxaurl.cn/test', expiresAt: new Date(Date.now() + 86_400_000) })
    .returning({ id: smsLinks.id });
  if (!link) throw new Error('sms link insert returned nothing');
  const token = crypto.randomBytes(8).toString('hex').slice(0, 10);
  await t.deps.db.insert(smsLinkRecipients).values({ token, smsLinkId: link.id, phoneHash: t.deps.phoneCrypto.hash(phone) });
  return token;
}

export const newDeviceId = () => `dev_${crypto.randomBytes(12).toString('hex')}`;

export async function touchesOfDevice(t: TestApp, deviceId: string) {
  return t.deps.db.select().from(touches).where(eq(touches.deviceId, deviceId)).orderBy(touches.id);
}

export async function deviceRow(t: TestApp, deviceId: string) {
  const [row] = await t.deps.db.select().from(devices).where(eq(devices.deviceId, deviceId));
  return row;
}

export async function attributionOf(t: TestApp, memberId: number) {
  const [row] = await t.deps.db.select().from(memberAttribution).where(eq(memberAttribution.memberId, memberId));
  return row;
}

export async function eventsOf(t: TestApp, type: string, filter: { memberId?: number; orderId?: number } = {}) {
  const conditions = [eq(domainEvents.type, type)];
  if (filter.memberId !== undefined) conditions.push(eq(domainEvents.memberId, filter.memberId));
  if (filter.orderId !== undefined) conditions.push(eq(domainEvents.orderId, filter.orderId));
  return t.deps.db
    .select()
    .from(domainEvents)
    .where(and(...conditions))
    .orderBy(domainEvents.id);
}

/** Logs a simulated WeChat user in with a device id (the mini-program's login). */
export async function loginWithDevice(t: TestApp, deviceId: string, userKey = `u${crypto.randomBytes(5).toString('hex')}`): Promise<TestMember> {
  const { code, openid } = await t.simulator.mintLoginCode(userKey);
  const res = await t.request().post('/api/auth/wechat').send({ code, deviceId });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${JSON.stringify(res.body)}`);
  const body = res.body as { member: { id: number }; accessToken: string; refreshToken: string };
  return { id: body.member.id, openid, accessToken: body.accessToken, refreshToken: body.refreshToken, auth: { Authorization: `Bearer ${body.accessToken}` } };
}

/** Inserts a touch directly (attribution table tests set exact times). */
export async function insertTouch(t: TestApp, values: Partial<typeof touches.$inferInsert> & { occurredAt: Date }): Promise<number> {
  const [row] = await t.deps.db
    .insert(touches)
    .values({ source: 'app_launch', status: values.channelId ? 'matched' : 'organic', ...values })
    .returning({ id: touches.id });
  if (!row) throw new Error('touch insert returned nothing');
  return row.id;
}
