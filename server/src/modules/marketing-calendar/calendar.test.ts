import { campaigns, couponTemplates, flashSales, journeys, journeyVersions, liveSessions } from '../../db/schema';
import { eq } from 'drizzle-orm';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createFlashSku } from '../flash-sales/test-factories';
import { scheduleRuns } from './runs';
import type { MarketingCalendar } from './service';

const china = (local: string) => new Date(`${local}+08:00`);

async function activeJourney(t: TestApp, name: string, trigger: unknown): Promise<number> {
  const definition = { trigger, purpose: 'marketing', entryStepId: 's1', steps: [] };
  const [journey] = await t.deps.db.insert(journeys).values({ name, purpose: 'marketing', status: 'active', draft: definition }).returning();
  const [version] = await t.deps.db.insert(journeyVersions).values({ journeyId: journey!.id, version: 1, definition }).returning();
  await t.deps.db.update(journeys).set({ currentVersionId: version!.id }).where(eq(journeys.id, journey!.id));
  return journey!.id;
}

describe('scheduleRuns', () => {
  const march = { from: china('2031-03-01T00:00:00'), to: china('2031-04-01T00:00:00') };
  it('daily, weekly, once and monthly runs inside the month, never before the start', () => {
    expect(scheduleRuns({ startAt: '2031-03-30T09:00:00+08:00', repeat: 'daily' }, march.from, march.to).map((d) => d.toISOString())).toEqual([
      '2031-03-30T01:00:00.000Z',
      '2031-03-31T01:00:00.000Z',
    ]);
    expect(scheduleRuns({ startAt: '2031-02-25T20:00:00+08:00', repeat: 'weekly' }, march.from, march.to)).toHaveLength(4);
    expect(scheduleRuns({ startAt: '2031-02-25T20:00:00+08:00', repeat: 'once' }, march.from, march.to)).toEqual([]);
    expect(scheduleRuns({ startAt: '2031-01-31T09:00:00+08:00', repeat: 'monthly' }, march.from, march.to)).toEqual([china('2031-03-31T09:00:00')]);
    expect(scheduleRuns({ startAt: '2031-01-31T09:00:00+08:00', repeat: 'monthly' }, china('2031-02-01T00:00:00'), march.from)).toEqual([]);
    expect(scheduleRuns({ startAt: '2031-05-01T09:00:00+08:00', repeat: 'monthly' }, march.from, march.to)).toEqual([]);
  });
});

