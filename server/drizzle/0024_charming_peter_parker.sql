CREATE TABLE "sim_wecom_admin_welcome" (
	"corp_id" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_wecom_contact_tags" (
	"external_user_id" text NOT NULL,
	"user_id" text NOT NULL,
	"tag_id" text NOT NULL,
	CONSTRAINT "sim_wecom_contact_tags_external_user_id_user_id_tag_id_pk" PRIMARY KEY("external_user_id","user_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "sim_wecom_corp_tags" (
	"id" text PRIMARY KEY NOT NULL,
	"corp_id" text NOT NULL,
	"group_id" text NOT NULL,
	"group_name" text NOT NULL,
	"name" text NOT NULL,
	"sort" bigint DEFAULT 0 NOT NULL,
	"created_at_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_wecom_group_msg_results" (
	"msgid" text NOT NULL,
	"external_user_id" text NOT NULL,
	"status" integer DEFAULT 0 NOT NULL,
	"send_time_ms" bigint,
	CONSTRAINT "sim_wecom_group_msg_results_msgid_external_user_id_pk" PRIMARY KEY("msgid","external_user_id")
);
--> statement-breakpoint
CREATE TABLE "sim_wecom_group_msgs" (
	"msgid" text PRIMARY KEY NOT NULL,
	"corp_id" text NOT NULL,
	"sender" text NOT NULL,
	"content" jsonb NOT NULL,
	"created_at_ms" bigint NOT NULL,
	"confirmed_at_ms" bigint
);
--> statement-breakpoint
CREATE TABLE "sim_wecom_welcome_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"corp_id" text NOT NULL,
	"external_user_id" text NOT NULL,
	"user_id" text NOT NULL,
	"issued_at_ms" bigint NOT NULL,
	"used_at_ms" bigint,
	"content" jsonb
);
--> statement-breakpoint
CREATE TABLE "wecom_contact_tags" (
	"external_user_id" text NOT NULL,
	"tag_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"member_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wecom_contact_tags_external_user_id_tag_id_pk" PRIMARY KEY("external_user_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "wecom_corp_tags" (
	"tag_id" integer PRIMARY KEY NOT NULL,
	"wecom_tag_id" text NOT NULL,
	"wecom_group_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wecom_monthly_sends" (
	"external_user_id" text NOT NULL,
	"month" text NOT NULL,
	"sends" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "wecom_monthly_sends_external_user_id_month_pk" PRIMARY KEY("external_user_id","month"),
	CONSTRAINT "wecom_monthly_sends_nonneg" CHECK ("wecom_monthly_sends"."sends" >= 0)
);
--> statement-breakpoint
CREATE TABLE "wecom_tag_sync_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"last_run_at" timestamp with time zone,
	"watermark" timestamp with time zone,
	"marked" integer DEFAULT 0 NOT NULL,
	"unmarked" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "wecom_welcome_sends" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"welcome_code" text NOT NULL,
	"external_user_id" text NOT NULL,
	"user_id" text NOT NULL,
	"status" text DEFAULT 'sending' NOT NULL,
	"errcode" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "wecom_welcome_sends_status_check" CHECK ("wecom_welcome_sends"."status" in ('sending','sent','failed'))
);
--> statement-breakpoint
CREATE TABLE "wecom_welcome_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"is_enabled" boolean DEFAULT false NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"miniprogram_title" text,
	"miniprogram_page" text,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wecom_welcome_settings_singleton" CHECK ("wecom_welcome_settings"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "wecom_contact_tags" ADD CONSTRAINT "wecom_contact_tags_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wecom_welcome_settings" ADD CONSTRAINT "wecom_welcome_settings_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sim_wecom_corp_tags_name_key" ON "sim_wecom_corp_tags" USING btree ("corp_id","group_id","name");--> statement-breakpoint
CREATE INDEX "sim_wecom_group_msg_results_sent_idx" ON "sim_wecom_group_msg_results" USING btree ("external_user_id","send_time_ms");--> statement-breakpoint
CREATE INDEX "sim_wecom_group_msgs_sender_idx" ON "sim_wecom_group_msgs" USING btree ("corp_id","sender");--> statement-breakpoint
CREATE UNIQUE INDEX "wecom_welcome_sends_code_key" ON "wecom_welcome_sends" USING btree ("welcome_code");