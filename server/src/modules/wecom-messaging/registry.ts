import type { AppDeps } from '../../deps';

/**
 * The app's dependencies by database handle: the WeCom callback (modules/wecom/events.ts) only has a service
 * context, whose `db` is `deps.db`; the welcome hook finds the WeCom client through it. Registered when the
 * app's routes are built (one entry per app; several test apps in one process each have their own).
 */
const depsByDb = new WeakMap<object, AppDeps>();

export function registerWecomMessaging(deps: AppDeps): void {
  depsByDb.set(deps.db, deps);
}

export function depsForDb(db: object): AppDeps | undefined {
  return depsByDb.get(db);
}

/** Background work of this process (welcome sends): tests and shutdown await it. */
const running = new Set<Promise<unknown>>();

export function runInBackground(work: Promise<unknown>): void {
  const tracked = work.finally(() => running.delete(tracked));
  running.add(tracked);
}

/** Waits until every background welcome send of this process has finished. */
export async function settleWecomMessaging(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running]);
}
