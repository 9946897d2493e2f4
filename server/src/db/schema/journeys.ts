import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';
import { members, staff } from './identity';
import { segments } from './crm';

/**
 * Journeys and messaging (issue 15): journeys and their frozen versions, the members in them, each step run,
 * the message intents the dispatcher sends (the messaging outbox), in-app messages, the store's guards,
 * experiments (A/B + holdout), one-off campaigns and staff tasks. docs/decisions.md "Journeys (issue 15)".
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A journey: its editable draft and the version members enter now (null until first published). */
export const journeys = pgTable(
  'journeys',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** The built-in template it was enabled from (null: built by hand). */
    templateKey: text('template_key'),
    /** 'marketing' | 'service' (mirrors the current definition's purpose, for listing and guards). */
    purpose: text('purpose').notNull(),
    status: text('status').notNull().default('draft'),
    /** The definition being edited (JourneyDefinition); publishing copies it into a new version. */
    draft: jsonb('draft').notNull(),
    currentVersionId: integer('current_version_id'),
    /** The journey's experiment (arms + holdout), created at publish when the definition asks for one. */
    experimentId: integer('experiment_id'),
    createdBy: integer('created_by').references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('journeys_status_check', sql`${t.status} in ('draft','active','paused','archived')`),
    check('journeys_purpose_check', sql`${t.purpose} in ('marketing','service')`),
    index('journeys_status_idx').on(t.status),
  ],
);

/** A published, immutable definition. Members in flight keep the version they entered. */
export const journeyVersions = pgTable(
  'journey_versions',
  {
    id: serial('id').primaryKey(),
    journeyId: integer('journey_id')
      .notNull()
      .references(() => journeys.id),
    version: integer('version').notNull(),
    definition: jsonb('definition').notNull(),
    publishedBy: integer('published_by').references(() => staff.id),
    publishedAt: createdAt(),
  },
  (t) => [uniqueIndex('journey_versions_journey_version').on(t.journeyId, t.version)],
);

/**
 * A member in a journey, once per (journey, member, occurrence): the occurrence is what made them enter
 * (`order:123`, `event:456`, `2026-12-06` for a schedule run, `once`). The runner advances rows whose
 * next_run_at is due; status and step_id say where they are.
 */
export const journeyEnrollments = pgTable(
  'journey_enrollments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    journeyId: integer('journey_id')
      .notNull()
      .references(() => journeys.id),
    versionId: integer('version_id')
      .notNull()
      .references(() => journeyVersions.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    occurrence: text('occurrence').notNull(),
    /** active | waiting | completed | goal | exited | holdout. */
    status: text('status').notNull().default('active'),
    /** The experiment arm: 'A', 'B' or 'holdout' (null without an experiment). */
    arm: text('arm'),
    /** The step to run next (null once ended). */
    stepId: text('step_id'),
    nextRunAt: ts('next_run_at'),
    /** What the trigger carried: orderId, couponId, tier, points … (rendering and branches read it). */
    context: jsonb('context').notNull().default({}),
    exitReason: text('exit_reason'),
    enteredAt: ts('entered_at').notNull().defaultNow(),
    endedAt: ts('ended_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('journey_enrollments_occurrence').on(t.journeyId, t.memberId, t.occurrence),
    index('journey_enrollments_due_idx')
      .on(t.nextRunAt)
      .where(sql`${t.status} = 'active'`),
    index('journey_enrollments_member_idx').on(t.memberId, t.journeyId),
    index('journey_enrollments_version_idx').on(t.versionId, t.status),
    check('journey_enrollments_status_check', sql`${t.status} in ('active','waiting','completed','goal','exited','holdout')`),
  ],
);

/**
 * One run of one step for one enrollment, keyed (enrollment, step, visit): a replay after a crash finds the
 * row and does not repeat the effect. Per-step counts are read from here.
 */
export const journeyStepRuns = pgTable(
  'journey_step_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    enrollmentId: bigint('enrollment_id', { mode: 'number' })
      .notNull()
      .references(() => journeyEnrollments.id),
    versionId: integer('version_id').notNull(),
    stepId: text('step_id').notNull(),
    /** The visit number of this step for this enrollment (a loop with a wait visits it again). */
    visit: integer('visit').notNull().default(1),
    /** done | yes | no | intent (a send wrote its intent) | skipped | failed. */
    outcome: text('outcome').notNull(),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('journey_step_runs_key').on(t.enrollmentId, t.stepId, t.visit), index('journey_step_runs_version_idx').on(t.versionId, t.stepId)],
);

