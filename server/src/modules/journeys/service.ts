import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { journeyDefinitionSchema, type JourneyDefinition, type JourneyStatus } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { appendEvents } from '../events/outbox';
import { assertPublishable } from './validate';

export interface JourneyRow {
  id: number;
  name: string;
  description: string;
  templateKey: string | null;
  purpose: string;
  status: JourneyStatus;
  draft: JourneyDefinition;
  currentVersionId: number | null;
  experimentId: number | null;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
}

interface RawJourney {
  id: number;
  name: string;
  description: string;
  template_key: string | null;
  purpose: string;
  status: JourneyStatus;
  draft: JourneyDefinition;
  current_version_id: number | null;
  experiment_id: number | null;
  created_by: number | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (value: Date | string) => new Date(value).toISOString();

export function toJourneyRow(row: RawJourney): JourneyRow {
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    templateKey: row.template_key,
    purpose: row.purpose,
    status: row.status,
    draft: row.draft,
    currentVersionId: row.current_version_id === null ? null : Number(row.current_version_id),
    experimentId: row.experiment_id === null ? null : Number(row.experiment_id),
    createdBy: row.created_by === null ? null : Number(row.created_by),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The journey row (locked for update when `lock`), or 404 JOURNEY_NOT_FOUND. */
export async function loadJourney(db: Executor, journeyId: number, lock = false): Promise<JourneyRow> {
  const [row] = await queryRows<RawJourney>(db, sql`select * from journeys where id = ${journeyId} ${lock ? sql`for update` : sql``}`);
  if (!row) throw new AppError('JOURNEY_NOT_FOUND');
  return toJourneyRow(row);
}

function parseDefinition(definition: unknown): JourneyDefinition {
  const result = journeyDefinitionSchema.safeParse(definition);
  if (!result.success)
    throw new AppError(
      'JOURNEY_INVALID',
      undefined,
      result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  return result.data;
}

/** Creates a journey as a draft (nothing runs until it is published). */
export async function createJourney(
  db: Executor,
  input: { name: string; description?: string; templateKey?: string | null; definition: JourneyDefinition },
  staffId: number | null,
): Promise<JourneyRow> {
  const definition = parseDefinition(input.definition);
  const [row] = await queryRows<RawJourney>(
    db,
    sql`insert into journeys (name, description, template_key, purpose, status, draft, created_by)
        values (${input.name}, ${input.description ?? ''}, ${input.templateKey ?? null}, ${definition.purpose}, 'draft', ${JSON.stringify(definition)}::jsonb, ${staffId})
        returning *`,
  );
  return toJourneyRow(row!);
}

/**
 * Edits the draft (name, description, definition). In-flight members keep the version they entered;
 * only publishing moves new entrants to the edited definition. Archived journeys cannot be edited.
 */
export async function updateDraft(
  db: Executor,
  journeyId: number,
  patch: { name?: string; description?: string; definition?: JourneyDefinition },
): Promise<{ before: JourneyRow; after: JourneyRow }> {
  return db.transaction(async (tx) => {
    const before = await loadJourney(tx, journeyId, true);
    if (before.status === 'archived') throw new AppError('JOURNEY_STATUS_CONFLICT', '已归档的旅程不能修改');
    const definition = patch.definition ? parseDefinition(patch.definition) : before.draft;
    const purpose = before.currentVersionId === null ? definition.purpose : before.purpose;
    const [row] = await queryRows<RawJourney>(
      tx,
      sql`update journeys set name = ${patch.name ?? before.name}, description = ${patch.description ?? before.description},
            draft = ${JSON.stringify(definition)}::jsonb, purpose = ${purpose}, updated_at = now()
          where id = ${journeyId} returning *`,
    );
    return { before, after: toJourneyRow(row!) };
  });
}

export interface PublishedVersion {
  id: number;
  version: number;
  publishedAt: string;
}

/**
 * Publishes the draft: validates it (422 JOURNEY_INVALID with details), freezes it as version max+1,
 * points the journey at it and makes it active. With `definition.experiment` the journey's experiment is
 * created (random salt, kind 'journey') or, when one is running, kept with the new shares; without one a
 * running experiment ends. New entrants enter the new version; members in flight finish theirs.
 */
export async function publishJourney(
  db: Executor,
  journeyId: number,
  staffId: number | null,
  now: Date,
): Promise<{ journey: JourneyRow; version: PublishedVersion }> {
  return db.transaction(async (tx) => {
    const journey = await loadJourney(tx, journeyId, true);
    if (journey.status === 'archived') throw new AppError('JOURNEY_STATUS_CONFLICT', '已归档的旅程不能发布');
    const definition = parseDefinition(journey.draft);
    await assertPublishable(tx, definition, now);
    const nowIso = now.toISOString();
    const [version] = await queryRows<{ id: number; version: number; published_at: Date | string }>(
      tx,
      sql`insert into journey_versions (journey_id, version, definition, published_by, created_at)
          select ${journeyId}, coalesce(max(version), 0) + 1, ${JSON.stringify(definition)}::jsonb, ${staffId}, ${nowIso}::timestamptz
          from journey_versions where journey_id = ${journeyId}
          returning id, version, created_at as published_at`,
    );
    let experimentId = journey.experimentId;
    const running =
      experimentId === null ? [] : await queryRows<{ id: number }>(tx, sql`select id from experiments where id = ${experimentId} and ended_at is null`);
    if (definition.experiment) {
      const { holdoutBp, splitBp, conversionDays } = definition.experiment;
      if (running.length > 0) {
        await tx.execute(
          sql`update experiments set holdout_bp = ${holdoutBp}, split_bp = ${splitBp}, conversion_days = ${conversionDays}, name = ${journey.name} where id = ${experimentId}`,
        );
      } else {
        const [created] = await queryRows<{ id: number }>(
          tx,
          sql`insert into experiments (name, kind, journey_id, salt, holdout_bp, split_bp, conversion_days, started_at)
              values (${journey.name}, 'journey', ${journeyId}, ${crypto.randomBytes(12).toString('hex')}, ${holdoutBp}, ${splitBp}, ${conversionDays}, ${nowIso}::timestamptz)
              returning id`,
        );
        experimentId = Number(created!.id);
      }
    } else if (running.length > 0) {
      await tx.execute(sql`update experiments set ended_at = ${nowIso}::timestamptz where id = ${experimentId}`);
    }
    const [row] = await queryRows<RawJourney>(
      tx,
      sql`update journeys set current_version_id = ${version!.id}, status = 'active', purpose = ${definition.purpose},
            experiment_id = ${experimentId}, updated_at = ${nowIso}::timestamptz
          where id = ${journeyId} returning *`,
    );
    return {
      journey: toJourneyRow(row!),
      version: { id: Number(version!.id), version: Number(version!.version), publishedAt: iso(version!.published_at) },
    };
  });
}

async function moveStatus(
  db: Executor,
  journeyId: number,
  from: JourneyStatus[],
  to: JourneyStatus,
  message: string,
): Promise<{ before: JourneyRow; after: JourneyRow }> {
  return db.transaction(async (tx) => {
    const before = await loadJourney(tx, journeyId, true);
    if (!from.includes(before.status)) throw new AppError('JOURNEY_STATUS_CONFLICT', message);
    const [row] = await queryRows<RawJourney>(tx, sql`update journeys set status = ${to}, updated_at = now() where id = ${journeyId} returning *`);
    return { before, after: toJourneyRow(row!) };
  });
}

/** Pauses an active journey: its members stay where they are (the runner skips them) and no one new enters. */
export function pauseJourney(db: Executor, journeyId: number) {
  return moveStatus(db, journeyId, ['active'], 'paused', '只有运行中的旅程可以暂停');
}

/** Resumes a paused journey: due steps run again and new entrants are admitted. */
export function resumeJourney(db: Executor, journeyId: number) {
  return moveStatus(db, journeyId, ['paused'], 'active', '只有已暂停的旅程可以恢复');
}

/**
 * Archives a journey: no one enters, members still in it exit (reason 'archived', journey.exited each),
 * a running experiment ends.
 */
export async function archiveJourney(db: Executor, journeyId: number, now: Date): Promise<{ before: JourneyRow; after: JourneyRow; exited: number }> {
  return db.transaction(async (tx) => {
    const result = await moveStatus(tx, journeyId, ['draft', 'active', 'paused'], 'archived', '旅程已归档');
    const nowIso = now.toISOString();
    const exited = await queryRows<{ id: number; member_id: number }>(
      tx,
      sql`update journey_enrollments set status = 'exited', exit_reason = 'archived', step_id = null, next_run_at = null,
            ended_at = ${nowIso}::timestamptz, updated_at = ${nowIso}::timestamptz
          where journey_id = ${journeyId} and status in ('active','waiting')
          returning id, member_id`,
    );
    await appendEvents(
      tx,
      exited.map((row) => ({
        type: 'journey.exited' as const,
        occurredAt: now,
        memberId: Number(row.member_id),
        payload: { journeyId, enrollmentId: Number(row.id), status: 'exited', reason: 'archived' },
      })),
    );
    if (result.before.experimentId !== null)
      await tx.execute(sql`update experiments set ended_at = ${nowIso}::timestamptz where id = ${result.before.experimentId} and ended_at is null`);
    return { ...result, exited: exited.length };
  });
}
