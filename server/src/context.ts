import type { AppDeps } from './deps';
import type { Db, Executor } from './db/client';
import type { AppContext, StaffActor } from './http/types';

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

/** Runs `work` in one database transaction with the same context bound to the transaction. */
export function inTransaction<T>(sc: ServiceContext, work: (tx: ServiceContext) => Promise<T>): Promise<T> {
  return (sc.db as Db).transaction((tx) => work({ ...sc, db: tx }));
}

/** The staff actor of a context; a programming error when the route forgot its guard. */
export function requireStaffActor(sc: ServiceContext): StaffActor {
  if (!sc.staff) throw new Error('staff route without a staff guard');
  return sc.staff;
}
