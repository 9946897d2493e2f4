CREATE TABLE "coupon_codes" (
	"id" serial PRIMARY KEY NOT NULL,
	"template_id" integer NOT NULL,
	"code" text NOT NULL,
	"batch" text NOT NULL,
	"redeemed_by" integer,
	"redeemed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coupon_member_counts" (
	"template_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "coupon_member_counts_template_id_member_id_pk" PRIMARY KEY("template_id","member_id"),
	CONSTRAINT "coupon_member_counts_check" CHECK ("coupon_member_counts"."count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "coupon_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"rule" jsonb NOT NULL,
	"scope" jsonb NOT NULL,
	"stacking_group" text NOT NULL,
	"validity_kind" text NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_to" timestamp with time zone,
	"valid_days" integer,
	"claim_starts_at" timestamp with time zone,
	"claim_ends_at" timestamp with time zone,
	"visibility" text NOT NULL,
	"total_count" integer,
	"budget_fen" bigint,
	"face_value_fen" bigint NOT NULL,
	"per_member_cap" integer DEFAULT 1 NOT NULL,
	"issued_count" integer DEFAULT 0 NOT NULL,
	"committed_fen" bigint DEFAULT 0 NOT NULL,
	"used_count" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"approval_status" text DEFAULT 'not_required' NOT NULL,
	"approval_reason" jsonb,
	"created_by" integer,
	"approved_by" integer,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coupon_templates_counts_check" CHECK ("coupon_templates"."issued_count" >= 0 and ("coupon_templates"."total_count" is null or "coupon_templates"."issued_count" <= "coupon_templates"."total_count")),
	CONSTRAINT "coupon_templates_budget_check" CHECK ("coupon_templates"."committed_fen" >= 0 and ("coupon_templates"."budget_fen" is null or "coupon_templates"."committed_fen" <= "coupon_templates"."budget_fen")),
	CONSTRAINT "coupon_templates_used_check" CHECK ("coupon_templates"."used_count" >= 0 and "coupon_templates"."used_count" <= "coupon_templates"."issued_count"),
	CONSTRAINT "coupon_templates_validity_check" CHECK ("coupon_templates"."validity_kind" in ('window','after_claim')),
	CONSTRAINT "coupon_templates_visibility_check" CHECK ("coupon_templates"."visibility" in ('public','hidden')),
	CONSTRAINT "coupon_templates_status_check" CHECK ("coupon_templates"."status" in ('active','stopped')),
	CONSTRAINT "coupon_templates_group_check" CHECK ("coupon_templates"."stacking_group" in ('coupon','shipping_coupon')),
	CONSTRAINT "coupon_templates_approval_check" CHECK ("coupon_templates"."approval_status" in ('not_required','pending','approved','rejected'))
);
--> statement-breakpoint
CREATE TABLE "flash_sale_member_purchases" (
	"flash_sale_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "flash_sale_member_purchases_flash_sale_id_member_id_pk" PRIMARY KEY("flash_sale_id","member_id"),
	CONSTRAINT "flash_sale_member_purchases_check" CHECK ("flash_sale_member_purchases"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "flash_sales" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"sku_id" integer NOT NULL,
	"flash_price_fen" bigint NOT NULL,
	"total_units" integer NOT NULL,
	"sold_units" integer DEFAULT 0 NOT NULL,
	"per_member_limit" integer DEFAULT 1 NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone,
	"approval_status" text DEFAULT 'not_required' NOT NULL,
	"approval_reason" jsonb,
	"created_by" integer,
	"approved_by" integer,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flash_sales_units_check" CHECK ("flash_sales"."sold_units" >= 0 and "flash_sales"."sold_units" <= "flash_sales"."total_units"),
	CONSTRAINT "flash_sales_window_check" CHECK ("flash_sales"."starts_at" < "flash_sales"."ends_at"),
	CONSTRAINT "flash_sales_limit_check" CHECK ("flash_sales"."per_member_limit" >= 1),
	CONSTRAINT "flash_sales_approval_check" CHECK ("flash_sales"."approval_status" in ('not_required','pending','approved','rejected'))
);
--> statement-breakpoint
CREATE TABLE "live_session_products" (
	"session_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "live_session_products_session_id_product_id_pk" PRIMARY KEY("session_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "live_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"platform" text NOT NULL,
	"room_id" text NOT NULL,
	"host_name" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"scene_code" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_sessions_window_check" CHECK ("live_sessions"."starts_at" < "live_sessions"."ends_at"),
	CONSTRAINT "live_sessions_platform_check" CHECK ("live_sessions"."platform" in ('miniprogram_live','channels'))
);
--> statement-breakpoint
CREATE TABLE "member_coupons" (
	"id" serial PRIMARY KEY NOT NULL,
	"template_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"source" text NOT NULL,
	"source_key" text NOT NULL,
	"status" text DEFAULT 'available' NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"locked_order_id" integer,
	"used_order_id" integer,
	"used_at" timestamp with time zone,
	"discount_fen" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_coupons_status_check" CHECK ("member_coupons"."status" in ('available','locked','used'))
);
--> statement-breakpoint
CREATE TABLE "order_promotion_claims" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"kind" text NOT NULL,
	"ref_id" integer NOT NULL,
	"quantity" integer DEFAULT 1 NOT NULL,
	"discount_fen" bigint NOT NULL,
	"status" text DEFAULT 'reserved' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_promotion_claims_status_check" CHECK ("order_promotion_claims"."status" in ('reserved','released','returned'))
);
--> statement-breakpoint
CREATE TABLE "promo_code_member_uses" (
	"code_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "promo_code_member_uses_code_id_member_id_pk" PRIMARY KEY("code_id","member_id"),
	CONSTRAINT "promo_code_member_uses_check" CHECK ("promo_code_member_uses"."count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "promo_codes" (
	"id" serial PRIMARY KEY NOT NULL,
	"session_id" integer NOT NULL,
	"code" text NOT NULL,
	"rule" jsonb NOT NULL,
	"scope" jsonb NOT NULL,
	"grace_minutes" integer DEFAULT 0 NOT NULL,
	"per_member_cap" integer DEFAULT 1 NOT NULL,
	"total_cap" integer,
	"used_count" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"approval_status" text DEFAULT 'not_required' NOT NULL,
	"approval_reason" jsonb,
	"created_by" integer,
	"approved_by" integer,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promo_codes_used_check" CHECK ("promo_codes"."used_count" >= 0 and ("promo_codes"."total_cap" is null or "promo_codes"."used_count" <= "promo_codes"."total_cap")),
	CONSTRAINT "promo_codes_status_check" CHECK ("promo_codes"."status" in ('active','stopped')),
	CONSTRAINT "promo_codes_approval_check" CHECK ("promo_codes"."approval_status" in ('not_required','pending','approved','rejected'))
);
--> statement-breakpoint
CREATE TABLE "promotion_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"stacking_matrix" jsonb NOT NULL,
	"max_depth_bp" integer DEFAULT 5000 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_promotions" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"rule" jsonb NOT NULL,
	"scope" jsonb NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"approval_status" text DEFAULT 'not_required' NOT NULL,
	"approval_reason" jsonb,
	"created_by" integer,
	"approved_by" integer,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_promotions_window_check" CHECK ("store_promotions"."starts_at" < "store_promotions"."ends_at"),
	CONSTRAINT "store_promotions_status_check" CHECK ("store_promotions"."status" in ('active','stopped')),
	CONSTRAINT "store_promotions_approval_check" CHECK ("store_promotions"."approval_status" in ('not_required','pending','approved','rejected'))
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "live_session_id" integer;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "promo_code" text;--> statement-breakpoint
ALTER TABLE "coupon_codes" ADD CONSTRAINT "coupon_codes_template_id_coupon_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."coupon_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_codes" ADD CONSTRAINT "coupon_codes_redeemed_by_members_id_fk" FOREIGN KEY ("redeemed_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_member_counts" ADD CONSTRAINT "coupon_member_counts_template_id_coupon_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."coupon_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_member_counts" ADD CONSTRAINT "coupon_member_counts_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_templates" ADD CONSTRAINT "coupon_templates_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_templates" ADD CONSTRAINT "coupon_templates_approved_by_staff_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_sale_member_purchases" ADD CONSTRAINT "flash_sale_member_purchases_flash_sale_id_flash_sales_id_fk" FOREIGN KEY ("flash_sale_id") REFERENCES "public"."flash_sales"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_sale_member_purchases" ADD CONSTRAINT "flash_sale_member_purchases_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_sales" ADD CONSTRAINT "flash_sales_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_sales" ADD CONSTRAINT "flash_sales_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_sales" ADD CONSTRAINT "flash_sales_approved_by_staff_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_session_products" ADD CONSTRAINT "live_session_products_session_id_live_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."live_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_session_products" ADD CONSTRAINT "live_session_products_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_sessions" ADD CONSTRAINT "live_sessions_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_coupons" ADD CONSTRAINT "member_coupons_template_id_coupon_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."coupon_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_coupons" ADD CONSTRAINT "member_coupons_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_coupons" ADD CONSTRAINT "member_coupons_locked_order_id_orders_id_fk" FOREIGN KEY ("locked_order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_coupons" ADD CONSTRAINT "member_coupons_used_order_id_orders_id_fk" FOREIGN KEY ("used_order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_promotion_claims" ADD CONSTRAINT "order_promotion_claims_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_promotion_claims" ADD CONSTRAINT "order_promotion_claims_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_code_member_uses" ADD CONSTRAINT "promo_code_member_uses_code_id_promo_codes_id_fk" FOREIGN KEY ("code_id") REFERENCES "public"."promo_codes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_code_member_uses" ADD CONSTRAINT "promo_code_member_uses_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_codes" ADD CONSTRAINT "promo_codes_session_id_live_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."live_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_codes" ADD CONSTRAINT "promo_codes_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_codes" ADD CONSTRAINT "promo_codes_approved_by_staff_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_promotions" ADD CONSTRAINT "store_promotions_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_promotions" ADD CONSTRAINT "store_promotions_approved_by_staff_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "coupon_codes_code_key" ON "coupon_codes" USING btree ("code");--> statement-breakpoint
CREATE INDEX "coupon_codes_template_idx" ON "coupon_codes" USING btree ("template_id");--> statement-breakpoint
CREATE INDEX "flash_sales_window_idx" ON "flash_sales" USING btree ("starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "flash_sales_sku_idx" ON "flash_sales" USING btree ("sku_id");--> statement-breakpoint
CREATE UNIQUE INDEX "live_sessions_scene_key" ON "live_sessions" USING btree ("scene_code");--> statement-breakpoint
CREATE UNIQUE INDEX "member_coupons_source_key" ON "member_coupons" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "member_coupons_member_idx" ON "member_coupons" USING btree ("member_id","status","expires_at");--> statement-breakpoint
CREATE INDEX "member_coupons_template_idx" ON "member_coupons" USING btree ("template_id");--> statement-breakpoint
CREATE UNIQUE INDEX "order_promotion_claims_key" ON "order_promotion_claims" USING btree ("order_id","kind","ref_id");--> statement-breakpoint
CREATE INDEX "order_promotion_claims_ref_idx" ON "order_promotion_claims" USING btree ("kind","ref_id");--> statement-breakpoint
CREATE UNIQUE INDEX "promo_codes_code_key" ON "promo_codes" USING btree ("code");--> statement-breakpoint
CREATE INDEX "promo_codes_session_idx" ON "promo_codes" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "orders_live_session_idx" ON "orders" USING btree ("live_session_id") WHERE "orders"."live_session_id" is not null;