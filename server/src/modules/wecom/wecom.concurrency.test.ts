import { eq } from 'drizzle-orm';
import { touches, wecomCallbackReceipts } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { settleWecomEnrichments } from './enrich';
import { addContactXml, createChannelWithCode, nowSeconds, postCallback, signedCallback, wecomCounts } from './test-factories';

/** Only a PostgreSQL server runs transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('WeCom callback under concurrency on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
  });
  afterAll(async () => {
    await settleWecomEnrichments();
    await t.close();
  });

  it('the same callback delivered 20 times in parallel → exactly one touch, one receipt, one event', async () => {
    const code = await createChannelWithCode(t, 'wecom');
    const xml = addContactXml({ externalUserId: 'wmParallel0001', state: code.scene, createTime: nowSeconds(t) });
    const before = await wecomCounts(t);
    const results = await Promise.all(Array.from({ length: 20 }, () => postCallback(t, signedCallback(xml, { timestamp: nowSeconds(t) }))));
    expect(results.map((res) => res.status)).toEqual(Array.from({ length: 20 }, () => 200));
    const rows = await t.deps.db.select().from(touches).where(eq(touches.externalUserId, 'wmParallel0001'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'matched', channelId: code.channelId });
    const after = await wecomCounts(t);
    expect(after).toEqual({ touches: before.touches + 1, receipts: before.receipts + 1, contacts: before.contacts + 1, events: before.events + 1 });
    expect(await t.deps.db.select().from(wecomCallbackReceipts)).toHaveLength(after.receipts);
  });
});
