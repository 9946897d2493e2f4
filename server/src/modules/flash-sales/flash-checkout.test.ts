import { and, eq, sql } from 'drizzle-orm';
import { flashSaleMemberPurchases, flashSales, orders } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createAddress, createSellableSku, newKey } from '../orders/test-factories';
import { insertFlashSale } from '../promotions/test-factories';
import { forgetSoldOut, rememberSoldOut, SOLD_OUT_MEMO_MS, soldOutSaleOf } from './sold-out-memo';
import { refuseLostFlashAttempt } from './checkout-guard';
import { inTransaction } from '../../context';

/**
 * The flash-sale fast path of POST /api/orders (issue 11): a sold-out or over-limit attempt is refused
 * before pricing. Observable difference from the full path: the refusal carries no re-priced quote in its
 * details, and nothing is written (no order header, so no idempotency key taken).
 */
describe.each(testDrivers())('flash-sale fast path (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  interface Shopper {
    member: TestMember;
    addressId: number;
  }
  async function shopper(): Promise<Shopper> {
    const member = await createMemberDirect(t);
    return { member, addressId: await createAddress(t, member) };
  }
  /** A ¥100 SKU (free shipping from ¥99) with a running ¥40 flash sale: ¥48 with the ¥8 shipping fee. */
  async function saleOf(options: { totalUnits: number; perMemberLimit?: number }): Promise<{ skuId: number; flashId: number }> {
    const sku = await createSellableSku(t, owner.auth, { privatePriceFen: 10000, publicPriceFen: 20000, costPriceFen: 1, stock: 50 });
    return { skuId: sku.id, flashId: await insertFlashSale(t, sku.id, 4000, options) };
  }
  const FLASH_PAYABLE = 4800;
  const FULL_PAYABLE = 10000;
  const order = (who: Shopper, skuId: number, expectedPayableFen: number, key = newKey()) =>
    t
      .request()
      .post('/api/orders')
      .set(who.member.auth)
      .set('Idempotency-Key', key)
      .send({ lines: [{ skuId, quantity: 1 }], addressId: who.addressId, expectedPayableFen });
  const ordersOf = async (who: Shopper) =>
    (
      await t.deps.db
        .select({ count: sql<number>`count(*)::int` })
        .from(orders)
        .where(eq(orders.memberId, who.member.id))
    )[0]?.count;
  const saleRow = async (flashId: number) => (await t.deps.db.select().from(flashSales).where(eq(flashSales.id, flashId)))[0];

  describe('POST /api/orders', () => {
    it('refuses an attempt on a sold-out sale with FLASH_SALE_SOLD_OUT before pricing, writing nothing', async () => {
      const { skuId, flashId } = await saleOf({ totalUnits: 1 });
      expect((await order(await shopper(), skuId, FLASH_PAYABLE)).status).toBe(201);
      const loser = await shopper();
      const key = newKey();
      const res = await order(loser, skuId, FLASH_PAYABLE, key);
      expect(res.status).toBe(409);
      // The full path would add the re-priced quote; the fast path answers before any pricing.
      expect(res.body.error).toEqual({ code: 'FLASH_SALE_SOLD_OUT', message: expect.any(String), details: { flashSaleId: flashId } });
      expect(await ordersOf(loser)).toBe(0);
      expect(await t.deps.db.select().from(orders).where(eq(orders.idempotencyKey, key))).toEqual([]);
      expect(await saleRow(flashId)).toMatchObject({ soldUnits: 1, totalUnits: 1 });
    });

    it('refuses a member already holding the per-member limit with FLASH_SALE_LIMIT_EXCEEDED before pricing', async () => {
      const { skuId, flashId } = await saleOf({ totalUnits: 10, perMemberLimit: 1 });
      const who = await shopper();
      expect((await order(who, skuId, FLASH_PAYABLE)).status).toBe(201);
      const res = await order(who, skuId, FLASH_PAYABLE);
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({ code: 'FLASH_SALE_LIMIT_EXCEEDED', message: expect.any(String), details: { flashSaleId: flashId, limit: 1 } });
      expect(await ordersOf(who)).toBe(1);
      expect(await saleRow(flashId)).toMatchObject({ soldUnits: 1 });
    });

    it('still sells at the full price to a member who accepted it after the sell-out', async () => {
      const { skuId, flashId } = await saleOf({ totalUnits: 1 });
      expect((await order(await shopper(), skuId, FLASH_PAYABLE)).status).toBe(201);
      const who = await shopper();
      const quote = await t
        .request()
        .post('/api/checkout/quote')
        .set(who.member.auth)
        .send({ lines: [{ skuId, quantity: 1 }] });
      expect(quote.body.payableTotalFen).toBe(FULL_PAYABLE);
      const res = await order(who, skuId, FULL_PAYABLE);
      expect([res.status, res.body.payableFen]).toEqual([201, FULL_PAYABLE]);
      expect(await saleRow(flashId)).toMatchObject({ soldUnits: 1 });
    });

    it("replays the winner's own retry after the sell-out (the key is checked before the fast path)", async () => {
      const { skuId } = await saleOf({ totalUnits: 1 });
      const winner = await shopper();
      const key = newKey();
      const first = await order(winner, skuId, FLASH_PAYABLE, key);
      expect(first.status).toBe(201);
      // A loser first, so this process has seen the sale sold out: holders are still asked of the database.
      expect((await order(await shopper(), skuId, FLASH_PAYABLE)).body.error.code).toBe('FLASH_SALE_SOLD_OUT');
      const again = await order(winner, skuId, FLASH_PAYABLE, key);
      expect([again.status, again.body.id]).toEqual([200, first.body.id]);
    });

    it('reopens the sale when an unpaid order is closed: the next buyer gets the unit at the flash price', async () => {
      const { skuId, flashId } = await saleOf({ totalUnits: 1 });
      const first = await shopper();
      const placed = await order(first, skuId, FLASH_PAYABLE);
      expect(placed.status).toBe(201);
      const next = await shopper();
      expect((await order(next, skuId, FLASH_PAYABLE)).body.error.code).toBe('FLASH_SALE_SOLD_OUT');
      expect((await t.request().post(`/api/orders/${placed.body.id}/cancel`).set(first.member.auth).send({})).status).toBe(200);
      expect(await saleRow(flashId)).toMatchObject({ soldUnits: 0 });
      // This process saw the sale sold out: it asks the database again once its memory has lapsed.
      t.clock.advance(2 * SOLD_OUT_MEMO_MS);
      const res = await order(next, skuId, FLASH_PAYABLE);
      expect([res.status, res.body.payableFen]).toEqual([201, FLASH_PAYABLE]);
      expect(await saleRow(flashId)).toMatchObject({ soldUnits: 1 });
      const held = await t.deps.db
        .select({ memberId: flashSaleMemberPurchases.memberId, quantity: flashSaleMemberPurchases.quantity })
        .from(flashSaleMemberPurchases)
        .where(and(eq(flashSaleMemberPurchases.flashSaleId, flashId)));
      expect(held.sort((a, b) => a.memberId - b.memberId)).toEqual([
        { memberId: first.member.id, quantity: 0 },
        { memberId: next.member.id, quantity: 1 },
      ]);
    });

    it('does not refuse once the sale has ended: the SKU sells at its own price', async () => {
      const { skuId } = await saleOf({ totalUnits: 1 });
      expect((await order(await shopper(), skuId, FLASH_PAYABLE)).status).toBe(201);
      t.clock.advance(61 * 60_000);
      const res = await order(await shopper(), skuId, FULL_PAYABLE);
      expect([res.status, res.body.payableFen]).toEqual([201, FULL_PAYABLE]);
    });

    describe('the in-process sold-out memory', () => {
      /** A running sale with units left in the database, remembered as sold out at `seenAt`, with `holder` holding a unit. */
      async function remembered(seenAt: Date) {
        const { skuId, flashId } = await saleOf({ totalUnits: 10 });
        const holder = await shopper();
        expect((await order(holder, skuId, FLASH_PAYABLE)).status).toBe(201);
        const sale = {
          flashSaleId: flashId,
          skuId,
          privatePriceFen: 10000,
          flashPriceFen: 4000,
          perMemberLimit: 1,
          endsAt: new Date(seenAt.getTime() + 3600_000),
          seenAt,
        };
        await rememberSoldOut(t.deps.db, sale);
        return { skuId, flashId, holder };
      }
      const attemptAt = (memberId: number, skuId: number, now: Date) => ({
        memberId,
        lines: [{ skuId, quantity: 1 }],
        expectedPayableFen: FLASH_PAYABLE,
        shippingFeeFen: 800,
        now,
      });

      it('refuses non-holders without asking the database while fresh, and sends holders to the database', async () => {
        const seenAt = t.clock.now();
        const { skuId, flashId, holder } = await remembered(seenAt);
        const stranger = await shopper();
        const fresh = new Date(seenAt.getTime() + SOLD_OUT_MEMO_MS - 1);
        // The database says 9 units are left: only the memory can refuse this one.
        await expect(refuseLostFlashAttempt(t.deps.db, attemptAt(stranger.member.id, skuId, fresh))).rejects.toMatchObject({
          code: 'FLASH_SALE_SOLD_OUT',
          details: { flashSaleId: flashId },
        });
        await expect(refuseLostFlashAttempt(t.deps.db, attemptAt(holder.member.id, skuId, fresh))).rejects.toMatchObject({ code: 'FLASH_SALE_LIMIT_EXCEEDED' });
        // Inside a transaction the memory is never used.
        await expect(
          inTransaction({ db: t.deps.db, requestId: 'memo', now: fresh, ip: null }, (tx) =>
            refuseLostFlashAttempt(tx.db, attemptAt(stranger.member.id, skuId, fresh)),
          ),
        ).resolves.toEqual({ isKeyTaken: false });
      });

      it('after a period sends one request to the database, which forgets a sale that has units again', async () => {
        const seenAt = t.clock.now();
        const { skuId } = await remembered(seenAt);
        const stale = new Date(seenAt.getTime() + SOLD_OUT_MEMO_MS);
        expect(soldOutSaleOf(t.deps.db, skuId, stale)).toBeUndefined(); // the first caller asks the database…
        expect(soldOutSaleOf(t.deps.db, skuId, stale)).toMatchObject({ skuId, isRefreshing: true }); // …the others keep the answer
        const stranger = await shopper();
        await expect(refuseLostFlashAttempt(t.deps.db, attemptAt(stranger.member.id, skuId, new Date(stale.getTime() + 1)))).rejects.toMatchObject({
          code: 'FLASH_SALE_SOLD_OUT',
        });
        forgetSoldOut(t.deps.db, skuId);
        await expect(refuseLostFlashAttempt(t.deps.db, attemptAt(stranger.member.id, skuId, stale))).resolves.toEqual({ isKeyTaken: false });
        expect(soldOutSaleOf(t.deps.db, skuId, stale)).toBeUndefined();
      });

      it('never answers past twice its period or past the end of the sale', async () => {
        const seenAt = t.clock.now();
        const { skuId } = await remembered(seenAt);
        expect(soldOutSaleOf(t.deps.db, skuId, new Date(seenAt.getTime() + 2 * SOLD_OUT_MEMO_MS))).toBeUndefined();
        const again = await remembered(seenAt);
        expect(soldOutSaleOf(t.deps.db, again.skuId, new Date(seenAt.getTime() + 3600_000))).toBeUndefined();
      });
    });
  });
});
