import { createBehaviourQueue, FLUSH_AFTER_MS, type BehaviourBatch, type BehaviourEvent } from './behaviour';

const productIdOf = (event: BehaviourEvent) => ('productId' in event ? event.productId : undefined);

function harness(options: { stored?: unknown; deviceId?: string; failSend?: boolean } = {}) {
  const sent: BehaviourBatch[] = [];
  const timers: { callback: () => void; ms: number }[] = [];
  let stored: unknown = options.stored ?? null;
  let clock = Date.parse('2026-12-05T10:00:00.000Z');
  const queue = createBehaviourQueue({
    send: async (batch) => {
      sent.push(batch);
      if (options.failSend) throw new Error('offline');
    },
    deviceId: () => options.deviceId,
    storage: { read: () => stored, write: (events: BehaviourEvent[]) => (stored = events) },
    now: () => clock,
    schedule: (callback, ms) => timers.push({ callback, ms }),
  });
  return {
    queue,
    sent,
    timers,
    stored: () => stored,
    tick: (ms: number) => (clock += ms),
    fire: async () => {
      const due = timers.splice(0);
      for (const timer of due) timer.callback();
      await Promise.resolve();
    },
  };
}

describe('behaviour queue', () => {
  it('batches views and sends them after 5 s with the device id, once', async () => {
    const h = harness({ deviceId: 'dev_abcdefghijklmnop' });
    h.queue.recordView(7);
    h.tick(1000);
    h.queue.recordView(8);
    expect(h.timers.map((timer) => timer.ms)).toEqual([FLUSH_AFTER_MS]);
    expect(h.sent).toEqual([]);
    expect(h.stored()).toHaveLength(2);
    await h.fire();
    expect(h.sent).toEqual([
      {
        deviceId: 'dev_abcdefghijklmnop',
        events: [
          { type: 'product_view', productId: 7, at: '2026-12-05T10:00:00.000Z' },
          { type: 'product_view', productId: 8, at: '2026-12-05T10:00:01.000Z' },
        ],
      },
    ]);
    expect(h.queue.queued()).toBe(0);
    expect(h.stored()).toEqual([]);
  });

  it('sends at once at ten queued views, without the device id when there is none', async () => {
    const h = harness();
    for (let id = 1; id <= 10; id += 1) h.queue.recordView(id);
    await Promise.resolve();
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]).toEqual({ events: expect.any(Array) });
    expect(h.sent[0]!.events.map(productIdOf)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await h.fire();
    expect(h.sent).toHaveLength(1);
  });

  it('sends on flush (app hide) and ignores ids the server would refuse', async () => {
    const h = harness();
    h.queue.recordView(0);
    h.queue.recordView(-3);
    h.queue.recordView(1.5);
    h.queue.recordView(2 ** 31);
    expect(h.queue.queued()).toBe(0);
    h.queue.recordView(42);
    await h.queue.flush();
    expect(h.sent.map((batch) => batch.events.map(productIdOf))).toEqual([[42]]);
    await h.queue.flush();
    expect(h.sent).toHaveLength(1);
  });

  it('restores the stored queue of a killed start (only well-formed views of the last day) and sends it', async () => {
    const h = harness({
      stored: [
        { type: 'product_view', productId: 3, at: '2026-12-05T09:00:00.000Z' },
        { type: 'product_view', productId: 4, at: '2026-12-03T09:00:00.000Z' },
        { type: 'add_to_cart', productId: 5, at: '2026-12-05T09:00:00.000Z' },
        { type: 'product_view', productId: '6', at: '2026-12-05T09:00:00.000Z' },
        'junk',
      ],
    });
    expect(h.queue.queued()).toBe(1);
    await h.fire();
    expect(h.sent.map((batch) => batch.events.map(productIdOf))).toEqual([[3]]);
    expect(harness({ stored: 'not a list' }).queue.queued()).toBe(0);
  });

  it('swallows a failed send (fire-and-forget) and keeps working', async () => {
    const h = harness({ failSend: true });
    h.queue.recordView(1);
    await expect(h.queue.flush()).resolves.toBeUndefined();
    h.queue.recordView(2);
    await h.queue.flush();
    expect(h.sent).toHaveLength(2);
  });
});
