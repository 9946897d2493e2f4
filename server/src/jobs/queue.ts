import { sql, type SQL } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { Database, Executor } from '../db/client';
import type { AppDeps } from '../deps';
import { closeExpiredOrder } from '../modules/orders';

const ORDER_CLOSE = 'order-close';

/** Background jobs on pg-boss (PostgreSQL-backed, on PGlite through its executeSql adapter). */
export interface JobQueue {
  /**
   * Closes the order when its payment window ends (if it is still unpaid then). One job per order. Given the
   * order's transaction, the job is inserted in it: it exists exactly when the order does (no crash window).
   */
  scheduleOrderClose(orderId: number, at: Date, within?: Executor): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on the app's database and its order-close worker. The order sweeper stays as the safety
 * net: a job lost in a crash, or scheduled while the queue was down, is still closed within 30 s.
 */
export async function startJobQueue(deps: AppDeps, database: Database, options: { pollingIntervalSeconds?: number } = {}): Promise<JobQueue> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => database.executeSql(text, values) as Promise<{ rows: never[] }> },
    schedule: false,
    monitorStateIntervalSeconds: 300,
  });
  boss.on('error', (error: Error) => deps.logger.error({ err: error }, 'job queue error'));
  await boss.start();
  await boss.createQueue(ORDER_CLOSE);
  await boss.work<{ orderId: number }>(ORDER_CLOSE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async (jobs) => {
    for (const job of jobs) {
      const sc = { db: deps.db, requestId: `job-${job.id}`, now: deps.now(), ip: null };
      const outcome = await closeExpiredOrder(sc, deps, job.data.orderId);
      deps.logger.info({ orderId: job.data.orderId, outcome }, 'order-close job');
    }
  });
  return {
    scheduleOrderClose: async (orderId, at, within) => {
      const options = { startAfter: at, singletonKey: `order-close:${orderId}` };
      await boss.send(ORDER_CLOSE, { orderId }, within ? { ...options, db: throughExecutor(within) } : options);
    },
    stop: () => boss.stop({ graceful: true, close: false, wait: true }),
  };
}

/**
 * pg-boss's `db` option over a Drizzle executor (an open transaction, on either driver): pg-boss's `$n`
 * placeholders become Drizzle parameters, so its INSERT runs on the transaction's connection.
 */
function throughExecutor(executor: Executor): { executeSql(text: string, values: unknown[]): Promise<{ rows: never[] }> } {
  return {
    executeSql: async (text, values) => {
      const chunks: SQL[] = text.split(/\$(\d+)/).map((part, index) => (index % 2 === 0 ? sql.raw(part) : sql`${values[Number(part) - 1] ?? null}`));
      const result: unknown = await executor.execute(sql.join(chunks));
      return { rows: (result as { rows?: never[] }).rows ?? [] };
    },
  };
}