/**
 * The messaging outbox: one row per message to send, keyed uniquely (journey version : member : step :
 * occurrence, `campaign:<id>:<member>`, `notice:<id>` …) and written in the transaction that decided it.
 * Workers claim due rows, check the guards at send time, call the channel and record the outcome.
 */
export const messageIntents = pgTable(
  'message_intents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    channel: text('channel').notNull(),
    purpose: text('purpose').notNull(),
    template: text('template').notNull(),
    /** Rendered values, by the template's field names. */
    variables: jsonb('variables').notNull().default({}),
    link: text('link'),
    /** pending | sending | waiting | sent | delivered | skipped | failed. */
    status: text('status').notNull().default('pending'),
    reason: text('reason'),
    /** Not before this time (quiet hours move it to the window's opening). */
    notBefore: ts('not_before').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    /** The provider's id for the attempt (SMS OutId/BizId, WeCom msgid, subscribe msg key, in-app message id). */
    providerRef: text('provider_ref'),
    /** A waiting WeCom task falls back after this time. */
    waitUntil: ts('wait_until'),
    /** Tried when the send is skipped (SendContent); the fallback's own intent is `<key>:fb`. */
    fallback: jsonb('fallback'),
    enrollmentId: bigint('enrollment_id', { mode: 'number' }),
    stepId: text('step_id'),
    journeyId: integer('journey_id'),
    campaignId: integer('campaign_id'),
    experimentId: integer('experiment_id'),
    arm: text('arm'),
    sentAt: ts('sent_at'),
    deliveredAt: ts('delivered_at'),
    openedAt: ts('opened_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('message_intents_key').on(t.key),
    index('message_intents_due_idx')
      .on(t.notBefore)
      .where(sql`${t.status} in ('pending','sending','waiting')`),
    index('message_intents_member_sent_idx')
      .on(t.memberId, t.sentAt)
      .where(sql`${t.sentAt} is not null`),
    index('message_intents_enrollment_idx')
      .on(t.enrollmentId)
      .where(sql`${t.enrollmentId} is not null`),
    index('message_intents_campaign_idx')
      .on(t.campaignId)
      .where(sql`${t.campaignId} is not null`),
    check('message_intents_channel_check', sql`${t.channel} in ('subscribe','sms','wecom','inapp')`),
    check('message_intents_purpose_check', sql`${t.purpose} in ('marketing','service')`),
    check('message_intents_status_check', sql`${t.status} in ('pending','sending','waiting','sent','delivered','skipped','failed')`),
  ],
);

/** The 消息 center in the mini-program: one row per in-app message (read_at null = unread). */
export const memberMessages = pgTable(
  'member_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    /** The intent that sent it (unique: a replayed send finds it). */
    intentId: bigint('intent_id', { mode: 'number' }),
    readAt: ts('read_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('member_messages_intent').on(t.intentId),
    index('member_messages_member_idx').on(t.memberId, t.id),
    index('member_messages_unread_idx')
      .on(t.memberId)
      .where(sql`${t.readAt} is null`),
  ],
);

/** The store's messaging guards (one row, id 1): MessagingSettings. */
export const messagingSettings = pgTable(
  'messaging_settings',
  {
    id: integer('id').primaryKey().default(1),
    settings: jsonb('settings').notNull(),
    updatedBy: integer('updated_by').references(() => staff.id),
    updatedAt: updatedAt(),
  },
  (t) => [check('messaging_settings_single', sql`${t.id} = 1`)],
);

/** Every consent change with its proof (text shown, time, source): member_consents holds the current state. */
export const memberConsentLog = pgTable(
  'member_consent_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    channel: text('channel').notNull(),
    /** What it is for: 'marketing' (a channel's marketing consent) or 'personalized' (PIPL art. 24). */
    granted: boolean('granted').notNull(),
    /** settings | sms_uplink | wecom_delete | subscribe_accept | admin | seed … */
    source: text('source').notNull(),
    proof: text('proof').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [index('member_consent_log_member_idx').on(t.memberId, t.id)],
);

