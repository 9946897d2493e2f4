CREATE TABLE "campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"segment_id" integer,
	"purpose" text DEFAULT 'marketing' NOT NULL,
	"content" jsonb,
	"variant_b" jsonb,
	"coupon_id" integer,
	"scheduled_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"experiment_id" integer,
	"enqueued" integer DEFAULT 0 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_kind_check" CHECK ("campaigns"."kind" in ('broadcast','coupon_drop')),
	CONSTRAINT "campaigns_status_check" CHECK ("campaigns"."status" in ('draft','scheduled','running','done','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "experiment_assignments" (
	"experiment_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"arm" text NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experiment_assignments_experiment_id_member_id_pk" PRIMARY KEY("experiment_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"journey_id" integer,
	"campaign_id" integer,
	"salt" text NOT NULL,
	"holdout_bp" integer NOT NULL,
	"split_bp" integer NOT NULL,
	"conversion_days" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experiments_kind_check" CHECK ("experiments"."kind" in ('journey','campaign'))
);
--> statement-breakpoint
CREATE TABLE "journey_enrollments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"journey_id" integer NOT NULL,
	"version_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"occurrence" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"arm" text,
	"step_id" text,
	"next_run_at" timestamp with time zone,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"exit_reason" text,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journey_enrollments_status_check" CHECK ("journey_enrollments"."status" in ('active','waiting','completed','goal','exited','holdout'))
);
--> statement-breakpoint
CREATE TABLE "journey_step_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"enrollment_id" bigint NOT NULL,
	"version_id" integer NOT NULL,
	"step_id" text NOT NULL,
	"visit" integer DEFAULT 1 NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "journey_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"journey_id" integer NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"published_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "journeys" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"template_key" text,
	"purpose" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"draft" jsonb NOT NULL,
	"current_version_id" integer,
	"experiment_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journeys_status_check" CHECK ("journeys"."status" in ('draft','active','paused','archived')),
	CONSTRAINT "journeys_purpose_check" CHECK ("journeys"."purpose" in ('marketing','service'))
);
--> statement-breakpoint
CREATE TABLE "member_consent_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"channel" text NOT NULL,
	"granted" boolean NOT NULL,
	"source" text NOT NULL,
	"proof" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"intent_id" bigint,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_intents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"member_id" integer NOT NULL,
	"channel" text NOT NULL,
	"purpose" text NOT NULL,
	"template" text NOT NULL,
	"variables" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"not_before" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"provider_ref" text,
	"wait_until" timestamp with time zone,
	"fallback" jsonb,
	"enrollment_id" bigint,
	"step_id" text,
	"journey_id" integer,
	"campaign_id" integer,
	"experiment_id" integer,
	"arm" text,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_intents_channel_check" CHECK ("message_intents"."channel" in ('subscribe','sms','wecom','inapp')),
	CONSTRAINT "message_intents_purpose_check" CHECK ("message_intents"."purpose" in ('marketing','service')),
	CONSTRAINT "message_intents_status_check" CHECK ("message_intents"."status" in ('pending','sending','waiting','sent','delivered','skipped','failed'))
);
--> statement-breakpoint
CREATE TABLE "messaging_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messaging_settings_single" CHECK ("messaging_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "staff_tasks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"assignee_id" integer,
	"wecom_user_id" text,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"script" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"source_key" text NOT NULL,
	"journey_id" integer,
	"outcome" text,
	"closed_at" timestamp with time zone,
	"closed_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_tasks_status_check" CHECK ("staff_tasks"."status" in ('open','done','cancelled')),
	CONSTRAINT "staff_tasks_kind_check" CHECK ("staff_tasks"."kind" in ('call','wecom_message','follow_up'))
);
--> statement-breakpoint
ALTER TABLE "member_consents" DROP CONSTRAINT "member_consents_channel_check";--> statement-breakpoint
ALTER TABLE "staff" ADD COLUMN "wecom_user_id" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_assignments" ADD CONSTRAINT "experiment_assignments_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_assignments" ADD CONSTRAINT "experiment_assignments_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_enrollments" ADD CONSTRAINT "journey_enrollments_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_enrollments" ADD CONSTRAINT "journey_enrollments_version_id_journey_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."journey_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_enrollments" ADD CONSTRAINT "journey_enrollments_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_step_runs" ADD CONSTRAINT "journey_step_runs_enrollment_id_journey_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."journey_enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_versions" ADD CONSTRAINT "journey_versions_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_versions" ADD CONSTRAINT "journey_versions_published_by_staff_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journeys" ADD CONSTRAINT "journeys_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_consent_log" ADD CONSTRAINT "member_consent_log_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_messages" ADD CONSTRAINT "member_messages_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_intents" ADD CONSTRAINT "message_intents_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_settings" ADD CONSTRAINT "messaging_settings_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_tasks" ADD CONSTRAINT "staff_tasks_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_tasks" ADD CONSTRAINT "staff_tasks_assignee_id_staff_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_tasks" ADD CONSTRAINT "staff_tasks_closed_by_staff_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaigns_scheduled_idx" ON "campaigns" USING btree ("scheduled_at");--> statement-breakpoint
CREATE INDEX "experiment_assignments_arm_idx" ON "experiment_assignments" USING btree ("experiment_id","arm");--> statement-breakpoint
CREATE UNIQUE INDEX "journey_enrollments_occurrence" ON "journey_enrollments" USING btree ("journey_id","member_id","occurrence");--> statement-breakpoint
CREATE INDEX "journey_enrollments_due_idx" ON "journey_enrollments" USING btree ("next_run_at") WHERE "journey_enrollments"."status" = 'active';--> statement-breakpoint
CREATE INDEX "journey_enrollments_member_idx" ON "journey_enrollments" USING btree ("member_id","journey_id");--> statement-breakpoint
CREATE INDEX "journey_enrollments_version_idx" ON "journey_enrollments" USING btree ("version_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "journey_step_runs_key" ON "journey_step_runs" USING btree ("enrollment_id","step_id","visit");--> statement-breakpoint
CREATE INDEX "journey_step_runs_version_idx" ON "journey_step_runs" USING btree ("version_id","step_id");--> statement-breakpoint
CREATE UNIQUE INDEX "journey_versions_journey_version" ON "journey_versions" USING btree ("journey_id","version");--> statement-breakpoint
CREATE INDEX "journeys_status_idx" ON "journeys" USING btree ("status");--> statement-breakpoint
CREATE INDEX "member_consent_log_member_idx" ON "member_consent_log" USING btree ("member_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_messages_intent" ON "member_messages" USING btree ("intent_id");--> statement-breakpoint
CREATE INDEX "member_messages_member_idx" ON "member_messages" USING btree ("member_id","id");--> statement-breakpoint
CREATE INDEX "member_messages_unread_idx" ON "member_messages" USING btree ("member_id") WHERE "member_messages"."read_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "message_intents_key" ON "message_intents" USING btree ("key");--> statement-breakpoint
CREATE INDEX "message_intents_due_idx" ON "message_intents" USING btree ("not_before") WHERE "message_intents"."status" in ('pending','sending','waiting');--> statement-breakpoint
CREATE INDEX "message_intents_member_sent_idx" ON "message_intents" USING btree ("member_id","sent_at") WHERE "message_intents"."sent_at" is not null;--> statement-breakpoint
CREATE INDEX "message_intents_enrollment_idx" ON "message_intents" USING btree ("enrollment_id") WHERE "message_intents"."enrollment_id" is not null;--> statement-breakpoint
CREATE INDEX "message_intents_campaign_idx" ON "message_intents" USING btree ("campaign_id") WHERE "message_intents"."campaign_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_tasks_source_key" ON "staff_tasks" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "staff_tasks_open_idx" ON "staff_tasks" USING btree ("assignee_id","due_at") WHERE "staff_tasks"."status" = 'open';--> statement-breakpoint
ALTER TABLE "member_consents" ADD CONSTRAINT "member_consents_channel_check" CHECK ("member_consents"."channel" in ('sms','wecom','subscribe','inapp','personalized'));