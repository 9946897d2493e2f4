import { and, eq, sql } from 'drizzle-orm';
import { flashSaleMemberPurchases, flashSales, orderPromotionClaims, orders } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createAddress, createSellableSku, newKey } from '../orders/test-factories';
import { insertFlashSale } from '../promotions/test-factories';
import { SOLD_OUT_MEMO_MS } from './sold-out-memo';
import { buildFlashSale, createFlashSale, createFlashSku } from './test-factories';

const MINUTE = 60 * 1000;

/** Only a PostgreSQL server can run transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('flash sales under concurrency on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  it('POST /api/admin/flash-sales: of 20 parallel overlapping sales on one SKU exactly one is created', async () => {
    const { skuId } = await createFlashSku(t, owner.auth);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t
          .request()
          .post('/api/admin/flash-sales')
          .set(owner.auth)
          .send(buildFlashSale(t, skuId, { title: `并发${i}` })),
      ),
    );
    expect(responses.filter((res) => res.status === 201)).toHaveLength(1);
    expect(responses.filter((res) => res.status === 409 && res.body.error.code === 'FLASH_SALE_OVERLAP')).toHaveLength(19);
    expect(await t.deps.db.select().from(flashSales).where(eq(flashSales.skuId, skuId))).toHaveLength(1);
  });

  it('PATCH /api/admin/flash-sales/:id: of 10 parallel moves of two sales into one slot exactly one wins', async () => {
    const { skuId } = await createFlashSku(t, owner.auth);
    const now = t.clock.now().getTime();
    const slot = (start: number) => ({ startsAt: new Date(now + start * MINUTE).toISOString(), endsAt: new Date(now + (start + 30) * MINUTE).toISOString() });
    const a = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId, slot(60)));
    const b = await createFlashSale(t, owner.auth, buildFlashSale(t, skuId, slot(120)));
    const target = slot(200);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t
          .request()
          .patch(`/api/admin/flash-sales/${i % 2 === 0 ? a.id : b.id}`)
          .set(owner.auth)
          .send(target),
      ),
    );
    const moved = responses.filter((res) => res.status === 200);
    // The winner's repeats change nothing and succeed; the other sale's moves all overlap.
    expect(new Set(moved.map((res) => res.body.id)).size).toBe(1);
    expect(responses.filter((res) => res.status === 409).every((res) => res.body.error.code === 'FLASH_SALE_OVERLAP')).toBe(true);
    expect(moved.length + responses.filter((res) => res.status === 409).length).toBe(10);
    const inSlot = (await t.deps.db.select().from(flashSales).where(eq(flashSales.skuId, skuId))).filter(
      (row) => row.startsAt.toISOString() === target.startsAt,
    );
    expect(inSlot).toHaveLength(1);
  });

  describe('POST /api/orders on a flash sale (the fast path before pricing)', () => {
    const buyers = (count: number) =>
      Promise.all(
        Array.from({ length: count }, async () => {
          const member = await createMemberDirect(t);
          return { member, addressId: await createAddress(t, member) };
        }),
      );
    /** ¥100 SKU, ¥30 flash price: ¥38 with the ¥8 shipping fee. */
    const FLASH_PAYABLE = 3800;
    const order = (member: TestMember, addressId: number, skuId: number) =>
      t
        .request()
        .post('/api/orders')
        .set(member.auth)
        .set('Idempotency-Key', newKey())
        .send({ lines: [{ skuId, quantity: 1 }], addressId, expectedPayableFen: FLASH_PAYABLE });
    async function ledger(flashId: number) {
      const [sale] = await t.deps.db.select().from(flashSales).where(eq(flashSales.id, flashId));
      const [held] = await t.deps.db
        .select({ sum: sql<number>`coalesce(sum(${flashSaleMemberPurchases.quantity}), 0)::int` })
        .from(flashSaleMemberPurchases)
        .where(eq(flashSaleMemberPurchases.flashSaleId, flashId));
      const [claims] = await t.deps.db
        .select({ count: sql<number>`count(*)::int` })
        .from(orderPromotionClaims)
        .innerJoin(orders, eq(orders.id, orderPromotionClaims.orderId))
        .where(
          and(
            eq(orderPromotionClaims.kind, 'flash_sale'),
            eq(orderPromotionClaims.refId, flashId),
            eq(orderPromotionClaims.status, 'reserved'),
            eq(orders.status, 'pending_payment'),
          ),
        );
      return { soldUnits: sale?.soldUnits, held: held?.sum, liveClaims: claims?.count };
    }

    it('150 members for 30 units: exactly 30 orders; 60 more after the sell-out are all refused before pricing with FLASH_SALE_SOLD_OUT', async () => {
      const sku = await createSellableSku(t, owner.auth, { stock: 500, privatePriceFen: 10000, publicPriceFen: 20000, costPriceFen: 1 });
      const flashId = await insertFlashSale(t, sku.id, 3000, { totalUnits: 30, perMemberLimit: 1 });
      const rush = await Promise.all((await buyers(150)).map(({ member, addressId }) => order(member, addressId, sku.id)));
      expect(rush.filter((res) => res.status === 201)).toHaveLength(30);
      expect(new Set(rush.filter((res) => res.status !== 201).map((res) => `${res.status} ${res.body.error.code}`))).toEqual(
        new Set(['409 FLASH_SALE_SOLD_OUT']),
      );
      const late = await buyers(60);
      const after = await Promise.all(late.map(({ member, addressId }) => order(member, addressId, sku.id)));
      // The fast path's refusal carries no re-priced quote (the order transaction's would).
      expect(after.map((res) => [res.status, res.body.error])).toEqual(
        Array(60).fill([409, { code: 'FLASH_SALE_SOLD_OUT', message: expect.any(String), details: { flashSaleId: flashId } }]),
      );
      const [placedByLate] = await t.deps.db
        .select({ count: sql<number>`count(*)::int` })
        .from(orders)
        .where(
          sql`${orders.memberId} in (${sql.join(
            late.map(({ member }) => sql`${member.id}`),
            sql`, `,
          )})`,
        );
      expect(placedByLate?.count).toBe(0);
      expect(await ledger(flashId)).toEqual({ soldUnits: 30, held: 30, liveClaims: 30 });
    }, 180_000);

    it('10 winners cancelling while 40 new members buy: the units come back and are sold at most once, ledgers agree', async () => {
      const sku = await createSellableSku(t, owner.auth, { stock: 500, privatePriceFen: 10000, publicPriceFen: 20000, costPriceFen: 1 });
      const flashId = await insertFlashSale(t, sku.id, 3000, { totalUnits: 20, perMemberLimit: 1 });
      const first = await buyers(20);
      const placed = await Promise.all(first.map(({ member, addressId }) => order(member, addressId, sku.id)));
      expect(placed.map((res) => res.status)).toEqual(Array(20).fill(201));
      const newcomers = await buyers(40);
      const [cancels, attempts] = await Promise.all([
        Promise.all(first.slice(0, 10).map(({ member }, i) => t.request().post(`/api/orders/${placed[i]?.body.id}/cancel`).set(member.auth).send({}))),
        Promise.all(newcomers.map(({ member, addressId }) => order(member, addressId, sku.id))),
      ]);
      expect(cancels.map((res) => res.status)).toEqual(Array(10).fill(200));
      const won = attempts.filter((res) => res.status === 201).length;
      expect(attempts.filter((res) => res.status !== 201).every((res) => res.status === 409 && res.body.error.code === 'FLASH_SALE_SOLD_OUT')).toBe(true);
      expect(won).toBeLessThanOrEqual(10);
      expect(await ledger(flashId)).toEqual({ soldUnits: 10 + won, held: 10 + won, liveClaims: 10 + won });
      // Whatever the interleaving, the sale is open again for exactly the units still free (once this process's
      // memory of having seen it sold out has lapsed).
      t.clock.advance(2 * SOLD_OUT_MEMO_MS);
      const last = await Promise.all((await buyers(15)).map(({ member, addressId }) => order(member, addressId, sku.id)));
      expect(last.filter((res) => res.status === 201)).toHaveLength(10 - won);
      expect(await ledger(flashId)).toEqual({ soldUnits: 20, held: 20, liveClaims: 20 });
    }, 180_000);
  });
});
