import { sql } from 'drizzle-orm';
import { LIFECYCLE_STAGES, RFM_CELLS, type CrmSettings, type LifecycleBoundaries, type RfmThresholdsInForce } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import type { Db } from '../../db/client';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { recordAudit } from '../audit';
import { crmSettingsOf, saveCrmSettings } from './facts';
import { latestRebuild, startCrmRebuild, type CrmRebuild } from './rebuild';

/**
 * Shares in basis points that sum to exactly 10,000 (largest remainder; ties to the earlier entry);
 * all zero when the total is zero.
 */
export function sharesBp(values: readonly number[]): number[] {
  const total = values.reduce((sum, value) => sum + value, 0);
  if (total <= 0) return values.map(() => 0);
  const exact = values.map((value) => (value * 10_000) / total);
  const shares = exact.map(Math.floor);
  let left = 10_000 - shares.reduce((sum, share) => sum + share, 0);
  const order = exact.map((value, index) => ({ index, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}

export interface CrmSettingsView {
  settings: CrmSettings;
  thresholds: RfmThresholdsInForce | null;
  lastRebuild: CrmRebuild | null;
}

export async function crmSettingsView(db: Db): Promise<CrmSettingsView> {
  const { settings, thresholds } = await crmSettingsOf(db);
  return { settings, thresholds, lastRebuild: await latestRebuild(db) };
}

/**
 * PUT /api/admin/crm/settings: stores the settings (audited) and starts a rebuild with them (trigger
 * 'settings'); while one runs, 409 CRM_REBUILD_RUNNING and nothing is stored (the running rebuild would
 * mix the old and the new settings). One starting in between the check and the start keeps the new
 * settings for the next rebuild.
 */
export async function updateCrmSettings(sc: ServiceContext, db: Db, settings: CrmSettings): Promise<CrmSettingsView> {
  const staff = requireStaffActor(sc);
  const [running] = await queryRows<{ id: number }>(db, sql`select id from crm_rebuilds where status = 'running' limit 1`);
  if (running) throw new AppError('CRM_REBUILD_RUNNING', undefined, { rebuildId: Number(running.id) });
  await inTransaction(sc, async (tx) => {
    const before = await crmSettingsOf(tx.db);
    await saveCrmSettings(tx.db, { settings });
    await recordAudit(tx, { action: 'crm.settings.update', targetType: 'crm_settings', targetId: 1, before: before.settings, after: settings });
  });
  try {
    await startCrmRebuild(db, 'settings', staff.id, sc.now);
  } catch (error) {
    // Another rebuild started in between: the settings are stored, the next rebuild applies them.
    if (!(error instanceof AppError && error.code === 'CRM_REBUILD_RUNNING')) throw error;
  }
  return crmSettingsView(db);
}

export interface RfmGridCell {
  code: string;
  name: string;
  members: number;
  memberShareBp: number;
  gmvFen: number;
  gmvShareBp: number;
}

export interface RfmGrid {
  cells: RfmGridCell[];
  prospects: number;
  payingMembers: number;
  totalMembers: number;
  gmvFen: number;
  windowDays: number;
  thresholds: RfmThresholdsInForce | null;
  computedAt: string | null;
}

/**
 * GET /api/admin/rfm: members and window GMV per cell (one group by on member_facts_rfm_idx, index-only),
 * shares of the paying members and of the window GMV in basis points (each sums to 10,000).
 */
export async function rfmGrid(db: Db): Promise<RfmGrid> {
  const [{ settings, thresholds }, rows] = await Promise.all([
    crmSettingsOf(db),
    queryRows<{ cell: string | null; members: number; gmv: string | number }>(
      db,
      sql`select rfm_cell as cell, count(*)::int as members, coalesce(sum(window_net_fen), 0)::text as gmv from member_facts group by rfm_cell`,
    ),
  ]);
  const byCell = new Map(rows.map((row) => [row.cell, { members: Number(row.members), gmv: Number(row.gmv) }]));
  const members = RFM_CELLS.map((cell) => byCell.get(cell.code)?.members ?? 0);
  const gmv = RFM_CELLS.map((cell) => byCell.get(cell.code)?.gmv ?? 0);
  const memberShares = sharesBp(members);
  const gmvShares = sharesBp(gmv);
  const prospects = byCell.get(null)?.members ?? 0;
  const payingMembers = members.reduce((sum, n) => sum + n, 0);
  return {
    cells: RFM_CELLS.map((cell, i) => ({
      code: cell.code,
      name: cell.name,
      members: members[i]!,
      memberShareBp: memberShares[i]!,
      gmvFen: gmv[i]!,
      gmvShareBp: gmvShares[i]!,
    })),
    prospects,
    payingMembers,
    totalMembers: payingMembers + prospects,
    gmvFen: gmv.reduce((sum, n) => sum + n, 0),
    windowDays: settings.rfm.windowDays,
    thresholds,
    computedAt: thresholds?.computedAt ?? null,
  };
}

export interface RfmScores {
  r: { score: number; members: number }[];
  f: { score: number; members: number }[];
  m: { score: number; members: number }[];
}

/** GET /api/admin/rfm/scores: paying members per 1–5 score of R, F and M (one scan, grouping sets). */
export async function rfmScores(db: Db): Promise<RfmScores> {
  const rows = await queryRows<{ r: number | null; f: number | null; m: number | null; members: number }>(
    db,
    sql`select r_score as r, f_score as f, m_score as m, count(*)::int as members from member_facts
      where rfm_cell is not null group by grouping sets ((r_score), (f_score), (m_score))`,
  );
  const series = (key: 'r' | 'f' | 'm') =>
    [1, 2, 3, 4, 5].map((score) => ({
      score,
      members: rows
        .filter((row) => row[key] !== null && Number(row[key]) === score && (['r', 'f', 'm'] as const).every((k) => k === key || row[k] === null))
        .reduce((sum, row) => sum + Number(row.members), 0),
    }));
  return { r: series('r'), f: series('f'), m: series('m') };
}

export interface LifecycleReport {
  stages: { code: string; name: string; members: number; shareBp: number }[];
  boundaries: LifecycleBoundaries;
  transitions: { from: string; to: string; members: number }[];
}

/** GET /api/admin/lifecycle: members per stage, the boundaries, and the last 30 days' transitions. */
export async function lifecycleReport(db: Db, now: Date): Promise<LifecycleReport> {
  const since = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const [{ settings }, stageRows, transitionRows] = await Promise.all([
    crmSettingsOf(db),
    queryRows<{ stage: string; members: number }>(db, sql`select lifecycle as stage, count(*)::int as members from member_facts group by lifecycle`),
    queryRows<{ from: string; to: string; members: number }>(
      db,
      sql`select payload->>'from' as "from", payload->>'to' as "to", count(distinct member_id)::int as members from domain_events
        where type = 'member.lifecycle_changed' and occurred_at >= ${since}::timestamptz group by 1, 2 order by 3 desc, 1, 2`,
    ),
  ]);
  const byStage = new Map(stageRows.map((row) => [row.stage, Number(row.members)]));
  const counts = LIFECYCLE_STAGES.map((stage) => byStage.get(stage.code) ?? 0);
  const shares = sharesBp(counts);
  return {
    stages: LIFECYCLE_STAGES.map((stage, i) => ({ code: stage.code, name: stage.name, members: counts[i]!, shareBp: shares[i]! })),
    boundaries: settings.lifecycle,
    transitions: transitionRows.map((row) => ({ from: row.from, to: row.to, members: Number(row.members) })),
  };
}
