import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { analyticsSettings, behaviourEvents } from '../../db/schema';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { addMonths, chinaMonth, ensureBehaviourPartitions, listBehaviourPartitions, monthBounds, partitionName, purgeBehaviourPartitions } from './partitions';

const newDeviceId = () => `dev_${crypto.randomBytes(12).toString('hex')}`;

describe.each(testDrivers())('behaviour event partitions (%s)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  /** The partition (table name) a row of the device sits in. */
  const partitionsOf = async (deviceId: string) =>
    (await queryRows<{ p: string }>(t.deps.db, sql`select tableoid::regclass::text as p from behaviour_events where device_id = ${deviceId} order by id`)).map(
      (row) => row.p,
    );
  const insertAt = (deviceId: string, at: Date) =>
    t.deps.db.insert(behaviourEvents).values({ type: 'page_view', occurredAt: at, deviceId, data: { page: 'pages/index/index' } });

  it('is a partitioned table; ensure makes last month … next 2 months, idempotently, and rows land in their month', async () => {
    const [kind] = await queryRows<{ k: string }>(t.deps.db, sql`select relkind::text as k from pg_class where relname = 'behaviour_events'`);
    expect(kind?.k).toBe('p');
    const now = t.clock.now();
    const current = chinaMonth(now);
    await ensureBehaviourPartitions(t.deps.db, now);
    expect(await ensureBehaviourPartitions(t.deps.db, now)).toEqual([]);
    const months = await listBehaviourPartitions(t.deps.db);
    expect(months).toEqual(expect.arrayContaining([-1, 0, 1, 2].map((n) => addMonths(current, n))));

    const deviceId = newDeviceId();
    const res = await t
      .request()
      .post('/api/events')
      .send({ deviceId, events: [{ type: 'page_view', page: 'pages/cart/index' }] });
    expect(res.status).toBe(202);
    // The first instant of next month (China time) goes to next month's partition, the last of this month to this one.
    const { end } = monthBounds(current);
    await insertAt(deviceId, new Date(end.getTime() - 1));
    await insertAt(deviceId, end);
    expect(await partitionsOf(deviceId)).toEqual([partitionName(current), partitionName(current), partitionName(addMonths(current, 1))]);
  });

  it('a row outside every monthly partition lands in the default one and moves into its month once that is made', async () => {
    const deviceId = newDeviceId();
    const far = addMonths(chinaMonth(t.clock.now()), 30);
    await insertAt(deviceId, new Date(monthBounds(far).start.getTime() + 3600_000));
    expect(await partitionsOf(deviceId)).toEqual(['behaviour_events_default']);
    expect(await ensureBehaviourPartitions(t.deps.db, t.clock.now(), [far])).toEqual([far]);
    expect(await partitionsOf(deviceId)).toEqual([partitionName(far)]);
    // The moved partition has the parent's primary key and indexes.
    const [indexes] = await queryRows<{ n: number }>(t.deps.db, sql`select count(*)::int as n from pg_indexes where tablename = ${partitionName(far)}`);
    expect(indexes?.n).toBe(4);
  });

  it('two ensures at once make each partition once', async () => {
    const base = addMonths(chinaMonth(t.clock.now()), 40);
    const months = [base, addMonths(base, 1), addMonths(base, 2)];
    const results = await Promise.all([
      ensureBehaviourPartitions(t.deps.db, t.clock.now(), months),
      ensureBehaviourPartitions(t.deps.db, t.clock.now(), months),
    ]);
    expect([...results[0]!, ...results[1]!].sort()).toEqual(months);
  });

  it('retention drops whole monthly partitions entirely older than event_retention_days, keeping the rest', async () => {
    const now = t.clock.now();
    const current = chinaMonth(now);
    const old = addMonths(current, -6);
    const straddling = addMonths(current, -3);
    await ensureBehaviourPartitions(t.deps.db, now, [old, straddling]);
    const deviceId = newDeviceId();
    await insertAt(deviceId, new Date(monthBounds(old).start.getTime() + 86_400_000));
    await insertAt(deviceId, new Date(monthBounds(straddling).end.getTime() - 3600_000));
    // Retention ending inside `straddling`: `old` is entirely older, `straddling` is not.
    const retentionDays = Math.floor((now.getTime() - monthBounds(straddling).end.getTime()) / 86_400_000) + 5;
    await t.deps.db
      .insert(analyticsSettings)
      .values({ id: 1, eventRetentionDays: retentionDays })
      .onConflictDoUpdate({ target: analyticsSettings.id, set: { eventRetentionDays: retentionDays } });
    try {
      const dropped = await purgeBehaviourPartitions(t.deps.db, now);
      expect(dropped).toContain(old);
      expect(dropped).not.toContain(straddling);
      const months = await listBehaviourPartitions(t.deps.db);
      expect(months).not.toContain(old);
      expect(months).toEqual(expect.arrayContaining([straddling, current]));
      expect(await partitionsOf(deviceId)).toEqual([partitionName(straddling)]);
      expect(await purgeBehaviourPartitions(t.deps.db, now)).toEqual([]);
    } finally {
      await t.deps.db.update(analyticsSettings).set({ eventRetentionDays: 400 }).where(eq(analyticsSettings.id, 1));
    }
  });
});
