import crypto from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { SegmentDefinition, SendContent } from '@siyu/shared';
import type { Db, Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { assertTemplateGrantable, grantCouponsInBulk, lockTemplate } from '../coupons/grant';
import type { TemplateRow } from '../coupons/views';
import { compileSegment, SEGMENT_FROM } from '../segments';
import { armCase, pointSql } from './arm-sql';

/**
 * Enqueueing a due campaign: its audience's message intents (and, for a coupon drop, the coupons), written
 * set-based by member-id range — one INSERT … SELECT per chunk — with the experiment arm computed in SQL.
 * Keys are unique (`campaign:<id>:<member>`), so a run cut short by a crash is simply run again from the
 * start by the next scan (a campaign left `running` for STALE_MS) and writes nothing twice.
 *
 * PIPL (decided here): a campaign to every member is a non-personalised broadcast and reaches members who
 * turned personalised marketing off; a segment is profiling, so a segment-targeted marketing campaign skips
 * them (member_consents 'personalized' granted = false). Service campaigns skip nobody. Channel consent, caps
 * and quiet hours are the dispatcher's guards at send time.
 */

/** Member ids per INSERT … SELECT. */
export const CAMPAIGN_CHUNK = 50_000;
/** Chunk statements in flight at once (the server uses two cores; PGlite runs them one after another). */
const PARALLEL_CHUNKS = 2;
/** A campaign still `running` this long after its last progress was cut short: the next scan resumes it. */
const STALE_MS = 5 * 60_000;

interface CampaignRow {
  id: number;
  kind: 'broadcast' | 'coupon_drop';
  segment_id: number | null;
  purpose: 'marketing' | 'service';
  content: SendContent | null;
  variant_b: SendContent | null;
  coupon_id: number | null;
  /** The B lure: arm B's coupon instead of coupon_id. */
  coupon_id_b: number | null;
  experiment_id: number | null;
  salt: string | null;
  holdout_bp: number | null;
  split_bp: number | null;
}

/** `{{member.name}}` in the variables' JSON text replaced per member (the nickname, JSON-escaped, ≤ 10 chars). */
function renderedVariables(content: SendContent, nickname: SQL): SQL {
  const json = JSON.stringify(content.variables).replace(/\{\{\s*member\.name\s*\}\}/g, '{{member.name}}');
  if (!json.includes('{{member.name}}')) return sql`${json}::jsonb`;
  const name = sql`to_json(left(coalesce(nullif(${nickname}, ''), '会员'), 10))::text`;
  return sql`replace(${json}::text, '{{member.name}}', substr(${name}, 2, length(${name}) - 2))::jsonb`;
}

/** The audience of chunk (lo, hi]: member id and arm. */
function audienceSql(campaign: CampaignRow, definition: SegmentDefinition | null, lo: number, hi: number, now: Date): SQL {
  const segment = definition ? sql`and ${compileSegment(definition, now)}` : sql``;
  const consent =
    definition && campaign.purpose === 'marketing'
      ? sql`and not exists (select 1 from member_consents mc where mc.member_id = m.id and mc.channel = 'personalized' and mc.granted = false)`
      : sql``;
  if (campaign.experiment_id === null || !campaign.salt)
    return sql`select m.id as member_id, m.nickname, null::text as arm from ${SEGMENT_FROM} where m.id > ${lo} and m.id <= ${hi} ${segment} ${consent}`;
  const arm = armCase(sql`p.point`, Number(campaign.holdout_bp), Number(campaign.split_bp));
  return sql`select m.id as member_id, m.nickname, ${arm} as arm
    from ${SEGMENT_FROM} cross join lateral (select ${pointSql(campaign.salt, sql`m.id`)} as point) p
    where m.id > ${lo} and m.id <= ${hi} ${segment} ${consent}`;
}

/** One chunk's intents (and holdout assignments) in one statement; returns the intents written. */
async function enqueueChunk(db: Executor, campaign: CampaignRow, definition: SegmentDefinition | null, lo: number, hi: number, now: Date): Promise<number> {
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const assignments =
    campaign.experiment_id !== null
      ? sql`, assigned as (insert into experiment_assignments (experiment_id, member_id, arm, assigned_at)
          select ${campaign.experiment_id}, a.member_id, a.arm, ${nowSql} from audience a on conflict do nothing returning 1)`
      : sql``;
  const content = campaign.content;
  if (!content) {
    if (campaign.experiment_id === null) return 0;
    await db.execute(sql`with audience as (${audienceSql(campaign, definition, lo, hi, now)}) ${assignments} select (select count(*) from assigned)`);
    return 0;
  }
  const b = campaign.variant_b ?? content;
  const pick = (a: SQL, bValue: SQL) => (campaign.variant_b ? sql`case when a.arm = 'B' then ${bValue} else ${a} end` : a);
  const [row] = await queryRows<{ intents: number | string }>(
    db,
    sql`with audience as (${audienceSql(campaign, definition, lo, hi, now)}) ${assignments},
      written as (
        insert into message_intents (key, member_id, channel, purpose, template, variables, link, campaign_id, experiment_id, arm, not_before, created_at, updated_at)
        select 'campaign:' || ${campaign.id}::int || ':' || a.member_id, a.member_id,
          ${pick(sql`${content.channel}::text`, sql`${b.channel}::text`)},
          ${campaign.purpose},
          ${pick(sql`${content.template}::text`, sql`${b.template}::text`)},
          ${pick(renderedVariables(content, sql`a.nickname`), renderedVariables(b, sql`a.nickname`))},
          ${pick(sql`${content.link ?? null}::text`, sql`${b.link ?? null}::text`)},
          ${campaign.id}, ${campaign.experiment_id}, a.arm, ${nowSql}, ${nowSql}, ${nowSql}
        from audience a
        where a.arm is distinct from 'holdout'
        on conflict (key) do nothing
        returning 1
      )
      select (select count(*) from written) as intents ${campaign.experiment_id !== null ? sql`, (select count(*) from assigned) as assigned` : sql``}`,
  );
  return Number(row?.intents ?? 0);
}

/**
 * A coupon drop's coupons for the chunk's non-holdout members, set-based through the coupon grant path
 * (`grantCouponsInBulk`: count, budget and per-member cap as one by one). The templates are locked first
 * (in id order), then the members still without their `campaign:<id>:<member>` coupon are read, so a rerun
 * grants nothing twice. A template no longer grantable (stopped, expired) gives its arm nothing; the rest of
 * the audience still gets the notice.
 */
async function grantChunk(db: Db, campaign: CampaignRow, definition: SegmentDefinition | null, lo: number, hi: number, now: Date): Promise<number> {
  if (campaign.coupon_id === null) return 0;
  const couponA = campaign.coupon_id;
  const couponB = campaign.coupon_id_b ?? couponA;
  return db.transaction(async (tx) => {
    const sc = { db: tx, requestId: `campaign-${campaign.id}`, now, ip: null };
    const rows = new Map<number, TemplateRow | null>();
    for (const templateId of [...new Set([couponA, couponB])].sort((a, b) => a - b)) {
      try {
        const row = await lockTemplate(tx, templateId);
        assertTemplateGrantable(row, now);
        rows.set(templateId, row);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        rows.set(templateId, null);
      }
    }
    const targets = await queryRows<{ member_id: number; arm: string | null }>(
      tx,
      sql`select a.member_id, a.arm from (${audienceSql(campaign, definition, lo, hi, now)}) a
        where a.arm is distinct from 'holdout'
          and not exists (select 1 from member_coupons c where c.source_key = 'campaign:' || ${campaign.id}::int || ':' || a.member_id)
        order by a.member_id`,
    );
    const keyOf = (memberId: number) => `campaign:${campaign.id}:${memberId}`;
    let granted = 0;
    for (const [templateId, row] of rows) {
      if (!row) continue;
      const memberIds = targets.filter((target) => (target.arm === 'B' ? couponB : couponA) === templateId).map((target) => Number(target.member_id));
      // Out of coupons, budget or a member at the cap: skipped members still get the notice.
      granted += (await grantCouponsInBulk(sc, row, memberIds, keyOf)).issued.length;
    }
    return granted;
  });
}

async function loadDefinition(db: Executor, segmentId: number | null): Promise<SegmentDefinition | null | 'gone'> {
  if (segmentId === null) return null;
  const [row] = await queryRows<{ definition: SegmentDefinition; status: string }>(db, sql`select definition, status from segments where id = ${segmentId}`);
  return row && row.status === 'active' ? row.definition : 'gone';
}

/** Runs one claimed campaign to the end; returns entrants written (intents, or coupons for a drop without a notice). */
export async function enqueueCampaign(db: Db, campaign: CampaignRow, now: Date): Promise<number> {
  const definition = await loadDefinition(db, campaign.segment_id);
  if (definition === 'gone') {
    await db.execute(sql`update campaigns set status = 'cancelled', updated_at = ${now.toISOString()}::timestamptz where id = ${campaign.id}`);
    return 0;
  }
  const [bounds] = await queryRows<{ max: number | null }>(db, sql`select max(id) as max from members`);
  const maxId = Number(bounds?.max ?? 0);
  let total = 0;
  const starts: number[] = [];
  for (let lo = 0; lo < maxId; lo += CAMPAIGN_CHUNK) starts.push(lo);
  const runChunk = async (lo: number) => {
    const hi = lo + CAMPAIGN_CHUNK;
    let written = 0;
    if (campaign.kind === 'coupon_drop') written += await grantChunk(db, campaign, definition, lo, hi, now);
    const intents = await enqueueChunk(db, campaign, definition, lo, hi, now);
    written = campaign.kind === 'coupon_drop' && !campaign.content ? written : intents;
    total += written;
    await db.execute(sql`update campaigns set enqueued = enqueued + ${written}, updated_at = ${now.toISOString()}::timestamptz where id = ${campaign.id}`);
  };
  // Chunks are disjoint member ranges: a few statements at a time (coupon grants lock their template: one at a time).
  const workers = campaign.kind === 'coupon_drop' ? 1 : PARALLEL_CHUNKS;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let lo = starts.shift(); lo !== undefined; lo = starts.shift()) await runChunk(lo);
    }),
  );
  await db.execute(sql`update campaigns set status = 'done', updated_at = ${now.toISOString()}::timestamptz where id = ${campaign.id} and status = 'running'`);
  return total;
}

