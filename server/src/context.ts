import type { AppDeps } from './deps';
import { isTransaction, type Db, type Executor } from './db/client';
import type { AppContext, StaffActor } from './http/types';
import { isRetryableTransactionError } from './lib/errors';

/** What a service function needs to know about the request it serves (style.md §4: context first). */
export interface ServiceContext {
  db: Executor;
  requestId: string;
  now: Date;
  ip: string | null;
  staff?: StaffActor;
  memberId?: number;
}

/** Builds the service context of a request. */
export function serviceContext(ctx: AppContext, deps: AppDeps): ServiceContext {
  return {
    db: deps.db,
    requestId: ctx.state.requestId,
    now: deps.now(),
    ip: ctx.ip || null,
    ...(ctx.state.staff ? { staff: ctx.state.staff } : {}),
    ...(ctx.state.memberId !== undefined ? { memberId: ctx.state.memberId } : {}),
  };
}

/** Attempts of a top-level transaction that lost a race (serialization failure or deadlock). */
const TRANSACTION_ATTEMPTS = 4;

/**
 * Runs `work` in one database transaction with the same context bound to the transaction. A top-level
 * transaction that loses a race (40001 / 40P01) runs again from the start, after a short random pause;
 * `work` must therefore do nothing but database work (house rule: no HTTP inside a transaction). A nested
 * call is a savepoint and leaves the retry to its outermost transaction. The last failure propagates
 * (the error handler answers it 409 CONCURRENT_UPDATE).
 */
export async function inTransaction<T>(sc: ServiceContext, work: (tx: ServiceContext) => Promise<T>): Promise<T> {
  const isNested = isTransaction(sc.db);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await (sc.db as Db).transaction((tx) => work({ ...sc, db: tx }));
    } catch (error) {
      if (isNested || attempt >= TRANSACTION_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 20 * attempt)));
    }
  }
}

/** The staff actor of a context; a programming error when the route forgot its guard. */
export function requireStaffActor(sc: ServiceContext): StaffActor {
  if (!sc.staff) throw new Error('staff route without a staff guard');
  return sc.staff;
}
