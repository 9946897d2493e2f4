import type { ArmName, ExperimentReport, ExperimentView } from '@siyu/shared';
import { api } from '../../api/client';

export type { ArmLift, ArmName, ArmReport, ExperimentReport, ExperimentView } from '@siyu/shared';

/** 实验报告 (issue 15): A/B + holdout experiments of journeys and campaigns (server/src/modules/experiments). */

export const experimentsApi = {
  list: (signal?: AbortSignal) => api.get<{ items: ExperimentView[] }>('/api/admin/experiments', undefined, signal).then((body) => body.items),
  report: (id: number, signal?: AbortSignal) => api.get<ExperimentReport>(`/api/admin/experiments/${id}/report`, undefined, signal),
};

export const ARM_NAMES: Readonly<Record<ArmName, string>> = { A: 'A 组', B: 'B 组', holdout: '对照组（不触达）' };
