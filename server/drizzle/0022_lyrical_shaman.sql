CREATE TABLE "sim_subscribe_grants" (
	"appid" text NOT NULL,
	"openid" text NOT NULL,
	"template_id" text NOT NULL,
	"remaining" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sim_subscribe_grants_appid_openid_template_id_pk" PRIMARY KEY("appid","openid","template_id"),
	CONSTRAINT "sim_subscribe_grants_nonneg" CHECK ("sim_subscribe_grants"."remaining" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sim_subscribe_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"appid" text NOT NULL,
	"openid" text NOT NULL,
	"template_id" text NOT NULL,
	"page" text,
	"data" jsonb NOT NULL,
	"sent_at_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_subscribe_templates" (
	"appid" text NOT NULL,
	"template_id" text NOT NULL,
	"field_keys" text[] NOT NULL,
	CONSTRAINT "sim_subscribe_templates_appid_template_id_pk" PRIMARY KEY("appid","template_id")
);
--> statement-breakpoint
CREATE TABLE "sim_wechat_users" (
	"appid" text NOT NULL,
	"openid" text NOT NULL,
	"user_key" text NOT NULL,
	CONSTRAINT "sim_wechat_users_appid_openid_pk" PRIMARY KEY("appid","openid")
);
--> statement-breakpoint
CREATE TABLE "subscribe_grant_balances" (
	"member_id" integer NOT NULL,
	"template_id" text NOT NULL,
	"balance" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscribe_grant_balances_member_id_template_id_pk" PRIMARY KEY("member_id","template_id"),
	CONSTRAINT "subscribe_grant_balances_nonneg" CHECK ("subscribe_grant_balances"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "subscribe_grants" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"template_id" text NOT NULL,
	"delta" integer NOT NULL,
	"source" text NOT NULL,
	"source_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscribe_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"template_id" text NOT NULL,
	"title" text NOT NULL,
	"fields" jsonb NOT NULL,
	"page" text DEFAULT 'pages/index/index' NOT NULL,
	"scenes" text[] DEFAULT '{}'::text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "subscribe_grant_balances" ADD CONSTRAINT "subscribe_grant_balances_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscribe_grants" ADD CONSTRAINT "subscribe_grants_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sim_subscribe_messages_openid_idx" ON "sim_subscribe_messages" USING btree ("appid","openid");--> statement-breakpoint
CREATE UNIQUE INDEX "subscribe_grants_source_key" ON "subscribe_grants" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "subscribe_grants_member_idx" ON "subscribe_grants" USING btree ("member_id","template_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subscribe_templates_key" ON "subscribe_templates" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "subscribe_templates_template_id" ON "subscribe_templates" USING btree ("template_id");