CREATE TABLE "behaviour_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"device_id" text,
	"member_id" integer,
	"product_id" integer,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_rebuilds" (
	"id" serial PRIMARY KEY NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"transitions" integer DEFAULT 0 NOT NULL,
	"requested_by" integer,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "crm_rebuilds_status_check" CHECK ("crm_rebuilds"."status" in ('running','done','failed'))
);
--> statement-breakpoint
CREATE TABLE "crm_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"thresholds" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_consents" (
	"member_id" integer NOT NULL,
	"channel" text NOT NULL,
	"granted" boolean NOT NULL,
	"source" text NOT NULL,
	"proof" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_consents_member_id_channel_pk" PRIMARY KEY("member_id","channel"),
	CONSTRAINT "member_consents_channel_check" CHECK ("member_consents"."channel" in ('sms','wecom','subscribe','personalized'))
);
--> statement-breakpoint
CREATE TABLE "member_facts" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"first_paid_at" timestamp with time zone,
	"last_paid_at" timestamp with time zone,
	"paid_orders" integer DEFAULT 0 NOT NULL,
	"net_paid_fen" bigint DEFAULT 0 NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	"refund_count" integer DEFAULT 0 NOT NULL,
	"aov_fen" bigint DEFAULT 0 NOT NULL,
	"coupon_orders" integer DEFAULT 0 NOT NULL,
	"coupon_share_bp" integer DEFAULT 0 NOT NULL,
	"favourite_category_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"window_orders" integer DEFAULT 0 NOT NULL,
	"window_net_fen" bigint DEFAULT 0 NOT NULL,
	"recency_days" integer,
	"rfm_cell" text,
	"r_score" smallint,
	"f_score" smallint,
	"m_score" smallint,
	"lifecycle" text DEFAULT 'prospect' NOT NULL,
	"lifecycle_since" timestamp with time zone DEFAULT now() NOT NULL,
	"first_channel_id" integer,
	"last_channel_id" integer,
	"last_active_at" timestamp with time zone,
	"city" text,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_facts_lifecycle_check" CHECK ("member_facts"."lifecycle" in ('prospect','new','active','silent','at_risk','churned')),
	CONSTRAINT "member_facts_rfm_check" CHECK ("member_facts"."rfm_cell" is null or "member_facts"."rfm_cell" ~ '^[01]{3}$')
);
--> statement-breakpoint
CREATE TABLE "member_notes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"staff_id" integer NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_tags" (
	"member_id" integer NOT NULL,
	"tag_id" integer NOT NULL,
	"source" text NOT NULL,
	"staff_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_tags_member_id_tag_id_pk" PRIMARY KEY("member_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "segment_daily_counts" (
	"segment_id" integer NOT NULL,
	"day" date NOT NULL,
	"members" integer NOT NULL,
	CONSTRAINT "segment_daily_counts_segment_id_day_pk" PRIMARY KEY("segment_id","day")
);
--> statement-breakpoint
CREATE TABLE "segment_snapshot_members" (
	"snapshot_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	CONSTRAINT "segment_snapshot_members_snapshot_id_member_id_pk" PRIMARY KEY("snapshot_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "segment_snapshots" (
	"id" serial PRIMARY KEY NOT NULL,
	"segment_id" integer,
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"member_count" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"definition" jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"last_count" integer,
	"last_counted_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segments_status_check" CHECK ("segments"."status" in ('active','archived'))
);
--> statement-breakpoint
CREATE TABLE "tag_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tags" (
	"id" serial PRIMARY KEY NOT NULL,
	"group_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"color" text,
	"rule" jsonb,
	"channel_id" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tags_kind_check" CHECK ("tags"."kind" in ('manual','rule','channel')),
	CONSTRAINT "tags_status_check" CHECK ("tags"."status" in ('active','archived'))
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "phone_suffix_hash" text;--> statement-breakpoint
ALTER TABLE "crm_rebuilds" ADD CONSTRAINT "crm_rebuilds_requested_by_staff_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_consents" ADD CONSTRAINT "member_consents_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_facts" ADD CONSTRAINT "member_facts_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_notes" ADD CONSTRAINT "member_notes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_notes" ADD CONSTRAINT "member_notes_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_tags" ADD CONSTRAINT "member_tags_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_tags" ADD CONSTRAINT "member_tags_tag_id_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."tags"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_tags" ADD CONSTRAINT "member_tags_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_daily_counts" ADD CONSTRAINT "segment_daily_counts_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_snapshot_members" ADD CONSTRAINT "segment_snapshot_members_snapshot_id_segment_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."segment_snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_snapshot_members" ADD CONSTRAINT "segment_snapshot_members_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_snapshots" ADD CONSTRAINT "segment_snapshots_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_snapshots" ADD CONSTRAINT "segment_snapshots_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_group_id_tag_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."tag_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "behaviour_events_member_idx" ON "behaviour_events" USING btree ("member_id","type","occurred_at");--> statement-breakpoint
CREATE INDEX "behaviour_events_device_idx" ON "behaviour_events" USING btree ("device_id","occurred_at");--> statement-breakpoint
CREATE INDEX "behaviour_events_time_idx" ON "behaviour_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "member_facts_rfm_idx" ON "member_facts" USING btree ("rfm_cell","window_net_fen");--> statement-breakpoint
CREATE INDEX "member_facts_lifecycle_idx" ON "member_facts" USING btree ("lifecycle");--> statement-breakpoint
CREATE INDEX "member_facts_last_paid_idx" ON "member_facts" USING btree ("last_paid_at");--> statement-breakpoint
CREATE INDEX "member_facts_net_paid_idx" ON "member_facts" USING btree ("net_paid_fen");--> statement-breakpoint
CREATE INDEX "member_facts_first_channel_idx" ON "member_facts" USING btree ("first_channel_id");--> statement-breakpoint
CREATE INDEX "member_facts_last_channel_idx" ON "member_facts" USING btree ("last_channel_id");--> statement-breakpoint
CREATE INDEX "member_facts_city_idx" ON "member_facts" USING btree ("city");--> statement-breakpoint
CREATE INDEX "member_notes_member_idx" ON "member_notes" USING btree ("member_id","id");--> statement-breakpoint
CREATE INDEX "member_tags_tag_idx" ON "member_tags" USING btree ("tag_id","member_id");--> statement-breakpoint
CREATE INDEX "segment_snapshots_segment_idx" ON "segment_snapshots" USING btree ("segment_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "tag_groups_name_key" ON "tag_groups" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "tags_group_name_key" ON "tags" USING btree ("group_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "tags_channel_key" ON "tags" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "members_phone_suffix_hash_idx" ON "members" USING btree ("phone_suffix_hash");