import Router from '@koa/router';
import { reportRangeQuerySchema, type ReportRangeQuery } from '@siyu/shared';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { assertReportRange } from '../analytics-settings';
import { sendReportCsv } from '../exports';
import { membersCsv, productsCsv, promotionsCsv, staffCsv } from './csv';
import { membersReport, productsReport, promotionsReport, staffReport } from './service';

const FILE_NAMES = { promotions: '营销活动', members: '会员分析', products: '商品分析', staff: '员工业绩' } as const;
type Name = keyof typeof FILE_NAMES;

function sendCsv(ctx: AppContext, name: Name, range: ReportRangeQuery, body: string): void {
  sendReportCsv(ctx, name, FILE_NAMES[name], range, body);
}

/**
 * The promotions, members, products (reports:read) and staff (reports:staff) reports of 数据看板, as JSON and as
 * CSV (`<name>.csv`), from the roll-ups. Each CSV holds one line per promotion / tier / product / staff member:
 * far below EXPORT_SYNC_MAX_ROWS, so they are answered directly.
 */
export function reportDetailRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/reports' });

  const route = <R>(
    name: Name,
    permission: 'reports:read' | 'reports:staff',
    build: (range: ReportRangeQuery, now: Date) => Promise<R>,
    toCsv: (report: R) => string,
  ) => {
    const load = async (ctx: AppContext) => {
      const range = parseInput(reportRangeQuerySchema, ctx.query, 'query');
      const now = deps.now();
      await assertReportRange(deps.db, range, now);
      ctx.set('Cache-Control', 'no-store');
      return { range, report: await build(range, now) };
    };
    router.get(`/${name}`, requireStaff(deps, permission), async (ctx) => {
      ctx.body = (await load(ctx)).report;
    });
    router.get(`/${name}.csv`, requireStaff(deps, permission), async (ctx) => {
      const { range, report } = await load(ctx);
      sendCsv(ctx, name, range, toCsv(report));
    });
  };

  route('promotions', 'reports:read', (range) => promotionsReport(deps.db, range), promotionsCsv);
  route('members', 'reports:read', (range, now) => membersReport(deps.db, range, now), membersCsv);
  route('products', 'reports:read', (range) => productsReport(deps.db, range), productsCsv);
  route('staff', 'reports:staff', (range) => staffReport(deps.db, range), staffCsv);
  return router;
}
