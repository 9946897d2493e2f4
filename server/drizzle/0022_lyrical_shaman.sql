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
CREATE UNIQUE INDEX "subscribe_templates_template_id" ON "subscribe_templates" USING btree ("template_id");--> statement-breakpoint
-- The default subscribe templates (server/src/modules/subscriptions/defaults.ts; a test keeps them equal).
INSERT INTO "subscribe_templates" ("key", "template_id", "title", "fields", "page", "scenes") VALUES
('order_unpaid', 'Qm7cKx2v9TrAa1UnpaidSiyu0rderRemind3kLp8wZ', '订单待支付提醒', '[{"key":"thing1","label":"商品","placeholder":"{{order.item}}"},{"key":"amount2","label":"金额","placeholder":"{{order.amount}}"},{"key":"thing3","label":"提示","placeholder":"订单即将关闭，请尽快支付"}]'::jsonb, 'pages/orders/index', ARRAY['payment']::text[]),
('order_shipped', 'Hs4nDe8q1LwBb2ShippedSiyuDeliveryN0tice7mQ', '订单发货通知', '[{"key":"character_string1","label":"订单号","placeholder":"{{order.no}}"},{"key":"thing2","label":"商品名称","placeholder":"{{order.item}}"},{"key":"thing3","label":"温馨提示","placeholder":"您的包裹已发出，请留意查收"}]'::jsonb, 'pages/orders/index', ARRAY['payment']::text[]),
('review_request', 'Rv9pTq3m5XcCc3ReviewSiyuInvitati0n4hJs2Kd', '评价提醒', '[{"key":"thing1","label":"商品名称","placeholder":"{{order.item}}"},{"key":"thing2","label":"提示","placeholder":"收到的宝贝还满意吗？来说说吧"}]'::jsonb, 'pages/orders/index', ARRAY['payment']::text[]),
('points_expiring', 'Pe2wLk6n8YdDd4PointsSiyuExpiryN0tice5gTr9', '积分过期提醒', '[{"key":"number1","label":"过期积分","placeholder":"{{points.expiring}}"},{"key":"date2","label":"过期时间","placeholder":"{{points.expiresAt}}"},{"key":"thing3","label":"温馨提示","placeholder":"积分可在积分商城兑换好礼"}]'::jsonb, 'pages/points-mall/index', ARRAY['member_center']::text[]),
('coupon_expiring', 'Ce5rJh1b4ZfEe5CouponSiyuExpiryN0tice6vWq3', '优惠券到期提醒', '[{"key":"thing1","label":"优惠券名称","placeholder":"{{coupon.name}}"},{"key":"date2","label":"到期时间","placeholder":"{{coupon.expiresAt}}"},{"key":"thing3","label":"温馨提示","placeholder":"优惠券即将过期，别错过"}]'::jsonb, 'pages/my-coupons/index', ARRAY['coupon', 'member_center']::text[]),
('tier_changed', 'Tc8yGf7c2NgFf6TierSiyuLevelChange8pXn4Hb', '会员等级变更通知', '[{"key":"thing1","label":"当前等级","placeholder":"{{tier.name}}"},{"key":"thing2","label":"变更说明","placeholder":"会员等级已更新，查看专属权益"}]'::jsonb, 'pages/member/index', ARRAY['member_center']::text[])
ON CONFLICT DO NOTHING;
