import { testDrivers } from '../../testing/drivers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { evaluateSegmentInMemory, type MemWorld } from './evaluate.test-helpers';
import { countSegment, segmentMemberIds } from './query';
import { randomDefinition } from './definitions.test-helpers';
import { prng, seedWorld, type WorldRefs } from './world.test-helpers';

jest.setTimeout(240_000);

const DEFINITIONS = 250;

/**
 * The compiler's property: on random members (facts or none, tags, tiers, orders with lines, views,
 * coupons, birthdays, cities, consents), the SQL of a random definition selects exactly the members the
 * in-memory evaluation of the same definition selects.
 */
describe.each(testDrivers())('segment compiler property (%s)', (driver) => {
  let t: TestApp;
  let world: MemWorld;
  let refs: WorldRefs;
  let now: Date;
  const seed = Number(process.env.SEGMENT_SEED ?? 20261205);

  beforeAll(async () => {
    t = await createTestApp(driver);
    now = t.clock.now();
    ({ world, refs } = await seedWorld(t.deps.db, prng(seed), now, 60));
  });
  afterAll(() => t.close());

  it(`selects the same members as the in-memory evaluation for ${DEFINITIONS} random definitions (seed ${seed})`, async () => {
    const rng = prng(seed + 1);
    const sizes = new Set<number>();
    for (let i = 0; i < DEFINITIONS; i += 1) {
      const definition = randomDefinition(rng, refs);
      const expected = evaluateSegmentInMemory(definition, world, now);
      const actual = await segmentMemberIds(t.deps.db, definition, now);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        throw new Error(`definition ${i} differs: ${JSON.stringify(definition)}\nsql: ${JSON.stringify(actual)}\nmemory: ${JSON.stringify(expected)}`);
      }
      sizes.add(actual.length);
    }
    // The definitions are not all trivial: their sizes vary.
    expect(sizes.size).toBeGreaterThan(10);
  });

  it('counts what it lists, condition kind by condition kind', async () => {
    const rng = prng(seed + 2);
    for (let i = 0; i < 30; i += 1) {
      const definition = randomDefinition(rng, refs);
      expect(await countSegment(t.deps.db, definition, now)).toBe(evaluateSegmentInMemory(definition, world, now).length);
    }
  });
});