/**
 * Claims and runs every due campaign (scheduled_at ≤ now), and any left `running` by a crash; returns how
 * many ran. A claim is a conditional update, so two scanners never run the same campaign at once.
 */
export async function runDueCampaigns(db: Db, now: Date): Promise<number> {
  const stale = new Date(now.getTime() - STALE_MS).toISOString();
  const claimed = await queryRows<CampaignRow>(
    db,
    sql`update campaigns c set status = 'running', updated_at = ${now.toISOString()}::timestamptz
      from (select id from campaigns where scheduled_at <= ${now.toISOString()}::timestamptz
              and (status = 'scheduled' or (status = 'running' and updated_at < ${stale}::timestamptz))
            order by scheduled_at, id for update skip locked) due
      where c.id = due.id
      returning c.id, c.kind, c.segment_id, c.purpose, c.content, c.variant_b, c.coupon_id, c.coupon_id_b, c.experiment_id,
        (select salt from experiments e where e.id = c.experiment_id) as salt,
        (select holdout_bp from experiments e where e.id = c.experiment_id) as holdout_bp,
        (select split_bp from experiments e where e.id = c.experiment_id) as split_bp`,
  );
  for (const campaign of claimed) await enqueueCampaign(db, { ...campaign, id: Number(campaign.id) }, now);
  return claimed.length;
}

/** A fresh salt for a campaign's experiment. */
export function newSalt(): string {
  return crypto.randomBytes(8).toString('hex');
}
