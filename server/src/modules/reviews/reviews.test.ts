import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { AdminReviewView, MyReviewView, ProductReviewSummaryView, ProductReviewView, ReviewableLineView, StaffRole } from '@siyu/shared';
import { auditLog, growthEntries, media, pointsLots, productReviews } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { checkLedger } from '../points';
import { saveSettings } from '../points/test-factories';
import { buildReviewBody, createSkus, insertOrderWithLines } from './test-factories';

describe.each(testDrivers())('product reviews (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let service: TestStaff;
  let analyst: TestStaff;

  const submit = (member: TestMember, body: Record<string, unknown>) => t.request().post('/api/me/reviews').set(member.auth).send(body);
  const approve = (id: number, staff: TestStaff = service) => t.request().post(`/api/admin/reviews/${id}/approve`).set(staff.auth).send({});
  const reject = (id: number, reason = '内容与商品无关', staff: TestStaff = service) =>
    t.request().post(`/api/admin/reviews/${id}/reject`).set(staff.auth).send({ reason });
  const productReviewsOf = async (productId: number) => {
    const res = await t.request().get(`/api/products/${productId}/reviews`);
    expect(res.status).toBe(200);
    return res.body.items as ProductReviewView[];
  };
  const summaryOf = async (productId: number) => {
    const res = await t.request().get(`/api/products/${productId}/reviews/summary`);
    expect(res.status).toBe(200);
    return res.body as ProductReviewSummaryView;
  };
  const rewardsOf = async (memberId: number) => ({
    growth: await t.deps.db
      .select()
      .from(growthEntries)
      .where(and(eq(growthEntries.memberId, memberId), eq(growthEntries.sourceKey, `action:first_review:${memberId}`))),
    points: await t.deps.db
      .select()
      .from(pointsLots)
      .where(and(eq(pointsLots.memberId, memberId), eq(pointsLots.source, 'review'))),
  });

  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    service = await createStaff(t, 'service');
    analyst = await createStaff(t, 'analyst');
  });
  afterAll(() => t.close());

  describe('POST /api/me/reviews', () => {
    it('accepts a review of a received line as pending, and refuses a second one of the same line', async () => {
      const member = await createMemberDirect(t);
      const skus = await createSkus(t, owner.auth, 2);
      const order = await insertOrderWithLines(t, member.id, skus);
      const res = await submit(member, buildReviewBody(order.lineIds[0] ?? 0, { rating: 4, isAnonymous: true }));
      expect(res.status).toBe(201);
      expect(res.body as MyReviewView).toMatchObject({
        status: 'pending',
        rating: 4,
        orderId: order.orderId,
        productId: skus[0]?.productId,
        isAnonymous: true,
      });
      const again = await submit(member, buildReviewBody(order.lineIds[0] ?? 0));
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('REVIEW_ALREADY_SUBMITTED');
    });

    it('refuses a line of an order not received yet (paid, shipped) or wholly refunded with REVIEW_NOT_RECEIVED', async () => {
      const member = await createMemberDirect(t);
      const [sku] = await createSkus(t, owner.auth, 1);
      for (const status of ['paid', 'shipped', 'refunded'] as const) {
        const order = await insertOrderWithLines(t, member.id, sku ? [sku] : [], status);
        const res = await submit(member, buildReviewBody(order.lineIds[0] ?? 0));
        expect(res.status).toBe(409);
        expect(res.body.error.code).toBe('REVIEW_NOT_RECEIVED');
      }
    });

    it("answers another member's line like a missing one (404 REVIEW_LINE_NOT_FOUND), writing nothing", async () => {
      const [buyer, stranger] = [await createMemberDirect(t), await createMemberDirect(t)];
      const order = await insertOrderWithLines(t, buyer.id, await createSkus(t, owner.auth, 1));
      const res = await submit(stranger, buildReviewBody(order.lineIds[0] ?? 0));
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('REVIEW_LINE_NOT_FOUND');
      expect(await t.deps.db.select().from(productReviews).where(eq(productReviews.orderId, order.orderId))).toHaveLength(0);
    });

    it('takes photos of this shop only: an outside URL is a 400, an unknown library image REVIEW_IMAGE_NOT_FOUND', async () => {
      const member = await createMemberDirect(t);
      const order = await insertOrderWithLines(t, member.id, await createSkus(t, owner.auth, 1));
      const line = order.lineIds[0] ?? 0;
      const outside = await submit(member, buildReviewBody(line, { images: ['https://img.siyu.example/a.jpg'] }));
      expect(outside.status).toBe(400);
      expect(outside.body.error.code).toBe('VALIDATION_FAILED');
      const unknown = await submit(member, buildReviewBody(line, { images: [`/media/${'a'.repeat(32)}.jpg`] }));
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.code).toBe('REVIEW_IMAGE_NOT_FOUND');
      const hash = 'b'.repeat(32);
      await t.deps.db.insert(media).values({ hash, format: 'png', width: 10, height: 10, bytes: 100, originalName: 'a.png', createdAt: t.clock.now() });
      const ok = await submit(member, buildReviewBody(line, { images: [`/media/${hash}.png`, `/media/${hash}-t.webp`] }));
      expect(ok.status).toBe(201);
      expect(ok.body.images).toEqual([`/media/${hash}.png`, `/media/${hash}-t.webp`]);
    });

    it('validates rating (1–5) and text (5–500 characters)', async () => {
      const member = await createMemberDirect(t);
      for (const body of [
        buildReviewBody(1, { rating: 0 }),
        buildReviewBody(1, { rating: 6 }),
        buildReviewBody(1, { content: '好' }),
        buildReviewBody(1, { content: 'x'.repeat(501) }),
      ]) {
        const res = await submit(member, body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('POST /api/me/review-images', () => {
    it('stores a real JPEG for the member (checked by content), which a review may then show; a lying file and a guest are refused', async () => {
      const member = await createMemberDirect(t);
      const pixels = Buffer.alloc(64 * 48 * 3, 0);
      for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 7 + member.id) % 256;
      const jpeg = await sharp(pixels, { raw: { width: 64, height: 48, channels: 3 } })
        .jpeg()
        .toBuffer();
      const res = await t.request().post('/api/me/review-images').set(member.auth).attach('file', jpeg, { filename: 'photo.png', contentType: 'image/png' });
      expect(res.status).toBe(201);
      expect(res.body.url).toMatch(/^\/media\/[0-9a-f]{32}\.jpg$/);
      const served = await t.request().get(res.body.thumbUrl as string);
      expect(served.status).toBe(200);
      expect(served.headers['content-type']).toBe('image/webp');
      const order = await insertOrderWithLines(t, member.id, await createSkus(t, owner.auth, 1));
      const review = await submit(member, buildReviewBody(order.lineIds[0] ?? 0, { images: [res.body.url] }));
      expect(review.status).toBe(201);
      const lying = await t
        .request()
        .post('/api/me/review-images')
        .set(member.auth)
        .attach('file', Buffer.from('not a picture at all'), { filename: 'x.jpg', contentType: 'image/jpeg' });
      expect(lying.status).toBe(415);
      expect(lying.body.error.code).toBe('MEDIA_NOT_IMAGE');
      expect((await t.request().post('/api/me/review-images').attach('file', jpeg, 'a.jpg')).status).toBe(401);
    });
  });

  describe('GET /api/me/reviews and /api/me/reviews/to-write', () => {
    it('lists the lines still to review, and the member sees only their own reviews, pending and rejected included', async () => {
      const [member, other] = [await createMemberDirect(t), await createMemberDirect(t)];
      const order = await insertOrderWithLines(t, member.id, await createSkus(t, owner.auth, 3));
      await insertOrderWithLines(t, member.id, await createSkus(t, owner.auth, 1), 'shipped');
      const toWrite = async () => (await t.request().get('/api/me/reviews/to-write').set(member.auth)).body.items as ReviewableLineView[];
      expect((await toWrite()).map((line) => line.orderLineId).sort()).toEqual([...order.lineIds].sort());
      const first = (await submit(member, buildReviewBody(order.lineIds[0] ?? 0))).body as MyReviewView;
      const second = (await submit(member, buildReviewBody(order.lineIds[1] ?? 0))).body as MyReviewView;
      expect((await reject(second.id)).status).toBe(200);
      expect((await toWrite()).map((line) => line.orderLineId)).toEqual([order.lineIds[2]]);
      const mine = await t.request().get('/api/me/reviews').set(member.auth);
      expect((mine.body.items as MyReviewView[]).map((review) => [review.id, review.status, review.rejectReason])).toEqual([
        [second.id, 'rejected', '内容与商品无关'],
        [first.id, 'pending', null],
      ]);
      const theirs = await t.request().get('/api/me/reviews').set(other.auth);
      expect(theirs.body.items).toEqual([]);
      expect((await t.request().get('/api/me/reviews')).status).toBe(401);
    });
  });

  describe('moderation', () => {
    it('shows only approved reviews on the product page, with the author masked and a summary that adds up', async () => {
      const member = await createMemberDirect(t);
      const [sku] = await createSkus(t, owner.auth, 1);
      const productId = sku?.productId ?? 0;
      const orders = [await insertOrderWithLines(t, member.id, sku ? [sku] : []), await insertOrderWithLines(t, member.id, sku ? [sku] : [])];
      const orders3 = await insertOrderWithLines(t, member.id, sku ? [sku] : []);
      const [a, b, c] = [
        (await submit(member, buildReviewBody(orders[0]?.lineIds[0] ?? 0, { rating: 5 }))).body as MyReviewView,
        (await submit(member, buildReviewBody(orders[1]?.lineIds[0] ?? 0, { rating: 2, isAnonymous: true }))).body as MyReviewView,
        (await submit(member, buildReviewBody(orders3.lineIds[0] ?? 0, { rating: 1 }))).body as MyReviewView,
      ];
      expect(await productReviewsOf(productId)).toEqual([]);
      expect((await summaryOf(productId)).count).toBe(0);
      expect((await approve(a.id)).status).toBe(200);
      expect((await approve(b.id)).status).toBe(200);
      expect((await reject(c.id)).status).toBe(200);
      const shown = await productReviewsOf(productId);
      expect(shown.map((review) => review.id)).toEqual([b.id, a.id]);
      expect(shown[0]?.author).toBe('匿名用户');
      expect(shown[1]?.author).toMatch(/^.\*+.$/);
      expect(await summaryOf(productId)).toMatchObject({ count: 2, averageX10: 35, goodRateBp: 5000, withImages: 0 });
    });

    it('moderates once: a second decision is 409 REVIEW_ALREADY_MODERATED; unknown id 404', async () => {
      const member = await createMemberDirect(t);
      const order = await insertOrderWithLines(t, member.id, await createSkus(t, owner.auth, 1));
      const review = (await submit(member, buildReviewBody(order.lineIds[0] ?? 0))).body as MyReviewView;
      expect((await approve(review.id)).status).toBe(200);
      const again = await reject(review.id);
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'REVIEW_ALREADY_MODERATED', details: { status: 'approved' } });
      expect((await approve(2_000_000_000)).body.error.code).toBe('REVIEW_NOT_FOUND');
    });

    it('audits every decision with the staff member', async () => {
      const member = await createMemberDirect(t);
      const order = await insertOrderWithLines(t, member.id, await createSkus(t, owner.auth, 2));
      const [x, y] = [
        (await submit(member, buildReviewBody(order.lineIds[0] ?? 0))).body as MyReviewView,
        (await submit(member, buildReviewBody(order.lineIds[1] ?? 0))).body as MyReviewView,
      ];
      await approve(x.id);
      await reject(y.id, '含广告');
      const rows = await t.deps.db.select().from(auditLog).where(eq(auditLog.targetType, 'review'));
      expect(rows.find((row) => row.targetId === String(x.id))).toMatchObject({ action: 'review.approve', staffId: service.id });
      expect(rows.find((row) => row.targetId === String(y.id))).toMatchObject({
        action: 'review.reject',
        staffId: service.id,
        after: { status: 'rejected', reason: '含广告' },
      });
    });

    it.each<[StaffRole, number]>([
      ['owner', 200],
      ['operator', 200],
      ['service', 200],
      ['analyst', 403],
    ])('%s may moderate: %i; every role reads the queue', async (role, status) => {
      const staff = role === 'analyst' ? analyst : role === 'service' ? service : role === 'owner' ? owner : await createStaff(t, role);
      const member = await createMemberDirect(t);
      const order = await insertOrderWithLines(t, member.id, await createSkus(t, owner.auth, 1));
      const review = (await submit(member, buildReviewBody(order.lineIds[0] ?? 0))).body as MyReviewView;
      const queue = await t.request().get('/api/admin/reviews?status=pending').set(staff.auth);
      expect(queue.status).toBe(200);
      expect((queue.body.items as AdminReviewView[]).some((item) => item.id === review.id)).toBe(true);
      expect((await approve(review.id, staff)).status).toBe(status);
      expect((await t.request().get('/api/admin/reviews').set(member.auth)).status).toBe(401);
    });
  });

  describe('the first review reward (首次评价)', () => {
    it('credits the growth and points settings once, on the first approved review only, and the ledger adds up', async () => {
      await saveSettings(t.deps.db, { growthForFirstReview: 15, firstReviewPoints: 40 });
      const member = await createMemberDirect(t);
      const order = await insertOrderWithLines(t, member.id, await createSkus(t, owner.auth, 3));
      const reviews = [];
      for (const line of order.lineIds) reviews.push((await submit(member, buildReviewBody(line))).body as MyReviewView);
      // Submitting earns nothing yet; a rejected review earns nothing.
      expect(await rewardsOf(member.id)).toEqual({ growth: [], points: [] });
      await reject(reviews[0]?.id ?? 0);
      expect(await rewardsOf(member.id)).toEqual({ growth: [], points: [] });
      const approved = await approve(reviews[1]?.id ?? 0);
      expect(approved.body.reward).toEqual({ growth: 15, points: 40 });
      const later = await approve(reviews[2]?.id ?? 0);
      expect(later.body.reward).toEqual({ growth: 0, points: 0 });
      const rewards = await rewardsOf(member.id);
      expect(rewards.growth.map((entry) => entry.delta)).toEqual([15]);
      expect(rewards.points.map((lot) => lot.amount)).toEqual([40]);
      const points = await t.request().get('/api/me/points').set(member.auth);
      expect(points.body).toMatchObject({ balance: 40, available: 40, pending: 0, total: 40 });
      expect((await checkLedger(t.deps.db)).mismatches.filter((found) => found.memberId === member.id)).toEqual([]);
      await saveSettings(t.deps.db, {});
    });
  });
});
