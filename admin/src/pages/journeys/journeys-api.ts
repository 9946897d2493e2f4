import type { EnrollmentStatus, JourneyDefinition, JourneyStatus, MessageChannel, MessagePurpose } from '@siyu/shared';
import { api } from '../../api/client';
import type { Page } from '../../api/types';

/**
 * 旅程 (issue 15): journeys, their versions, per-step counts, the path preview (server/src/modules/journeys)
 * and the built-in templates (GET /api/admin/journeys/templates). Shapes follow the contract in
 * docs/decisions.md "Journeys (issue 15)".
 */

export interface JourneyListItem {
  id: number;
  name: string;
  description?: string | null;
  status: JourneyStatus;
  purpose: MessagePurpose;
  templateKey: string | null;
  version: number | null;
  entered: number;
  active: number;
  goal: number;
}

export interface JourneyVersionView {
  id: number;
  version: number;
  publishedAt?: string | null;
  createdAt?: string | null;
  publishedBy?: number | string | null;
}

/** Per-step counts of the current version. */
export interface StepCounts {
  entered?: number;
  done?: number;
  yes?: number;
  no?: number;
  sent?: number;
  skipped?: number;
}

export interface JourneyDetail {
  id: number;
  name: string;
  description: string | null;
  status: JourneyStatus;
  purpose: MessagePurpose;
  templateKey: string | null;
  draft: JourneyDefinition;
  currentVersion: (JourneyVersionView & { definition?: JourneyDefinition }) | null;
  versions: JourneyVersionView[];
  stepCounts: Record<string, StepCounts>;
  experimentId?: number | null;
  updatedAt?: string;
}

export interface JourneyTemplateView {
  key: string;
  name: string;
  description: string;
  purpose: MessagePurpose;
  channels: MessageChannel[];
  /** What counts as the goal, in words. */
  goal?: string;
  /** Journeys already enabled from it (not archived). */
  enabled?: number;
  definition: JourneyDefinition;
}

export interface PreviewStep {
  stepId: string;
  type: string;
  outcome: string;
  note: string | null;
}

export interface EnrollmentView {
  id: number;
  memberId: number;
  status: EnrollmentStatus;
  arm?: string | null;
  currentStepId?: string | null;
  enteredAt?: string;
}

/** A problem the publish check found: `path` names the step (`steps.3.content.variables.thing1`, or a step id). */
export interface PublishProblem {
  path: string | (string | number)[];
  message: string;
}

/** Lists answer `{items}`; a bare array is taken too. */
export function itemsOf<T>(body: { items: T[] } | T[]): T[] {
  return Array.isArray(body) ? body : body.items;
}

/** The detail's step counts may come as `stepCounts` or `counts`; the current version as `currentVersion` or `version`. */
function normalizeDetail(raw: Record<string, unknown>): JourneyDetail {
  const detail = raw as unknown as JourneyDetail & { counts?: Record<string, StepCounts>; steps?: Record<string, StepCounts> };
  return {
    ...detail,
    description: detail.description ?? null,
    versions: detail.versions ?? [],
    currentVersion: detail.currentVersion ?? null,
    stepCounts: detail.stepCounts ?? detail.counts ?? {},
  };
}

export interface JourneyBody {
  name?: string;
  description?: string;
  definition?: JourneyDefinition;
}

export const journeysApi = {
  list: (signal?: AbortSignal) => api.get<{ items: JourneyListItem[] } | JourneyListItem[]>('/api/admin/journeys', undefined, signal).then(itemsOf),
  get: (id: number, signal?: AbortSignal) => api.get<Record<string, unknown>>(`/api/admin/journeys/${id}`, undefined, signal).then(normalizeDetail),
  create: (body: { name: string; description?: string; definition: JourneyDefinition }) => api.post<{ id: number }>('/api/admin/journeys', body),
  update: (id: number, body: JourneyBody) => api.put<unknown>(`/api/admin/journeys/${id}`, body),
  publish: (id: number) => api.post<unknown>(`/api/admin/journeys/${id}/publish`),
  pause: (id: number) => api.post<unknown>(`/api/admin/journeys/${id}/pause`),
  resume: (id: number) => api.post<unknown>(`/api/admin/journeys/${id}/resume`),
  archive: (id: number) => api.post<unknown>(`/api/admin/journeys/${id}/archive`),
  preview: (id: number, memberId: number) => api.get<{ steps: PreviewStep[] }>(`/api/admin/journeys/${id}/preview`, { memberId }),
  enrollments: (id: number, status: string | null, cursor: string | null, signal?: AbortSignal) =>
    api.get<Page<EnrollmentView>>(`/api/admin/journeys/${id}/enrollments`, { status, cursor }, signal),
  templates: (signal?: AbortSignal) =>
    api.get<{ items: JourneyTemplateView[] } | JourneyTemplateView[]>('/api/admin/journeys/templates', undefined, signal).then(itemsOf),
  /** 启用: creates, publishes and starts the template's journey (201 the journey). */
  enableTemplate: (key: string, again = false) => api.post<{ id: number }>(`/api/admin/journeys/templates/${key}/enable${again ? '?again=1' : ''}`),
};
