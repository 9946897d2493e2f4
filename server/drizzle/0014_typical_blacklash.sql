CREATE TABLE "channel_code_batches" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel_id" integer NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"quantity" integer NOT NULL,
	"created_by_staff_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_code_batches_quantity_check" CHECK ("channel_code_batches"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "channel_codes" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel_id" integer NOT NULL,
	"batch_id" integer,
	"unit_index" integer,
	"scene" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"marketplace_order_no" text,
	"status" text DEFAULT 'active' NOT NULL,
	"retired_at" timestamp with time zone,
	"wecom_kind" text,
	"wecom_config_id" text,
	"wecom_qr_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_codes_status_check" CHECK ("channel_codes"."status" in ('active','retired')),
	CONSTRAINT "channel_codes_scene_check" CHECK (char_length("channel_codes"."scene") between 1 and 32),
	CONSTRAINT "channel_codes_wecom_kind_check" CHECK ("channel_codes"."wecom_kind" is null or "channel_codes"."wecom_kind" in ('contact_way','join_way'))
);
--> statement-breakpoint
CREATE TABLE "channel_reach" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel_id" integer NOT NULL,
	"code_id" integer,
	"source" text NOT NULL,
	"quantity" integer DEFAULT 1 NOT NULL,
	"phone_hash" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"import_id" integer,
	"dedupe_key" text NOT NULL,
	CONSTRAINT "channel_reach_source_check" CHECK ("channel_reach"."source" in ('code_batch','sms_log','ai_call','manual')),
	CONSTRAINT "channel_reach_quantity_check" CHECK ("channel_reach"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "channel_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"attribution_window_days" integer DEFAULT 7 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channels" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"owner_staff_id" integer,
	"fixed_cost_fen" bigint DEFAULT 0 NOT NULL,
	"unit_cost_milli_fen" bigint DEFAULT 0 NOT NULL,
	"planned_reach" integer DEFAULT 0 NOT NULL,
	"planned_conversion_bp" integer DEFAULT 0 NOT NULL,
	"planned_orders_per_member_x100" integer DEFAULT 100 NOT NULL,
	"planned_aov_fen" bigint DEFAULT 0 NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channels_kind_check" CHECK (kind in ('package_card','sms','ai_call','wecom','community','official_account','live','store','referral','ads','other')),
	CONSTRAINT "channels_status_check" CHECK ("channels"."status" in ('active','archived')),
	CONSTRAINT "channels_amounts_check" CHECK ("channels"."fixed_cost_fen" >= 0 and "channels"."unit_cost_milli_fen" >= 0 and "channels"."planned_reach" >= 0 and "channels"."planned_conversion_bp" between 0 and 10000 and "channels"."planned_orders_per_member_x100" >= 0 and "channels"."planned_aov_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"device_id" text PRIMARY KEY NOT NULL,
	"member_id" integer,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"linked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "member_attribution" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"first_touch_id" bigint,
	"channel_id" integer,
	"code_id" integer,
	"touched_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reach_imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel_id" integer NOT NULL,
	"kind" text NOT NULL,
	"file_name" text DEFAULT '' NOT NULL,
	"content_hash" text NOT NULL,
	"rows_total" integer NOT NULL,
	"rows_imported" integer NOT NULL,
	"created_by_staff_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reach_imports_kind_check" CHECK ("reach_imports"."kind" in ('ai_call_csv','sms_send_log'))
);
--> statement-breakpoint
CREATE TABLE "sms_link_recipients" (
	"token" text PRIMARY KEY NOT NULL,
	"sms_link_id" integer NOT NULL,
	"phone_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_links" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel_id" integer NOT NULL,
	"code_id" integer NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"url_link" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "touches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"channel_id" integer,
	"code_id" integer,
	"device_id" text,
	"member_id" integer,
	"phone_hash" text,
	"unionid" text,
	"external_user_id" text,
	"wx_scene" integer,
	"scene" text,
	"cq" text,
	"path" text,
	"dedupe_key" text,
	CONSTRAINT "touches_source_check" CHECK ("touches"."source" in ('app_launch','app_show','wecom_contact','wecom_group','ai_call','sms_send','sms_open','manual')),
	CONSTRAINT "touches_status_check" CHECK ("touches"."status" in ('matched','unknown_code','retired_code','organic'))
);
--> statement-breakpoint
CREATE TABLE "domain_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tx_id" bigint DEFAULT (pg_current_xact_id()::text::bigint) NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"member_id" integer,
	"order_id" integer,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_cursors" (
	"consumer" text PRIMARY KEY NOT NULL,
	"tx_id" bigint DEFAULT 0 NOT NULL,
	"event_id" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "first_channel_id" integer;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "last_channel_id" integer;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "last_code_id" integer;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "last_touch_id" bigint;--> statement-breakpoint
ALTER TABLE "channel_code_batches" ADD CONSTRAINT "channel_code_batches_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_code_batches" ADD CONSTRAINT "channel_code_batches_created_by_staff_id_staff_id_fk" FOREIGN KEY ("created_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_codes" ADD CONSTRAINT "channel_codes_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_codes" ADD CONSTRAINT "channel_codes_batch_id_channel_code_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."channel_code_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_reach" ADD CONSTRAINT "channel_reach_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_owner_staff_id_staff_id_fk" FOREIGN KEY ("owner_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_attribution" ADD CONSTRAINT "member_attribution_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reach_imports" ADD CONSTRAINT "reach_imports_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reach_imports" ADD CONSTRAINT "reach_imports_created_by_staff_id_staff_id_fk" FOREIGN KEY ("created_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_link_recipients" ADD CONSTRAINT "sms_link_recipients_sms_link_id_sms_links_id_fk" FOREIGN KEY ("sms_link_id") REFERENCES "public"."sms_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_links" ADD CONSTRAINT "sms_links_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_links" ADD CONSTRAINT "sms_links_code_id_channel_codes_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."channel_codes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channel_code_batches_channel_idx" ON "channel_code_batches" USING btree ("channel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "channel_codes_scene_key" ON "channel_codes" USING btree ("scene");--> statement-breakpoint
CREATE INDEX "channel_codes_channel_idx" ON "channel_codes" USING btree ("channel_id","id");--> statement-breakpoint
CREATE INDEX "channel_codes_batch_idx" ON "channel_codes" USING btree ("batch_id","unit_index") WHERE "channel_codes"."batch_id" is not null;--> statement-breakpoint
CREATE INDEX "channel_codes_marketplace_order_idx" ON "channel_codes" USING btree ("marketplace_order_no") WHERE "channel_codes"."marketplace_order_no" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_reach_dedupe_key" ON "channel_reach" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "channel_reach_channel_idx" ON "channel_reach" USING btree ("channel_id","occurred_at");--> statement-breakpoint
CREATE INDEX "devices_member_idx" ON "devices" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "member_attribution_channel_idx" ON "member_attribution" USING btree ("channel_id","registered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reach_imports_content_key" ON "reach_imports" USING btree ("channel_id","kind","content_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_link_recipients_link_phone_key" ON "sms_link_recipients" USING btree ("sms_link_id","phone_hash");--> statement-breakpoint
CREATE INDEX "sms_links_channel_idx" ON "sms_links" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "touches_channel_idx" ON "touches" USING btree ("channel_id","occurred_at");--> statement-breakpoint
CREATE INDEX "touches_device_idx" ON "touches" USING btree ("device_id","occurred_at") WHERE "touches"."device_id" is not null;--> statement-breakpoint
CREATE INDEX "touches_member_idx" ON "touches" USING btree ("member_id","occurred_at") WHERE "touches"."member_id" is not null;--> statement-breakpoint
CREATE INDEX "touches_phone_idx" ON "touches" USING btree ("phone_hash","occurred_at") WHERE "touches"."phone_hash" is not null;--> statement-breakpoint
CREATE INDEX "touches_unionid_idx" ON "touches" USING btree ("unionid","occurred_at") WHERE "touches"."unionid" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "touches_dedupe_key" ON "touches" USING btree ("dedupe_key") WHERE "touches"."dedupe_key" is not null;--> statement-breakpoint
CREATE INDEX "domain_events_order_idx" ON "domain_events" USING btree ("tx_id","id");--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("created_at");