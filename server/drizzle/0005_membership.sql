CREATE TABLE "growth_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"delta" integer NOT NULL,
	"source" text NOT NULL,
	"source_key" text NOT NULL,
	"order_id" integer,
	"reason" text NOT NULL,
	"staff_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_accounts" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"tier_since" timestamp with time zone NOT NULL,
	"downgrade_to" text,
	"downgrade_at" timestamp with time zone,
	"downgrade_warned_at" timestamp with time zone,
	"points_balance" integer DEFAULT 0 NOT NULL,
	"birthday" text,
	"checkin_streak" integer DEFAULT 0 NOT NULL,
	"last_checkin_day" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_accounts_birthday_check" CHECK ("member_accounts"."birthday" is null or "member_accounts"."birthday" ~ '^[01][0-9]-[0-3][0-9]$')
);
--> statement-breakpoint
CREATE TABLE "member_checkins" (
	"member_id" integer NOT NULL,
	"day" date NOT NULL,
	"streak" integer NOT NULL,
	"points" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_checkins_member_id_day_pk" PRIMARY KEY("member_id","day")
);
--> statement-breakpoint
CREATE TABLE "member_notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"kind" text NOT NULL,
	"data" jsonb NOT NULL,
	"source_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_tier_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"from_tier" text NOT NULL,
	"to_tier" text NOT NULL,
	"reason" text NOT NULL,
	"growth_value" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "membership_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"delta" integer NOT NULL,
	"kind" text NOT NULL,
	"source_key" text NOT NULL,
	"operation_key" text NOT NULL,
	"lot_id" integer,
	"order_id" integer,
	"reason" text NOT NULL,
	"staff_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_lots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"amount" integer NOT NULL,
	"remaining" integer NOT NULL,
	"source" text NOT NULL,
	"source_key" text NOT NULL,
	"order_id" integer,
	"available_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_lots_amount_check" CHECK ("points_lots"."amount" > 0 and "points_lots"."remaining" >= 0 and "points_lots"."remaining" <= "points_lots"."amount")
);
--> statement-breakpoint
CREATE TABLE "points_mall_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"coupon_template_id" integer,
	"sku_id" integer,
	"points_price" integer NOT NULL,
	"cash_fen" bigint DEFAULT 0 NOT NULL,
	"stock" integer NOT NULL,
	"redeemed_count" integer DEFAULT 0 NOT NULL,
	"per_member_limit" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'on_sale' NOT NULL,
	"min_tier" text,
	"image" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_mall_items_kind_check" CHECK (("points_mall_items"."kind" = 'coupon' and "points_mall_items"."coupon_template_id" is not null) or ("points_mall_items"."kind" = 'goods' and "points_mall_items"."sku_id" is not null)),
	CONSTRAINT "points_mall_items_stock_check" CHECK ("points_mall_items"."stock" >= 0 and "points_mall_items"."redeemed_count" >= 0 and "points_mall_items"."points_price" > 0 and "points_mall_items"."cash_fen" >= 0 and "points_mall_items"."per_member_limit" >= 1),
	CONSTRAINT "points_mall_items_status_check" CHECK ("points_mall_items"."status" in ('on_sale','off_sale'))
);
--> statement-breakpoint
CREATE TABLE "points_mall_member_redemptions" (
	"item_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "points_mall_member_redemptions_item_id_member_id_pk" PRIMARY KEY("item_id","member_id"),
	CONSTRAINT "points_mall_member_redemptions_check" CHECK ("points_mall_member_redemptions"."count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "points_mall_redemptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"points" integer NOT NULL,
	"cash_fen" bigint DEFAULT 0 NOT NULL,
	"member_coupon_id" integer,
	"order_id" integer,
	"status" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tier_reevaluations" (
	"id" serial PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"changed" integer DEFAULT 0 NOT NULL,
	"last_member_id" integer DEFAULT 0 NOT NULL,
	"requested_by" integer,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tiers" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"growth_threshold" integer NOT NULL,
	"discount_bp" integer DEFAULT 0 NOT NULL,
	"points_multiplier_bp" integer DEFAULT 10000 NOT NULL,
	"free_shipping_threshold_fen" bigint,
	"birthday_coupon_template_id" integer,
	"birthday_points" integer DEFAULT 0 NOT NULL,
	"monthly_coupon_template_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tiers_code_check" CHECK ("tiers"."code" in ('bronze','silver','gold','platinum','diamond')),
	CONSTRAINT "tiers_ranges_check" CHECK ("tiers"."growth_threshold" >= 0 and "tiers"."discount_bp" between 0 and 5000 and "tiers"."points_multiplier_bp" between 10000 and 50000 and "tiers"."birthday_points" >= 0)
);
--> statement-breakpoint
ALTER TABLE "skus" ADD COLUMN "min_tier" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "points_used" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "growth_entries" ADD CONSTRAINT "growth_entries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_entries" ADD CONSTRAINT "growth_entries_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_entries" ADD CONSTRAINT "growth_entries_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_accounts" ADD CONSTRAINT "member_accounts_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_checkins" ADD CONSTRAINT "member_checkins_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_notices" ADD CONSTRAINT "member_notices_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_tier_history" ADD CONSTRAINT "member_tier_history_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_lots" ADD CONSTRAINT "points_lots_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_lots" ADD CONSTRAINT "points_lots_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_mall_items" ADD CONSTRAINT "points_mall_items_coupon_template_id_coupon_templates_id_fk" FOREIGN KEY ("coupon_template_id") REFERENCES "public"."coupon_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_mall_items" ADD CONSTRAINT "points_mall_items_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_mall_member_redemptions" ADD CONSTRAINT "points_mall_member_redemptions_item_id_points_mall_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."points_mall_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_mall_member_redemptions" ADD CONSTRAINT "points_mall_member_redemptions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_mall_redemptions" ADD CONSTRAINT "points_mall_redemptions_item_id_points_mall_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."points_mall_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_mall_redemptions" ADD CONSTRAINT "points_mall_redemptions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_mall_redemptions" ADD CONSTRAINT "points_mall_redemptions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_reevaluations" ADD CONSTRAINT "tier_reevaluations_requested_by_staff_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tiers" ADD CONSTRAINT "tiers_birthday_coupon_template_id_coupon_templates_id_fk" FOREIGN KEY ("birthday_coupon_template_id") REFERENCES "public"."coupon_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "growth_entries_source_key" ON "growth_entries" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "growth_entries_member_idx" ON "growth_entries" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "member_notices_source_key" ON "member_notices" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "member_notices_member_idx" ON "member_notices" USING btree ("member_id","id");--> statement-breakpoint
CREATE INDEX "member_tier_history_member_idx" ON "member_tier_history" USING btree ("member_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "points_entries_source_key" ON "points_entries" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "points_entries_member_idx" ON "points_entries" USING btree ("member_id","id");--> statement-breakpoint
CREATE INDEX "points_entries_operation_idx" ON "points_entries" USING btree ("operation_key");--> statement-breakpoint
CREATE UNIQUE INDEX "points_lots_source_key" ON "points_lots" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "points_lots_spendable_idx" ON "points_lots" USING btree ("member_id","expires_at") WHERE "points_lots"."remaining" > 0;--> statement-breakpoint
CREATE UNIQUE INDEX "points_mall_redemptions_key" ON "points_mall_redemptions" USING btree ("member_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "points_mall_redemptions_item_idx" ON "points_mall_redemptions" USING btree ("item_id");--> statement-breakpoint
INSERT INTO "tiers" ("code", "name", "growth_threshold", "discount_bp", "points_multiplier_bp", "free_shipping_threshold_fen", "birthday_points") VALUES
  ('bronze', '青铜', 0, 0, 10000, NULL, 50),
  ('silver', '白银', 500, 0, 12000, NULL, 100),
  ('gold', '黄金', 2000, 0, 15000, NULL, 200),
  ('platinum', '铂金', 5000, 300, 18000, 0, 500),
  ('diamond', '钻石', 10000, 500, 20000, 0, 1000)
ON CONFLICT ("code") DO NOTHING;
