/** A rebuild as the admin sees it (GET /api/admin/crm/rebuilds/:id, the settings' lastRebuild). */
export interface CrmRebuild {
  id: number;
  trigger: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  transitions: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}
