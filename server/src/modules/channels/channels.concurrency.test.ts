import { eq, sql } from 'drizzle-orm';
import { channelCodes, channelReach, reachImports, touches } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { callCsv, manyCalls } from '../reach-imports/test-factories';
import { createChannel } from './test-factories';

/** Only a PostgreSQL server runs transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('channels under concurrency on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  it('20 parallel batches of 200 codes: every batch created, 4,000 unique scenes, exact counts and reach', async () => {
    const channel = await createChannel(t, owner);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        t
          .request()
          .post(`/api/admin/channels/${channel.id}/code-batches`)
          .set(owner.auth)
          .send({ quantity: 200, label: `第 ${index + 1} 批` }),
      ),
    );
    expect(results.map((res) => res.status)).toEqual(Array.from({ length: 20 }, () => 201));
    const [codes] = await t.deps.db
      .select({
        n: sql<number>`count(*)::int`,
        scenes: sql<number>`count(distinct ${channelCodes.scene})::int`,
        batches: sql<number>`count(distinct ${channelCodes.batchId})::int`,
      })
      .from(channelCodes)
      .where(eq(channelCodes.channelId, channel.id));
    expect([Number(codes?.n), Number(codes?.scenes), Number(codes?.batches)]).toEqual([4000, 4000, 20]);
    const [reach] = await t.deps.db
      .select({ total: sql<number>`sum(${channelReach.quantity})::int`, rows: sql<number>`count(*)::int` })
      .from(channelReach)
      .where(eq(channelReach.channelId, channel.id));
    expect([Number(reach?.total), Number(reach?.rows)]).toEqual([4000, 20]);
  });

  it('10 parallel imports of the same file: one import (one 201, nine 200 replays of it), nothing doubled', async () => {
    const channel = await createChannel(t, owner, { kind: 'ai_call', name: 'AI 外呼' });
    const csv = callCsv(manyCalls(500));
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.request().post(`/api/admin/channels/${channel.id}/imports/ai-calls`).set(owner.auth).send({ fileName: 'calls.csv', csv }),
      ),
    );
    const statuses = results.map((res) => res.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((res) => res.body.id)).size).toBe(1);
    expect(await t.deps.db.select().from(reachImports).where(eq(reachImports.channelId, channel.id))).toHaveLength(1);
    expect(await t.deps.db.select().from(channelReach).where(eq(channelReach.channelId, channel.id))).toHaveLength(500);
    expect(await t.deps.db.select().from(touches).where(eq(touches.channelId, channel.id))).toHaveLength(250);
  });

  it('an archive waits for a batch being written and then stops new ones', async () => {
    const channel = await createChannel(t, owner);
    const [batch, archive] = await Promise.all([
      t.request().post(`/api/admin/channels/${channel.id}/code-batches`).set(owner.auth).send({ quantity: 2000 }),
      t.request().post(`/api/admin/channels/${channel.id}/archive`).set(owner.auth),
    ]);
    expect(archive.status).toBe(200);
    expect([201, 409]).toContain(batch.status);
    const [codes] = await t.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(channelCodes)
      .where(eq(channelCodes.channelId, channel.id));
    expect(Number(codes?.n)).toBe(batch.status === 201 ? 2000 : 0);
    const late = await t.request().post(`/api/admin/channels/${channel.id}/code-batches`).set(owner.auth).send({ quantity: 1 });
    expect(late.body.error.code).toBe('CHANNEL_ARCHIVED');
  });
});
