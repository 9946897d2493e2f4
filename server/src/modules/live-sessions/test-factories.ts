import crypto from 'node:crypto';
import type { LiveSessionView, PromoCodeView } from '@siyu/shared';
import { orders } from '../../db/schema';
import type { TestApp } from '../../testing/test-app';
import type { Auth } from '../catalog/test-factories';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** An ISO time `offsetMs` from the test app's clock. */
export function isoFromNow(t: TestApp, offsetMs: number): string {
  return new Date(t.clock.now().getTime() + offsetMs).toISOString();
}

export interface SessionBody {
  title: string;
  platform: 'miniprogram_live' | 'channels';
  roomId: string;
  hostName: string;
  startsAt: string;
  endsAt: string;
}

/** A session body starting in an hour and lasting two, unless told otherwise. */
export function buildSession(t: TestApp, overrides: Partial<SessionBody> = {}): SessionBody {
  return {
    title: `直播${crypto.randomBytes(3).toString('hex')}`,
    platform: 'channels',
    roomId: 'sphTest',
    hostName: '小思',
    startsAt: isoFromNow(t, HOUR),
    endsAt: isoFromNow(t, 3 * HOUR),
    ...overrides,
  };
}

/** POST /api/admin/live-sessions, expecting 201. */
export async function createSession(t: TestApp, auth: Auth, overrides: Partial<SessionBody> = {}): Promise<LiveSessionView> {
  const res = await t.request().post('/api/admin/live-sessions').set(auth).send(buildSession(t, overrides));
  if (res.status !== 201) throw new Error(`createSession: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as LiveSessionView;
}

/** A unique promo code text (letters and digits). */
export function uniqueCode(prefix = 'L'): string {
  return `${prefix}${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
}

/** POST /api/admin/live-sessions/:id/promo-codes, expecting 201; a 满88减18 code unless told otherwise. */
export async function createPromoCode(t: TestApp, auth: Auth, sessionId: number, overrides: Record<string, unknown> = {}): Promise<PromoCodeView> {
  const body = { code: uniqueCode(), rule: { kind: 'threshold_off', tiers: [{ thresholdFen: 8800, offFen: 1800 }] }, ...overrides };
  const res = await t.request().post(`/api/admin/live-sessions/${sessionId}/promo-codes`).set(auth).send(body);
  if (res.status !== 201) throw new Error(`createPromoCode: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as PromoCodeView;
}

/** An order row inserted directly (the report only reads orders), attributed to `liveSessionId`. */
export async function insertOrder(
  t: TestApp,
  values: { memberId: number; liveSessionId: number | null; status: string; payableFen: number; refundedFen?: number },
): Promise<number> {
  const now = t.clock.now();
  const [row] = await t.deps.db
    .insert(orders)
    .values({
      orderNo: `T${crypto.randomBytes(8).toString('hex')}`,
      memberId: values.memberId,
      status: values.status,
      goodsSubtotalFen: values.payableFen,
      discountFen: 0,
      shippingFen: 0,
      payableFen: values.payableFen,
      refundedFen: values.refundedFen ?? 0,
      address: {},
      idempotencyKey: crypto.randomBytes(8).toString('hex'),
      requestHash: 'test',
      paymentExpiresAt: new Date(now.getTime() + 30 * MINUTE),
      liveSessionId: values.liveSessionId,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: orders.id });
  if (!row) throw new Error('order insert returned nothing');
  return row.id;
}
