CREATE TABLE "channel_daily" (
	"model" text NOT NULL,
	"day" date NOT NULL,
	"channel_id" integer NOT NULL,
	"touches" integer DEFAULT 0 NOT NULL,
	"new_members" integer DEFAULT 0 NOT NULL,
	"first_order_members" integer DEFAULT 0 NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	"repurchase_members" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "channel_daily_model_day_channel_id_pk" PRIMARY KEY("model","day","channel_id"),
	CONSTRAINT "channel_daily_model_check" CHECK ("channel_daily"."model" in ('first','last'))
);
--> statement-breakpoint
CREATE TABLE "channel_stats_members" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"registered_day" date NOT NULL,
	"channel_id" integer NOT NULL,
	"first_order_id" integer,
	"first_order_day" date,
	"first_order_first_channel_id" integer,
	"first_order_last_channel_id" integer,
	"second_order_id" integer,
	"second_order_day" date,
	"second_order_first_channel_id" integer,
	"second_order_last_channel_id" integer
);
--> statement-breakpoint
CREATE TABLE "channel_stats_orders" (
	"order_id" integer PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"paid_day" date NOT NULL,
	"paid_fen" bigint NOT NULL,
	"first_channel_id" integer NOT NULL,
	"last_channel_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channel_stats_refunds" (
	"refund_id" integer PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"day" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"first_channel_id" integer NOT NULL,
	"last_channel_id" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "channel_stats_members_registered_idx" ON "channel_stats_members" USING btree ("registered_day");--> statement-breakpoint
CREATE INDEX "channel_stats_members_first_idx" ON "channel_stats_members" USING btree ("first_order_day") WHERE "channel_stats_members"."first_order_day" is not null;--> statement-breakpoint
CREATE INDEX "channel_stats_members_second_idx" ON "channel_stats_members" USING btree ("second_order_day") WHERE "channel_stats_members"."second_order_day" is not null;--> statement-breakpoint
CREATE INDEX "channel_stats_orders_day_idx" ON "channel_stats_orders" USING btree ("paid_day");--> statement-breakpoint
CREATE INDEX "channel_stats_refunds_day_idx" ON "channel_stats_refunds" USING btree ("day");