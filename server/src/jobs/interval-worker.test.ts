import { startIntervalWorker } from './interval-worker';

describe('startIntervalWorker', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('waits one interval, never overlaps a run in progress, and stop() waits for that run', async () => {
    let release: () => void = () => undefined;
    let runs = 0;
    let finished = 0;
    const worker = startIntervalWorker(
      async () => {
        runs += 1;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        finished += 1;
      },
      1000,
      () => undefined,
    );
    expect(runs).toBe(0);
    jest.advanceTimersByTime(1000);
    expect(runs).toBe(1);
    jest.advanceTimersByTime(5000); // still running: the ticks do nothing
    expect(runs).toBe(1);
    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect([stopped, finished]).toEqual([true, 1]);
    jest.advanceTimersByTime(5000); // stopped: no more runs
    expect(runs).toBe(1);
  });

  it('hands a failed run to onError and tries again on the next tick', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const worker = startIntervalWorker(
      async () => {
        runs += 1;
        if (runs === 1) throw new Error('boom');
      },
      1000,
      (error) => errors.push(error),
    );
    jest.advanceTimersByTime(1000);
    await jest.runOnlyPendingTimersAsync();
    jest.advanceTimersByTime(1000);
    await worker.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('boom');
  });
});
