import type {
  AttributionModel,
  ChannelCodeBatchView,
  ChannelCodeView,
  ChannelCreateBody,
  ChannelReport,
  ChannelView,
  ReachImportView,
  SmsLinkCreateBody,
  WecomCodeBody,
} from '@siyu/shared';
import { download, filenameOf, type Download } from './catalog-io';
import { api, send, type Query } from './client';
import type { Page } from './types';

/**
 * 渠道 (issue 13): channels, their entry codes, reach, SMS links and the report
 * (server/src/modules/channels). Shapes follow the contract in docs/decisions.md "Channels and attribution".
 */

export type {
  AttributionModel,
  ChannelCodeBatchView as CodeBatchView,
  ChannelCodeView,
  ChannelReport,
  ChannelReportDay,
  ChannelReportRow,
  ChannelStatus,
  ChannelView,
  ReachImportView,
} from '@siyu/shared';

/** The body of POST/PATCH /api/admin/channels (the shared schema's input). */
export type ChannelInput = ChannelCreateBody;

export interface ReportQuery {
  from: string;
  to: string;
  model: AttributionModel;
}

/** What the server answers after making a WeCom code (the code's WeCom fields). */
export interface WecomCodeResult {
  wecomKind: 'contact_way' | 'join_way';
  wecomQrUrl: string;
}

/** A fresh Idempotency-Key (one per submitted form: a double click or a retry records the reach once). */
export const newIdempotencyKey = (): string =>
  (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`).replace(/[^A-Za-z0-9_-]/g, '');

/** A list the server sends bare or as `{items}`. */
const itemsOf = <T>(body: T[] | { items: T[] }): T[] => (Array.isArray(body) ? body : body.items);

export const channelsApi = {
  list: (query: Query, signal?: AbortSignal) => api.get<ChannelView[] | { items: ChannelView[] }>('/api/admin/channels', query, signal).then(itemsOf),
  get: (id: number, signal?: AbortSignal) => api.get<ChannelView>(`/api/admin/channels/${id}`, undefined, signal),
  create: (body: ChannelInput) => api.post<ChannelView>('/api/admin/channels', body),
  update: (id: number, body: Partial<ChannelInput>) => api.patch<ChannelView>(`/api/admin/channels/${id}`, body),
  archive: (id: number) => api.post<ChannelView>(`/api/admin/channels/${id}/archive`),

  codes: (id: number, cursor: string | null, limit: number, signal?: AbortSignal) =>
    api.get<Page<ChannelCodeView>>(`/api/admin/channels/${id}/codes`, { cursor, limit }, signal),
  createCode: (id: number, body: { scene?: string; label?: string }) => api.post<ChannelCodeView>(`/api/admin/channels/${id}/codes`, body),
  createBatch: (id: number, body: { quantity: number; label: string; marketplaceOrderNos?: string[] }) =>
    api.post<ChannelCodeBatchView>(`/api/admin/channels/${id}/code-batches`, body),
  batches: (id: number, signal?: AbortSignal) =>
    api.get<ChannelCodeBatchView[] | { items: ChannelCodeBatchView[] }>(`/api/admin/channels/${id}/code-batches`, undefined, signal).then(itemsOf),
  retireCode: (codeId: number) => api.post<ChannelCodeView>(`/api/admin/channel-codes/${codeId}/retire`),
  makeWecomCode: (codeId: number, body: WecomCodeBody) => api.post<WecomCodeResult>(`/api/admin/channel-codes/${codeId}/wecom`, body),
  /** The mini-program code image, fetched with the staff token (an <img> cannot send it). */
  qrcode: async (codeId: number): Promise<Blob> => (await send('GET', `/api/admin/channel-codes/${codeId}/qrcode.png`)).blob(),
  batchZip: (batchId: number, onProgress: (fraction: number | null) => void): Promise<Download> =>
    download(`/api/admin/code-batches/${batchId}/qrcodes.zip`, {}, onProgress),
  batchSheet: async (batchId: number): Promise<string> => (await send('GET', `/api/admin/code-batches/${batchId}/sheet.html`)).text(),

  /** Manual reach; `idempotencyKey` makes a retried submit count once. */
  addReach: async (id: number, body: { quantity: number; date: string; note: string }, idempotencyKey: string) =>
    (await send('POST', `/api/admin/channels/${id}/reach`, { body, headers: { 'Idempotency-Key': idempotencyKey } })).json() as Promise<unknown>,
  importAiCalls: (id: number, body: { fileName: string; csv: string }) =>
    api.post<ReachImportView & { isReplay?: boolean }>(`/api/admin/channels/${id}/imports/ai-calls`, body),
  importSmsLogs: (id: number, body: { fileName: string; csv: string }) =>
    api.post<ReachImportView & { isReplay?: boolean }>(`/api/admin/channels/${id}/imports/sms-logs`, body),
  /** Creates an SMS link campaign; the answer is its CSV (one link per recipient) and, in a header, the campaign's URL Link. */
  createSmsLinks: async (id: number, body: SmsLinkCreateBody): Promise<{ file: Download; urlLink: string | null }> => {
    const response = await send('POST', `/api/admin/channels/${id}/sms-links`, { body });
    const blob = await response.blob();
    return {
      file: { blob, filename: filenameOf(response.headers.get('content-disposition'), `sms-links-${id}.csv`) },
      urlLink: response.headers.get('x-url-link'),
    };
  },

  report: (query: ReportQuery, signal?: AbortSignal) => api.get<ChannelReport>('/api/admin/channels/report', { ...query }, signal),
  reportCsv: (query: ReportQuery, onProgress: (fraction: number | null) => void) =>
    download('/api/admin/channels/report', { ...query, format: 'csv' }, onProgress),
  settings: (signal?: AbortSignal) => api.get<{ attributionWindowDays: number }>('/api/admin/channel-settings', undefined, signal),
  saveSettings: (body: { attributionWindowDays: number }) => api.put<{ attributionWindowDays: number }>('/api/admin/channel-settings', body),
};
