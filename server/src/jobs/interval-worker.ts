/** A background loop: stop() ends it and waits for the run in progress. */
export interface IntervalWorker {
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs` (unref'd timer), one run at a time: a tick while a run is in progress does
 * nothing. A failed run goes to `onError` and the next tick tries again. The first run waits one interval, so
 * start-up and an early SIGTERM stay quick. stop() clears the timer and waits for the run in progress.
 */
export function startIntervalWorker(run: () => Promise<void>, intervalMs: number, onError: (error: unknown) => void): IntervalWorker {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = run()
      .catch(onError)
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