describe.each(testDrivers())('marketing calendar API (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let analyst: TestStaff;
  let service: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
    analyst = await createStaff(t, 'analyst');
    service = await createStaff(t, 'service');
  });
  afterAll(() => t.close());

  it('puts each kind on its China-time days; spans cover every day they overlap; event journeys are ongoing', async () => {
    const weekly = await activeJourney(t, '每周上新', { type: 'schedule', segmentId: 1, startAt: '2031-02-25T20:00:00+08:00', repeat: 'weekly' });
    const monthly = await activeJourney(t, '月底关怀', { type: 'schedule', segmentId: 1, startAt: '2031-01-31T09:00:00+08:00', repeat: 'monthly' });
    const ongoing = await activeJourney(t, '首单欢迎', { type: 'event', event: 'member.registered' });
    const [early] = await t.deps.db
      .insert(campaigns)
      .values({ name: '三月开门红', kind: 'broadcast', scheduledAt: new Date('2031-02-28T16:30:00Z') })
      .returning();
    await t.deps.db.insert(campaigns).values({ name: '四月（中国时间）', kind: 'broadcast', scheduledAt: new Date('2031-03-31T16:00:00Z') });
    await t.deps.db.insert(campaigns).values({ name: '已取消', kind: 'broadcast', scheduledAt: china('2031-03-15T10:00:00'), status: 'cancelled' });
    const { skuId } = await createFlashSku(t, owner.auth);
    const [sale] = await t.deps.db
      .insert(flashSales)
      .values({ title: '三天秒杀', skuId, flashPriceFen: 900, totalUnits: 5, startsAt: china('2031-03-10T10:00:00'), endsAt: china('2031-03-12T10:00:00') })
      .returning();
    const [live] = await t.deps.db
      .insert(liveSessions)
      .values({
        title: '春季直播',
        platform: 'channels',
        roomId: 'r',
        hostName: '小思',
        startsAt: china('2031-03-20T19:00:00'),
        endsAt: china('2031-03-21T01:00:00'),
        endedAt: china('2031-03-20T23:00:00'),
        sceneCode: 'live=cal1',
      })
      .returning();
    const [coupon] = await t.deps.db
      .insert(couponTemplates)
      .values({
        name: '春日券',
        rule: { kind: 'fixed_off', offFen: 1000 },
        scope: { kind: 'all' },
        stackingGroup: 'coupon',
        validityKind: 'window',
        validFrom: china('2031-03-01T00:00:00'),
        validTo: china('2031-05-01T00:00:00'),
        claimStartsAt: china('2031-03-05T00:00:00'),
        claimEndsAt: china('2031-03-07T00:00:00'),
        visibility: 'public',
        faceValueFen: 1000,
      })
      .returning();

    const res = await t.request().get('/api/admin/marketing-calendar?month=2031-03').set(analyst.auth);
    expect(res.status).toBe(200);
    const body = res.body as MarketingCalendar;
    expect(body.days).toHaveLength(31);
    expect(body.days[0]!.date).toBe('2031-03-01');
    expect(body.days[30]!.date).toBe('2031-03-31');
    const daysOf = (kind: string, id: number, phase?: string) =>
      body.days
        .filter((d) => d.items.some((i) => i.kind === kind && i.id === id && (phase === undefined || i.phase === phase)))
        .map((d) => Number(d.date.slice(8)));
    expect(daysOf('journey', weekly)).toEqual([4, 11, 18, 25]);
    expect(daysOf('journey', monthly)).toEqual([31]);
    expect(daysOf('journey', ongoing)).toEqual([]);
    expect(body.ongoing.map((i) => [i.kind, i.id, i.title])).toEqual([['journey', ongoing, '首单欢迎']]);
    expect(daysOf('campaign', early!.id)).toEqual([1]);
    expect(
      body.days
        .flatMap((d) => d.items)
        .filter((i) => i.kind === 'campaign')
        .map((i) => i.title),
    ).toEqual(['三月开门红']);
    expect(daysOf('flash_sale', sale!.id)).toEqual([10, 11, 12]);
    expect(daysOf('live_session', live!.id)).toEqual([20]);
    expect(daysOf('coupon', coupon!.id, 'claim')).toEqual([5, 6]);
    expect(daysOf('coupon', coupon!.id, 'use')).toHaveLength(31);
    const liveItem = body.days[19]!.items.find((i) => i.kind === 'live_session')!;
    expect(liveItem).toMatchObject({ title: '春季直播', startAt: '2031-03-20T11:00:00.000Z', endAt: '2031-03-20T15:00:00.000Z' });

    // April holds the campaign at 00:00 China time on the 1st and the coupon's use window; February neither.
    const april = (await t.request().get('/api/admin/marketing-calendar?month=2031-04').set(service.auth)).body as MarketingCalendar;
    expect(april.days).toHaveLength(30);
    expect(april.days[0]!.items.map((i) => i.title)).toEqual(expect.arrayContaining(['四月（中国时间）', '春日券']));
    const february = (await t.request().get('/api/admin/marketing-calendar?month=2031-02').set(owner.auth)).body as MarketingCalendar;
    expect(february.days).toHaveLength(28);
    expect(february.days.flatMap((d) => d.items).filter((i) => i.kind !== 'journey')).toEqual([]);
  });

  it.each(['2031-13', '2031-3', 'march', '2031-03-01', '', '1999-01'])('refuses month=%s with 400', async (month) => {
    const res = await t
      .request()
      .get(`/api/admin/marketing-calendar?month=${encodeURIComponent(month)}`)
      .set(owner.auth);
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('needs a month and a staff token', async () => {
    expect((await t.request().get('/api/admin/marketing-calendar').set(owner.auth)).status).toBe(400);
    expect((await t.request().get('/api/admin/marketing-calendar?month=2031-03')).status).toBe(401);
  });
});
