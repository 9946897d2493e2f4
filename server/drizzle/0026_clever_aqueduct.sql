CREATE TABLE "analytics_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"event_retention_days" integer DEFAULT 400 NOT NULL,
	"daily_report_enabled" boolean DEFAULT true NOT NULL,
	"daily_report_hour" integer DEFAULT 8 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "daily_reports" (
	"day" date PRIMARY KEY NOT NULL,
	"content" jsonb NOT NULL,
	"robot_status" text NOT NULL,
	"robot_error" text,
	"robot_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"robot_sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "kpi_targets" (
	"month" date NOT NULL,
	"metric" text NOT NULL,
	"target" bigint NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_targets_month_metric_pk" PRIMARY KEY("month","metric")
);
--> statement-breakpoint
CREATE TABLE "report_exports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"staff_id" integer NOT NULL,
	"report" text NOT NULL,
	"params" jsonb NOT NULL,
	"status" text NOT NULL,
	"total_rows" integer,
	"done_rows" integer DEFAULT 0 NOT NULL,
	"file_name" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "staff_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"staff_id" integer NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_category_gaps" (
	"day" date NOT NULL,
	"category_id" integer NOT NULL,
	"gap_days" integer NOT NULL,
	"repeats" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_category_gaps_day_category_id_gap_days_pk" PRIMARY KEY("day","category_id","gap_days")
);
--> statement-breakpoint
CREATE TABLE "stats_daily" (
	"day" date PRIMARY KEY NOT NULL,
	"gmv_fen" bigint DEFAULT 0 NOT NULL,
	"paid_orders" integer DEFAULT 0 NOT NULL,
	"paying_members" integer DEFAULT 0 NOT NULL,
	"refund_fen" bigint DEFAULT 0 NOT NULL,
	"refunds" integer DEFAULT 0 NOT NULL,
	"new_members" integer DEFAULT 0 NOT NULL,
	"first_buyers" integer DEFAULT 0 NOT NULL,
	"visitors" integer DEFAULT 0 NOT NULL,
	"page_views" integer DEFAULT 0 NOT NULL,
	"product_views" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_lifecycle_changes" (
	"event_id" integer PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"month" date NOT NULL,
	"from_stage" text NOT NULL,
	"to_stage" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_member_days" (
	"member_id" integer NOT NULL,
	"day" date NOT NULL,
	"paid_orders" integer DEFAULT 0 NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"refund_fen" bigint DEFAULT 0 NOT NULL,
	"channel_id" integer NOT NULL,
	"cohort_month" date,
	CONSTRAINT "stats_member_days_member_id_day_pk" PRIMARY KEY("member_id","day")
);
--> statement-breakpoint
CREATE TABLE "stats_members" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"registered_day" date NOT NULL,
	"channel_id" integer NOT NULL,
	"first_paid_at" timestamp with time zone,
	"first_paid_day" date,
	"second_paid_at" timestamp with time zone,
	"paid_orders" integer DEFAULT 0 NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_order_lines" (
	"order_id" integer NOT NULL,
	"line_no" integer NOT NULL,
	"member_id" integer NOT NULL,
	"paid_day" date NOT NULL,
	"product_id" integer NOT NULL,
	"sku_id" integer NOT NULL,
	"category_id" integer,
	"role" text NOT NULL,
	"quantity" integer NOT NULL,
	"paid_fen" bigint NOT NULL,
	"refunded_quantity" integer DEFAULT 0 NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	"cost_fen" bigint,
	CONSTRAINT "stats_order_lines_order_id_line_no_pk" PRIMARY KEY("order_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "stats_order_promotions" (
	"order_id" integer NOT NULL,
	"kind" text NOT NULL,
	"promotion_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"paid_day" date NOT NULL,
	"discount_fen" bigint NOT NULL,
	"order_paid_fen" bigint NOT NULL,
	CONSTRAINT "stats_order_promotions_order_id_kind_promotion_id_pk" PRIMARY KEY("order_id","kind","promotion_id")
);
--> statement-breakpoint
CREATE TABLE "stats_orders" (
	"order_id" integer PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	"paid_day" date NOT NULL,
	"paid_fen" bigint NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	"first_channel_id" integer NOT NULL,
	"last_channel_id" integer NOT NULL,
	"live_session_id" integer,
	"member_seq" integer NOT NULL,
	"prev_paid_at" timestamp with time zone,
	"cohort_month" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_product_daily" (
	"day" date NOT NULL,
	"product_id" integer NOT NULL,
	"role" text NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"quantity" integer DEFAULT 0 NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"refunded_quantity" integer DEFAULT 0 NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	"cost_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_product_daily_day_product_id_pk" PRIMARY KEY("day","product_id")
);
--> statement-breakpoint
CREATE TABLE "stats_promotion_daily" (
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"promotion_id" integer NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"buyers" integer DEFAULT 0 NOT NULL,
	"gmv_fen" bigint DEFAULT 0 NOT NULL,
	"discount_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_promotion_daily_day_kind_promotion_id_pk" PRIMARY KEY("day","kind","promotion_id")
);
--> statement-breakpoint
CREATE TABLE "stats_refunds" (
	"refund_id" integer PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"day" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"first_channel_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_visits" (
	"day" date NOT NULL,
	"visitor" text NOT NULL,
	"member_id" integer,
	"channel_id" integer NOT NULL,
	"steps" smallint NOT NULL,
	"page_views" integer DEFAULT 0 NOT NULL,
	"product_views" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_visits_day_visitor_pk" PRIMARY KEY("day","visitor")
);
--> statement-breakpoint
CREATE INDEX "report_exports_staff_idx" ON "report_exports" USING btree ("staff_id","id");--> statement-breakpoint
CREATE INDEX "report_exports_status_idx" ON "report_exports" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_messages_dedupe_key" ON "staff_messages" USING btree ("staff_id","kind","dedupe_key");--> statement-breakpoint
CREATE INDEX "staff_messages_staff_idx" ON "staff_messages" USING btree ("staff_id","id");--> statement-breakpoint
CREATE INDEX "stats_lifecycle_changes_month_idx" ON "stats_lifecycle_changes" USING btree ("month");--> statement-breakpoint
CREATE INDEX "stats_member_days_day_idx" ON "stats_member_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "stats_member_days_cohort_idx" ON "stats_member_days" USING btree ("cohort_month","day");--> statement-breakpoint
CREATE INDEX "stats_members_registered_idx" ON "stats_members" USING btree ("registered_day");--> statement-breakpoint
CREATE INDEX "stats_members_first_paid_idx" ON "stats_members" USING btree ("first_paid_day") WHERE "stats_members"."first_paid_day" is not null;--> statement-breakpoint
CREATE INDEX "stats_order_lines_day_idx" ON "stats_order_lines" USING btree ("paid_day");--> statement-breakpoint
CREATE INDEX "stats_order_lines_member_idx" ON "stats_order_lines" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "stats_order_promotions_day_idx" ON "stats_order_promotions" USING btree ("paid_day","kind");--> statement-breakpoint
CREATE INDEX "stats_orders_day_idx" ON "stats_orders" USING btree ("paid_day");--> statement-breakpoint
CREATE INDEX "stats_orders_member_idx" ON "stats_orders" USING btree ("member_id","paid_at");--> statement-breakpoint
CREATE INDEX "stats_orders_cohort_idx" ON "stats_orders" USING btree ("cohort_month");--> statement-breakpoint
CREATE INDEX "stats_refunds_day_idx" ON "stats_refunds" USING btree ("day");--> statement-breakpoint
CREATE INDEX "stats_refunds_member_idx" ON "stats_refunds" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "stats_visits_member_idx" ON "stats_visits" USING btree ("member_id","day");--> statement-breakpoint
INSERT INTO "analytics_settings" ("id") VALUES (1) ON CONFLICT DO NOTHING;
