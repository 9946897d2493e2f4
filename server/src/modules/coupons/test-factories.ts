import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AdminSku, CouponTemplateView, MemberCouponView } from '@siyu/shared';
import { auditLog, couponTemplates, memberCoupons, orders } from '../../db/schema';
import { MEMBER_ACCESS_TTL_SECONDS, signAccessToken } from '../../lib/tokens';
import type { TestMember } from '../../testing/fixtures';
import type { TestApp } from '../../testing/test-app';
import type { Auth } from '../catalog/test-factories';
import { createSellableSku } from '../orders/test-factories';

/** Test data for coupons: `buildTemplateBody` returns a request body, `createTemplate` goes through the API. */

const DAY_MS = 24 * 3600 * 1000;

/**
 * The store's cheapest SKU: private ¥100, cost ¥20. The maker-checker measures a fixed amount against
 * the cheapest SKU in scope (and assumes the worst in an empty store), so tests of coupons that need no
 * approval create it first.
 */
export async function createStoreSku(t: TestApp, staffAuth: Auth): Promise<AdminSku> {
  return createSellableSku(t, staffAuth, { publicPriceFen: 20_000, privatePriceFen: 10_000, costPriceFen: 2000, stock: 100 });
}

export interface TemplateBodyOverrides {
  name?: string;
  description?: string;
  rule?: Record<string, unknown>;
  scope?: Record<string, unknown>;
  validity?: Record<string, unknown>;
  claimStartsAt?: string | null;
  claimEndsAt?: string | null;
  visibility?: 'public' | 'hidden';
  totalCount?: number | null;
  budgetFen?: number | null;
  perMemberCap?: number;
  [key: string]: unknown;
}

/** A public ¥10-off coupon valid for 30 days from the app clock's now, claimable now, one per member. */
export function buildTemplateBody(t: TestApp, overrides: TemplateBodyOverrides = {}): TemplateBodyOverrides {
  const now = t.clock.now().getTime();
  return {
    name: `券${crypto.randomBytes(3).toString('hex')}`,
    rule: { kind: 'fixed_off', offFen: 1000 },
    validity: { kind: 'window', validFrom: new Date(now - DAY_MS).toISOString(), validTo: new Date(now + 30 * DAY_MS).toISOString() },
    visibility: 'public',
    ...overrides,
  };
}

export function postTemplate(t: TestApp, auth: Auth, body: TemplateBodyOverrides) {
  return t.request().post('/api/admin/coupon-templates').set(auth).send(body);
}

/** POST /api/admin/coupon-templates, expecting 201. */
export async function createTemplate(t: TestApp, auth: Auth, overrides: TemplateBodyOverrides = {}): Promise<CouponTemplateView> {
  const res = await postTemplate(t, auth, buildTemplateBody(t, overrides));
  if (res.status !== 201) throw new Error(`createTemplate: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CouponTemplateView;
}

/** The member with a new access token, for after the clock has moved past the old one's lifetime. */
export function withFreshToken(t: TestApp, member: TestMember): TestMember {
  const accessToken = signAccessToken(t.deps.config.jwtSecret, 'siyu:member', member.id, MEMBER_ACCESS_TTL_SECONDS, t.clock.now());
  return { ...member, accessToken, auth: { Authorization: `Bearer ${accessToken}` } };
}

export function claim(t: TestApp, member: TestMember, templateId: number) {
  return t.request().post(`/api/coupons/center/${templateId}/claim`).set(member.auth).send();
}

/** Claims a coupon, expecting 201. */
export async function claimOk(t: TestApp, member: TestMember, templateId: number): Promise<MemberCouponView> {
  const res = await claim(t, member, templateId);
  if (res.status !== 201) throw new Error(`claim: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as MemberCouponView;
}

export async function templateRow(t: TestApp, id: number) {
  const [row] = await t.deps.db.select().from(couponTemplates).where(eq(couponTemplates.id, id));
  if (!row) throw new Error(`no template ${id}`);
  return row;
}

export async function memberCouponsOf(t: TestApp, memberId: number, templateId: number) {
  return t.deps.db
    .select()
    .from(memberCoupons)
    .where(and(eq(memberCoupons.memberId, memberId), eq(memberCoupons.templateId, templateId)))
    .orderBy(memberCoupons.id);
}

/** Audit rows of a template, oldest first. */
export async function auditOf(t: TestApp, templateId: number) {
  return t.deps.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, 'coupon_template'), eq(auditLog.targetId, String(templateId))))
    .orderBy(auditLog.id);
}

/** An order row written directly (the report only reads status and payable). */
export async function insertOrder(t: TestApp, memberId: number, status: string, payableFen: number): Promise<number> {
  const [row] = await t.deps.db
    .insert(orders)
    .values({
      orderNo: `T${crypto.randomBytes(8).toString('hex')}`,
      memberId,
      status,
      goodsSubtotalFen: payableFen,
      discountFen: 0,
      shippingFen: 0,
      payableFen,
      address: {},
      idempotencyKey: crypto.randomUUID(),
      requestHash: 'test',
      paymentExpiresAt: t.clock.now(),
    })
    .returning({ id: orders.id });
  if (!row) throw new Error('order insert returned nothing');
  return row.id;
}

/** What checkout will do on payment: the coupon is used on `orderId` and took `discountFen` off. */
export async function markUsed(t: TestApp, memberCouponId: number, orderId: number, discountFen: number): Promise<void> {
  await t.deps.db
    .update(memberCoupons)
    .set({ status: 'used', usedOrderId: orderId, usedAt: t.clock.now(), discountFen })
    .where(eq(memberCoupons.id, memberCouponId));
}
