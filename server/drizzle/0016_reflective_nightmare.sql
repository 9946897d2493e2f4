CREATE TABLE "sim_wecom_contacts" (
	"external_user_id" text PRIMARY KEY NOT NULL,
	"corp_id" text NOT NULL,
	"unionid" text,
	"name" text NOT NULL,
	"follow_users" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_wecom_tokens" (
	"token" text PRIMARY KEY NOT NULL,
	"corp_id" text NOT NULL,
	"expires_at_ms" bigint NOT NULL,
	"is_revoked" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_wecom_ways" (
	"config_id" text PRIMARY KEY NOT NULL,
	"corp_id" text NOT NULL,
	"kind" text NOT NULL,
	"type" integer,
	"scene" integer NOT NULL,
	"state" text DEFAULT '' NOT NULL,
	"remark" text DEFAULT '' NOT NULL,
	"users" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"chat_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"qr_code" text,
	"created_at_ms" bigint NOT NULL,
	CONSTRAINT "sim_wecom_ways_kind_check" CHECK ("sim_wecom_ways"."kind" in ('contact_way','join_way'))
);
--> statement-breakpoint
CREATE TABLE "wecom_callback_receipts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dedupe_key" text NOT NULL,
	"event" text NOT NULL,
	"change_type" text NOT NULL,
	"create_time" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wecom_contacts" (
	"external_user_id" text PRIMARY KEY NOT NULL,
	"unionid" text,
	"member_id" integer,
	"follow_user_id" text,
	"state" text,
	"added_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"fetched_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wecom_contacts" ADD CONSTRAINT "wecom_contacts_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sim_wecom_tokens_corp_idx" ON "sim_wecom_tokens" USING btree ("corp_id","expires_at_ms");--> statement-breakpoint
CREATE INDEX "sim_wecom_ways_corp_idx" ON "sim_wecom_ways" USING btree ("corp_id");--> statement-breakpoint
CREATE UNIQUE INDEX "wecom_callback_receipts_dedupe_key" ON "wecom_callback_receipts" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "wecom_contacts_unionid_idx" ON "wecom_contacts" USING btree ("unionid") WHERE "wecom_contacts"."unionid" is not null;--> statement-breakpoint
CREATE INDEX "wecom_contacts_member_idx" ON "wecom_contacts" USING btree ("member_id") WHERE "wecom_contacts"."member_id" is not null;