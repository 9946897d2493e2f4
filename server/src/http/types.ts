import type Koa from 'koa';
import type Router from '@koa/router';
import type { StaffRole } from '@siyu/shared';
import type { Logger } from '../lib/logger';

/** The authenticated staff member of a request. */
export interface StaffActor {
  id: number;
  role: StaffRole;
  username: string;
}

/** What middleware puts on `ctx.state` for handlers. */
export interface AppState extends Koa.DefaultState {
  requestId: string;
  log: Logger;
  memberId?: number;
  staff?: StaffActor;
  /** The exact request body text, for routes that verify signatures over it. */
  rawBody?: string;
}

export type AppContext = Koa.ParameterizedContext<AppState, Koa.DefaultContext>;
export type AppRouter = Router<AppState, Koa.DefaultContext>;
export type AppMiddleware = Koa.Middleware<AppState, Koa.DefaultContext>;

declare module 'koa' {
  interface Request {
    /** Parsed JSON body (set by the body parser); validate it with a shared schema before use. */
    body?: unknown;
  }
}
