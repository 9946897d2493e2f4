import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { subscribeGrantBalances, subscribeGrants } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { loginMember } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import type { IntentToSend } from '../messaging/types';
import { DEFAULT_SUBSCRIBE_TEMPLATES } from './defaults';
import { subscribeSender } from './sender';

const SHIPPED = DEFAULT_SUBSCRIBE_TEMPLATES.find((template) => template.key === 'order_shipped')!;

/** Only a PostgreSQL server runs the sends in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('subscribe grants under concurrency on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
  });
  afterAll(() => t.close());

  it('50 parallel sends on 10 grants: exactly 10 sent, 40 no_grant; the balance ends at 0 and the ledger sums to it', async () => {
    const member = await loginMember(t);
    for (let i = 0; i < 10; i += 1) {
      await t.simulator.subscribe.accept(member.openid, [SHIPPED.templateId]);
      await t
        .request()
        .post('/api/me/subscriptions')
        .set(member.auth)
        .send({ requestId: crypto.randomUUID(), source: 'payment', results: { [SHIPPED.templateId]: 'accept' } });
    }
    const intents: IntentToSend[] = Array.from({ length: 50 }, (_, i) => ({
      id: 50_000 + i,
      key: `conc:${i}`,
      memberId: member.id,
      channel: 'subscribe',
      purpose: 'service',
      template: 'order_shipped',
      variables: { character_string1: `SY${1000 + i}`, thing2: '有机燕麦片', thing3: '您的包裹已发出' },
      link: null,
      attempts: 0,
      providerRef: null,
      journeyId: null,
      campaignId: null,
      createdAt: new Date(),
    }));
    const outcomes = await Promise.all(intents.map((intent) => subscribeSender.send({ deps: t.deps, now: t.clock.now() }, intent)));
    const counts = outcomes.reduce<Record<string, number>>((acc, outcome) => {
      const label = outcome.kind === 'skip' ? `skip:${outcome.reason}` : outcome.kind;
      acc[label] = (acc[label] ?? 0) + 1;
      return acc;
    }, {});
    expect(counts).toEqual({ sent: 10, 'skip:no_grant': 40 });
    expect(await t.simulator.subscribe.sent(member.openid)).toHaveLength(10);
    const [row] = await t.deps.db
      .select()
      .from(subscribeGrantBalances)
      .where(and(eq(subscribeGrantBalances.memberId, member.id), eq(subscribeGrantBalances.templateId, SHIPPED.templateId)));
    expect(row?.balance).toBe(0);
    const ledger = await t.deps.db.select().from(subscribeGrants).where(eq(subscribeGrants.memberId, member.id));
    expect(ledger.reduce((sum, entry) => sum + entry.delta, 0)).toBe(0);
    expect(ledger.filter((entry) => entry.source === 'send')).toHaveLength(10);
  });

  it('the same accept posted 20 times at once (one requestId) grants once', async () => {
    const member = await loginMember(t);
    const body = { requestId: crypto.randomUUID(), source: 'member_center', results: { [SHIPPED.templateId]: 'accept' } };
    const responses = await Promise.all(Array.from({ length: 20 }, () => t.request().post('/api/me/subscriptions').set(member.auth).send(body)));
    expect(responses.map((res) => res.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(responses.reduce((sum, res) => sum + (res.body.granted as number), 0)).toBe(1);
    const [row] = await t.deps.db
      .select()
      .from(subscribeGrantBalances)
      .where(and(eq(subscribeGrantBalances.memberId, member.id), eq(subscribeGrantBalances.templateId, SHIPPED.templateId)));
    expect(row?.balance).toBe(1);
  });
});