/** An A/B test: arms (A, B) and a holdout, assigned by hash(member id + salt). */
export const experiments = pgTable(
  'experiments',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    /** journey | campaign. */
    kind: text('kind').notNull(),
    journeyId: integer('journey_id'),
    campaignId: integer('campaign_id'),
    salt: text('salt').notNull(),
    /** Share of entrants held out (basis points) and, of the rest, the share in arm B. */
    holdoutBp: integer('holdout_bp').notNull(),
    splitBp: integer('split_bp').notNull(),
    conversionDays: integer('conversion_days').notNull(),
    startedAt: ts('started_at').notNull().defaultNow(),
    endedAt: ts('ended_at'),
    createdAt: createdAt(),
  },
  (t) => [check('experiments_kind_check', sql`${t.kind} in ('journey','campaign')`)],
);

/** Each entrant's arm, written when they enter (first assignment wins; the arm is deterministic anyway). */
export const experimentAssignments = pgTable(
  'experiment_assignments',
  {
    experimentId: integer('experiment_id')
      .notNull()
      .references(() => experiments.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    arm: text('arm').notNull(),
    assignedAt: ts('assigned_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.experimentId, t.memberId] }), index('experiment_assignments_arm_idx').on(t.experimentId, t.arm)],
);

/** A one-off campaign: a broadcast or a coupon drop to a segment at a time, optionally with an experiment. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    /** broadcast | coupon_drop. */
    kind: text('kind').notNull(),
    segmentId: integer('segment_id').references(() => segments.id),
    purpose: text('purpose').notNull().default('marketing'),
    /** SendContent (broadcast; optional for a coupon drop's notice) and its B variant. */
    content: jsonb('content'),
    variantB: jsonb('variant_b'),
    couponId: integer('coupon_id'),
    /** A coupon drop's B lure: the coupon arm B of the experiment gets instead of `couponId`. */
    couponIdB: integer('coupon_id_b'),
    scheduledAt: ts('scheduled_at').notNull(),
    /** draft | scheduled | running | done | cancelled. */
    status: text('status').notNull().default('scheduled'),
    experimentId: integer('experiment_id'),
    /** Entrants written so far (progress of a large enqueue). */
    enqueued: integer('enqueued').notNull().default(0),
    createdBy: integer('created_by').references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('campaigns_kind_check', sql`${t.kind} in ('broadcast','coupon_drop')`),
    check('campaigns_status_check', sql`${t.status} in ('draft','scheduled','running','done','cancelled')`),
    index('campaigns_scheduled_idx').on(t.scheduledAt),
  ],
);

/** A task for staff (call a member, send a WeCom 1:1 with a suggested script), from a journey step or by hand. */
export const staffTasks = pgTable(
  'staff_tasks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** The staff member it is for (the member's WeCom owner mapped to staff), null = the shared queue. */
    assigneeId: integer('assignee_id').references(() => staff.id),
    /** The WeCom userid of the member's owner, when known. */
    wecomUserId: text('wecom_user_id'),
    /** call | wecom_message | follow_up. */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    script: text('script').notNull().default(''),
    /** open | done | cancelled. */
    status: text('status').notNull().default('open'),
    dueAt: ts('due_at').notNull(),
    /** Unique: `journey:<enrollment>:<step>:<visit>` for a journey step (a replay creates none). */
    sourceKey: text('source_key').notNull(),
    journeyId: integer('journey_id'),
    outcome: text('outcome'),
    closedAt: ts('closed_at'),
    closedBy: integer('closed_by').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('staff_tasks_source_key').on(t.sourceKey),
    index('staff_tasks_open_idx')
      .on(t.assigneeId, t.dueAt)
      .where(sql`${t.status} = 'open'`),
    check('staff_tasks_status_check', sql`${t.status} in ('open','done','cancelled')`),
    check('staff_tasks_kind_check', sql`${t.kind} in ('call','wecom_message','follow_up')`),
  ],
);
