import type { CrmRebuild, CrmSettings, LifecycleBoundaries, LifecycleStage, RfmCellCode, RfmThresholdsInForce, SegmentDefinitionInput } from '@siyu/shared';
import { api } from '../../api/client';

/**
 * 用户分层 (issue 14): RFM grid, lifecycle stages, the store's settings and rebuilds
 * (server/src/modules/member-facts), and the segment calls the drill-down uses (server/src/modules/segments).
 * Shapes follow the contract in docs/decisions.md "Customer data".
 */

/** A rebuild as the admin sees it (shared with the server). */
export type Rebuild = CrmRebuild;

export interface CrmSettingsView {
  settings: CrmSettings;
  thresholds: RfmThresholdsInForce | null;
  lastRebuild: Rebuild | null;
}

export interface RfmCellView {
  code: RfmCellCode;
  name: string;
  members: number;
  memberShareBp: number;
  gmvFen: number;
  gmvShareBp: number;
}

export interface RfmGrid {
  cells: RfmCellView[];
  prospects: number;
  payingMembers: number;
  totalMembers: number;
  gmvFen: number;
  windowDays: number;
  thresholds: RfmThresholdsInForce | null;
  computedAt: string | null;
}

export interface ScoreBucket {
  score: number;
  members: number;
}

export interface RfmScores {
  r: ScoreBucket[];
  f: ScoreBucket[];
  m: ScoreBucket[];
}

export interface LifecycleStageView {
  code: LifecycleStage;
  name: string;
  members: number;
  shareBp: number;
}

export interface LifecycleTransition {
  from: LifecycleStage;
  to: LifecycleStage;
  members: number;
}

export interface LifecycleView {
  stages: LifecycleStageView[];
  boundaries: LifecycleBoundaries;
  transitions: LifecycleTransition[];
}

export const crmApi = {
  settings: (signal?: AbortSignal) => api.get<CrmSettingsView>('/api/admin/crm/settings', undefined, signal),
  saveSettings: (body: CrmSettings) => api.put<CrmSettingsView>('/api/admin/crm/settings', body),
  startRebuild: () => api.post<{ rebuild: Rebuild | null }>('/api/admin/crm/rebuilds'),
  rebuild: (id: number, signal?: AbortSignal) => api.get<Rebuild>(`/api/admin/crm/rebuilds/${id}`, undefined, signal),
  rfm: (signal?: AbortSignal) => api.get<RfmGrid>('/api/admin/rfm', undefined, signal),
  scores: (signal?: AbortSignal) => api.get<RfmScores>('/api/admin/rfm/scores', undefined, signal),
  lifecycle: (signal?: AbortSignal) => api.get<LifecycleView>('/api/admin/lifecycle', undefined, signal),
};

/** A one-condition definition: every member matching `condition`. */
export function singleCondition(condition: SegmentDefinitionInput['groups'][number]['conditions'][number]): SegmentDefinitionInput {
  return { match: 'all', groups: [{ match: 'all', conditions: [condition] }] };
}
