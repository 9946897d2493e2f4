import type { CouponIssueResult, LifecycleStage, RfmCellCode, SegmentDefinitionInput, TierCode } from '@siyu/shared';
import { download, type Download } from '../../api/catalog-io';
import { api } from '../../api/client';
import type { Page } from '../../api/types';

/**
 * 分群 (issue 14): saved segments, the live count, members, history, snapshots
 * (server/src/modules/segments) and the tag groups the builder picks from (server/src/modules/tags).
 * Shapes follow the contract in docs/decisions.md "Customer data".
 */

export interface SegmentView {
  id: number;
  name: string;
  description: string | null;
  definition: SegmentDefinitionInput;
  status: 'active' | 'archived';
  lastCount: number | null;
  lastCountedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SegmentMember {
  id: number;
  nickname: string | null;
  avatarUrl: string | null;
  phoneMasked: string | null;
  tierCode: TierCode | null;
  lifecycle: LifecycleStage | null;
  rfmCell: RfmCellCode | null;
  paidOrders: number;
  netPaidFen: number;
  lastPaidAt: string | null;
}

export interface SegmentSnapshot {
  id: number;
  segmentId: number;
  name: string;
  memberCount: number;
  createdAt: string;
}

export interface SegmentPreview {
  count: number;
  totalMembers: number;
}

export interface SegmentBody {
  name: string;
  description?: string;
  definition: SegmentDefinitionInput;
}

export interface TagView {
  id: number;
  groupId: number;
  name: string;
  kind: 'manual' | 'rule' | 'channel';
  color: string | null;
  status: string;
  members: number;
}

export interface TagGroupView {
  id: number;
  name: string;
  tags: TagView[];
}

const itemsOf = <T>(body: { items: T[] }): T[] => body.items;

export const segmentsApi = {
  list: (signal?: AbortSignal) => api.get<{ items: SegmentView[] }>('/api/admin/segments', undefined, signal).then(itemsOf),
  get: (id: number, signal?: AbortSignal) => api.get<SegmentView>(`/api/admin/segments/${id}`, undefined, signal),
  create: (body: SegmentBody) => api.post<SegmentView>('/api/admin/segments', body),
  update: (id: number, body: SegmentBody) => api.patch<SegmentView>(`/api/admin/segments/${id}`, body),
  archive: (id: number) => api.post<SegmentView>(`/api/admin/segments/${id}/archive`),
  preview: (definition: SegmentDefinitionInput) => api.post<SegmentPreview>('/api/admin/segments/preview', { definition }),
  /** The members of an unsaved (or edited) definition, a page at a time. */
  members: (definition: SegmentDefinitionInput, cursor: string | null, limit: number) =>
    api.post<Page<SegmentMember>>('/api/admin/segments/members', cursor ? { definition, cursor, limit } : { definition, limit }),
  history: (id: number, signal?: AbortSignal) =>
    api.get<{ points: { day: string; members: number }[] }>(`/api/admin/segments/${id}/history`, undefined, signal),
  exportCsv: (id: number, onProgress: (fraction: number | null) => void): Promise<Download> => download(`/api/admin/segments/${id}/export.csv`, {}, onProgress),
  snapshots: (id: number, signal?: AbortSignal) =>
    api.get<{ items: SegmentSnapshot[] }>(`/api/admin/segments/${id}/snapshots`, undefined, signal).then(itemsOf),
  createSnapshot: (id: number, name: string) => api.post<SegmentSnapshot>(`/api/admin/segments/${id}/snapshots`, name ? { name } : {}),
  snapshotCsv: (snapshotId: number, onProgress: (fraction: number | null) => void): Promise<Download> =>
    download(`/api/admin/segment-snapshots/${snapshotId}/export.csv`, {}, onProgress),
  /** 发券给该分群: the segment's members at this moment get the template's coupon (the batch makes a retry grant nothing twice). */
  issueCoupons: (templateId: number, body: { segmentId: number; batch: string }) =>
    api.post<CouponIssueResult>(`/api/admin/coupon-templates/${templateId}/issue`, body),
  tagGroups: (signal?: AbortSignal) => api.get<{ items: TagGroupView[] }>('/api/admin/tag-groups', undefined, signal).then(itemsOf),
};
