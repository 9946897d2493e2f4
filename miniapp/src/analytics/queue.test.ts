import { createBehaviourQueue, FLUSH_AT_QUEUED, isValidBody, type BehaviourBatch, type BehaviourEvent } from '../lib/behaviour';

function harness(options: { stored?: unknown; failSend?: boolean } = {}) {
  const sent: BehaviourBatch[] = [];
  const timers: (() => void)[] = [];
  let stored: unknown = options.stored ?? null;
  const clock = Date.parse('2026-12-05T10:00:00.000Z');
  const queue = createBehaviourQueue({
    send: async (batch) => {
      sent.push(batch);
      if (options.failSend) throw new Error('offline');
    },
    deviceId: () => 'dev_abcdefghijklmnop',
    storage: { read: () => stored, write: (events: BehaviourEvent[]) => (stored = events) },
    now: () => clock,
    schedule: (callback) => timers.push(callback),
  });
  return { queue, sent, timers, stored: () => stored };
}

describe('behaviour beacons (issue 16 event types)', () => {
  it('queues page views, carts, checkouts and shares with the device id and sends them in one batch', async () => {
    const h = harness();
    h.queue.record({ type: 'page_view', page: 'pages/index/index' });
    h.queue.record({ type: 'product_view', productId: 5 });
    h.queue.record({ type: 'add_to_cart', productId: 5, skuId: 9, quantity: 2 });
    h.queue.record({ type: 'checkout_start', itemCount: 1 });
    h.queue.record({ type: 'share', target: 'timeline', productId: 5 });
    expect(h.timers).toHaveLength(1);
    await h.queue.flush();
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]!.deviceId).toBe('dev_abcdefghijklmnop');
    expect(h.sent[0]!.events.map(({ at: _at, ...event }) => event)).toEqual([
      { type: 'page_view', page: 'pages/index/index' },
      { type: 'product_view', productId: 5 },
      { type: 'add_to_cart', productId: 5, skuId: 9, quantity: 2 },
      { type: 'checkout_start', itemCount: 1 },
      { type: 'share', target: 'timeline', productId: 5 },
    ]);
    expect(h.sent[0]!.events.every((event) => event.at === '2026-12-05T10:00:00.000Z')).toBe(true);
  });

  it('flushes at ten queued events', async () => {
    const h = harness();
    for (let n = 0; n < FLUSH_AT_QUEUED; n += 1) h.queue.record({ type: 'page_view', page: `pages/p${n}/index` });
    await Promise.resolve();
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]!.events).toHaveLength(FLUSH_AT_QUEUED);
    expect(h.queue.queued()).toBe(0);
  });

  it('drops malformed events instead of sending a batch the server refuses', () => {
    const h = harness();
    const bad = [
      { type: 'page_view', page: '' },
      { type: 'page_view', page: 'p'.repeat(65) },
      { type: 'page_view', page: 'pages/\u0000x' },
      { type: 'add_to_cart', productId: 5, quantity: 0 },
      { type: 'add_to_cart', productId: 0, quantity: 1 },
      { type: 'share', target: 'moments' },
      { type: 'checkout_start', itemCount: 1.5 },
      { type: 'unknown' },
    ];
    for (const event of bad) h.queue.record(event as never);
    expect(h.queue.queued()).toBe(0);
    expect(bad.some((event) => isValidBody(event))).toBe(false);
  });

  it('a failed send never throws (no toast, no retry) and stored events of an older version are cleaned', async () => {
    const h = harness({
      failSend: true,
      stored: [
        { type: 'product_view', productId: 3, at: '2026-12-05T09:59:00.000Z', extra: 'x' },
        { type: 'page_view', page: 'pages/cart/index', at: '2026-12-05T09:58:00.000Z' },
        { type: 'add_to_cart', productId: 3, at: '2026-12-05T09:58:00.000Z' },
      ],
    });
    expect(h.queue.queued()).toBe(2);
    await expect(h.queue.flush()).resolves.toBeUndefined();
    expect(h.sent[0]!.events).toEqual([
      { type: 'product_view', productId: 3, at: '2026-12-05T09:59:00.000Z' },
      { type: 'page_view', page: 'pages/cart/index', at: '2026-12-05T09:58:00.000Z' },
    ]);
    expect(h.queue.queued()).toBe(0);
  });
});
