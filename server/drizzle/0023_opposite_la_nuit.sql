CREATE TABLE "sim_sms_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"access_key_id" text NOT NULL,
	"biz_id" text NOT NULL,
	"out_id" text,
	"phone" text NOT NULL,
	"sign_name" text NOT NULL,
	"template_code" text NOT NULL,
	"params" jsonb NOT NULL,
	"content" text NOT NULL,
	"send_date" text NOT NULL,
	"sent_at_ms" bigint NOT NULL,
	"send_status" integer DEFAULT 1 NOT NULL,
	"err_code" text,
	"reported_at_ms" bigint
);
--> statement-breakpoint
CREATE TABLE "sim_sms_nonces" (
	"nonce" text PRIMARY KEY NOT NULL,
	"seen_at_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_sms_signs" (
	"access_key_id" text NOT NULL,
	"sign_name" text NOT NULL,
	"scene" text NOT NULL,
	CONSTRAINT "sim_sms_signs_access_key_id_sign_name_pk" PRIMARY KEY("access_key_id","sign_name")
);
--> statement-breakpoint
CREATE TABLE "sim_sms_templates" (
	"access_key_id" text NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"content" text NOT NULL,
	"status" text NOT NULL,
	CONSTRAINT "sim_sms_templates_access_key_id_code_pk" PRIMARY KEY("access_key_id","code")
);
--> statement-breakpoint
CREATE TABLE "sms_sends" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"intent_id" bigint NOT NULL,
	"out_id" text NOT NULL,
	"biz_id" text,
	"phone_hash" text NOT NULL,
	"member_id" integer NOT NULL,
	"template_code" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link_token" text,
	"status" text DEFAULT 'accepted' NOT NULL,
	"error_code" text,
	"sent_at" timestamp with time zone,
	"reported_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sms_sends_status_check" CHECK ("sms_sends"."status" in ('accepted','delivered','failed'))
);
--> statement-breakpoint
CREATE TABLE "sms_suppressions" (
	"phone_hash" text PRIMARY KEY NOT NULL,
	"member_id" integer,
	"reason" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"content" text NOT NULL,
	"sign_name" text NOT NULL,
	"variables" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'approved' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sms_templates_kind_check" CHECK ("sms_templates"."kind" in ('verification','notice','marketing')),
	CONSTRAINT "sms_templates_status_check" CHECK ("sms_templates"."status" in ('approved','pending'))
);
--> statement-breakpoint
CREATE TABLE "sms_url_links" (
	"scope" text PRIMARY KEY NOT NULL,
	"url_link" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sim_sms_messages_phone_idx" ON "sim_sms_messages" USING btree ("phone","send_date");--> statement-breakpoint
CREATE INDEX "sim_sms_messages_biz_idx" ON "sim_sms_messages" USING btree ("biz_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_sends_intent_key" ON "sms_sends" USING btree ("intent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_sends_out_id_key" ON "sms_sends" USING btree ("out_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_sends_link_token_key" ON "sms_sends" USING btree ("link_token");--> statement-breakpoint
CREATE INDEX "sms_sends_biz_id_idx" ON "sms_sends" USING btree ("biz_id");--> statement-breakpoint
CREATE INDEX "sms_sends_phone_idx" ON "sms_sends" USING btree ("phone_hash","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_templates_code_key" ON "sms_templates" USING btree ("code");