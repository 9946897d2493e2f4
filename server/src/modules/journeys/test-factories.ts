import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { JourneyDefinition, JourneyStep } from '@siyu/shared';
import { queryRows } from '../../lib/sql';
import type { TestApp } from '../../testing/test-app';
import { activeVersionsFor, enrollMembers, type ActiveJourneyVersion } from './enroll';
import { createJourney, publishJourney } from './service';

/** A definition around `steps` (entry = the first step): service, on registration, every time, no goal. */
export function definitionOf(steps: JourneyStep[], overrides: Partial<JourneyDefinition> = {}): JourneyDefinition {
  return {
    trigger: { type: 'event', event: 'member.registered' },
    purpose: 'service',
    entryStepId: steps[0]!.id,
    steps,
    goal: null,
    reentry: { mode: 'every_time', cooldownDays: 0 },
    experiment: null,
    ...overrides,
  };
}

/** An in-app send step. */
export function inappStep(id: string, next: string | null, content = '你好 {{member.name}}'): JourneyStep {
  return { id, type: 'send', content: { channel: 'inapp', template: 'text', variables: { title: '通知', content } }, next };
}

/** Creates and publishes a journey; answers its active version as the triggers see it. */
export async function publishedJourney(t: TestApp, definition: JourneyDefinition): Promise<ActiveJourneyVersion> {
  const journey = await createJourney(t.deps.db, { name: `旅程${crypto.randomBytes(3).toString('hex')}`, definition }, null);
  try {
    await publishJourney(t.deps.db, journey.id, null, t.clock.now());
  } catch (error) {
    throw new Error(`publish failed: ${JSON.stringify((error as { details?: unknown }).details ?? String(error))}`);
  }
  return versionOf(t, journey.id);
}

/** The journey's current version, as activeVersionsFor answers it. */
export async function versionOf(t: TestApp, journeyId: number): Promise<ActiveJourneyVersion> {
  const [row] = await queryRows<{ trigger_type: string }>(
    t.deps.db,
    sql`select v.definition -> 'trigger' ->> 'type' as trigger_type from journeys j join journey_versions v on v.id = j.current_version_id where j.id = ${journeyId}`,
  );
  const found = (await activeVersionsFor(t.deps.db, row!.trigger_type)).find((j) => j.journeyId === journeyId);
  if (!found) throw new Error(`journey ${journeyId} is not active`);
  return found;
}

export function enroll(t: TestApp, journey: ActiveJourneyVersion, memberIds: number[], occurrence = 'o1', context: Record<string, unknown> = {}) {
  return enrollMembers(
    t.deps.db,
    journey,
    memberIds.map((memberId) => ({ memberId, occurrence, context })),
    t.clock.now(),
  );
}

export async function enrollmentsOf(t: TestApp, journeyId: number) {
  return queryRows<{
    id: string;
    member_id: number;
    status: string;
    step_id: string | null;
    version_id: number;
    arm: string | null;
    exit_reason: string | null;
  }>(
    t.deps.db,
    sql`select id::text, member_id, status, step_id, version_id, arm, exit_reason from journey_enrollments where journey_id = ${journeyId} order by id`,
  );
}

export async function intentsOf(t: TestApp, journeyId: number) {
  return queryRows<{
    key: string;
    member_id: number;
    channel: string;
    purpose: string;
    variables: Record<string, string>;
    arm: string | null;
    step_id: string;
  }>(t.deps.db, sql`select key, member_id, channel, purpose, variables, arm, step_id from message_intents where journey_id = ${journeyId} order by id`);
}

export async function stepRunsOf(t: TestApp, journeyId: number) {
  return queryRows<{ enrollment_id: string; step_id: string; visit: number; outcome: string; reason: string | null }>(
    t.deps.db,
    sql`select r.enrollment_id::text, r.step_id, r.visit, r.outcome, r.reason from journey_step_runs r
        join journey_enrollments e on e.id = r.enrollment_id where e.journey_id = ${journeyId} order by r.id`,
  );
}

/** A manual tag (raw rows). */
export async function createTagRow(t: TestApp): Promise<number> {
  const name = `j${crypto.randomBytes(4).toString('hex')}`;
  const [group] = await queryRows<{ id: number }>(t.deps.db, sql`insert into tag_groups (name) values (${name}) returning id`);
  const [tag] = await queryRows<{ id: number }>(t.deps.db, sql`insert into tags (group_id, name, kind) values (${group!.id}, ${name}, 'manual') returning id`);
  return Number(tag!.id);
}
