import { api } from '../../api/client';

/** 实验报告 (issue 15): A/B + holdout experiments of journeys and campaigns (server/src/modules/experiments). */

export type ArmName = 'A' | 'B' | 'holdout';

export interface ExperimentView {
  id: number;
  name: string;
  kind: 'journey' | 'campaign';
  journeyId: number | null;
  campaignId: number | null;
  sourceName: string | null;
  holdoutBp: number;
  splitBp: number;
  conversionDays: number;
  startedAt: string;
  endedAt: string | null;
  entrants: number;
}

export interface ArmLift {
  conversion: { diff: number; low: number; high: number };
  gmvPerMember: { diffFen: number; lowFen: number; highFen: number };
  incrementalGmvFen: number;
}

export interface ArmReport {
  arm: ArmName;
  entrants: number;
  sends: number;
  conversions: number;
  conversionRate: number;
  gmvFen: number;
  gmvPerMemberFen: number;
  liftVsHoldout: ArmLift | null;
}

export interface ExperimentReport {
  experiment: ExperimentView;
  arms: ArmReport[];
  warning: string | null;
}

export const experimentsApi = {
  list: (signal?: AbortSignal) => api.get<{ items: ExperimentView[] }>('/api/admin/experiments', undefined, signal).then((body) => body.items),
  report: (id: number, signal?: AbortSignal) => api.get<ExperimentReport>(`/api/admin/experiments/${id}/report`, undefined, signal),
};

export const ARM_NAMES: Readonly<Record<ArmName, string>> = { A: 'A 组', B: 'B 组', holdout: '对照组（不触达）' };
