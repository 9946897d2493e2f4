CREATE TABLE "channel_code_images" (
	"scene" text PRIMARY KEY NOT NULL,
	"width" integer NOT NULL,
	"png" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_wxa_daily_quota" (
	"appid" text NOT NULL,
	"day" text NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sim_wxa_daily_quota_appid_day_pk" PRIMARY KEY("appid","day")
);
--> statement-breakpoint
CREATE TABLE "sim_wxa_url_links" (
	"ticket" text PRIMARY KEY NOT NULL,
	"appid" text NOT NULL,
	"path" text NOT NULL,
	"query" text NOT NULL,
	"env_version" text NOT NULL,
	"expires_at_ms" bigint NOT NULL,
	"created_at_ms" bigint NOT NULL
);
