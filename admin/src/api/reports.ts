import type { CohortsReport, FunnelReport, MembersReport, ProductsReport, PromotionsReport, RepurchaseReport, StaffReport } from '@siyu/shared';
import { filenameOf, type Download } from './catalog-io';
import { api, send, type Query } from './client';

/**
 * 数据 reports (issue 16): funnel, cohorts + LTV, repurchase (server/src/modules/reports), promotions, members,
 * products, staff (server/src/modules/reports-detail). Shapes: shared/src/analytics/reports.ts.
 */

export type {
  CohortRow,
  CohortsReport,
  FunnelReport,
  FunnelRow,
  FunnelStep,
  MembersReport,
  ProductsReport,
  PromotionRow,
  PromotionsReport,
  RepurchaseReport,
  StaffReport,
} from '@siyu/shared';

export interface ReportRange {
  from: string;
  to: string;
}

/** Reports with a table to export; `GET /api/admin/reports/<name>.csv?from&to`. */
export type ExportableReport = 'funnel' | 'cohorts' | 'repurchase' | 'promotions' | 'members' | 'products' | 'staff';

/** The CSV itself, or the background job the server started for a large one (202 { exportId }). */
export type ReportCsvResult = { kind: 'file'; file: Download } | { kind: 'job'; exportId: number };

const get = <T>(name: string, query: Query, signal?: AbortSignal) => api.get<T>(`/api/admin/reports/${name}`, query, signal);

export const reportsApi = {
  funnel: (query: ReportRange & { channelId?: number | null }, signal?: AbortSignal) => get<FunnelReport>('funnel', { ...query }, signal),
  cohorts: (query: ReportRange & { channelId?: number | null }, signal?: AbortSignal) => get<CohortsReport>('cohorts', { ...query }, signal),
  repurchase: (query: ReportRange, signal?: AbortSignal) => get<RepurchaseReport>('repurchase', { ...query }, signal),
  promotions: (query: ReportRange, signal?: AbortSignal) => get<PromotionsReport>('promotions', { ...query }, signal),
  members: (query: ReportRange, signal?: AbortSignal) => get<MembersReport>('members', { ...query }, signal),
  products: (query: ReportRange, signal?: AbortSignal) => get<ProductsReport>('products', { ...query }, signal),
  staff: (query: ReportRange, signal?: AbortSignal) => get<StaffReport>('staff', { ...query }, signal),

  /** The report's CSV: the file when the server answers it directly, the export job when it answers 202. */
  csv: async (name: ExportableReport, query: Query): Promise<ReportCsvResult> => {
    const response = await send('GET', `/api/admin/reports/${name}.csv`, { query });
    if (response.status === 202) {
      const body = (await response.json()) as { exportId: number };
      return { kind: 'job', exportId: body.exportId };
    }
    const blob = await response.blob();
    return {
      kind: 'file',
      file: { blob, filename: filenameOf(response.headers.get('content-disposition'), `${name}-${String(query.from)}-${String(query.to)}.csv`) },
    };
  },
};
