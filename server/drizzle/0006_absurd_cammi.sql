CREATE TABLE "sim_keys" (
	"name" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_pay_prepays" (
	"prepay_id" text PRIMARY KEY NOT NULL,
	"mchid" text NOT NULL,
	"out_trade_no" text NOT NULL,
	"expires_at_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_pay_refunds" (
	"mchid" text NOT NULL,
	"out_refund_no" text NOT NULL,
	"refund_id" text NOT NULL,
	"out_trade_no" text NOT NULL,
	"transaction_id" text NOT NULL,
	"refund_fen" bigint NOT NULL,
	"total_fen" bigint NOT NULL,
	"reason" text,
	"notify_url" text,
	"status" text NOT NULL,
	"created_at_ms" bigint NOT NULL,
	"success_at_ms" bigint,
	CONSTRAINT "sim_pay_refunds_mchid_out_refund_no_pk" PRIMARY KEY("mchid","out_refund_no")
);
--> statement-breakpoint
CREATE TABLE "sim_pay_transactions" (
	"mchid" text NOT NULL,
	"out_trade_no" text NOT NULL,
	"appid" text NOT NULL,
	"description" text NOT NULL,
	"attach" text,
	"notify_url" text NOT NULL,
	"total_fen" bigint NOT NULL,
	"payer_openid" text NOT NULL,
	"time_expire_ms" bigint,
	"params_key" text NOT NULL,
	"state" text NOT NULL,
	"transaction_id" text,
	"success_at_ms" bigint,
	CONSTRAINT "sim_pay_transactions_mchid_out_trade_no_pk" PRIMARY KEY("mchid","out_trade_no")
);
--> statement-breakpoint
CREATE TABLE "sim_wechat_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"appid" text NOT NULL,
	"kind" text NOT NULL,
	"user_key" text NOT NULL,
	"phone_number" text,
	"expires_at_ms" bigint NOT NULL,
	"used_at_ms" bigint
);
--> statement-breakpoint
CREATE TABLE "sim_wechat_tokens" (
	"token" text PRIMARY KEY NOT NULL,
	"appid" text NOT NULL,
	"expires_at_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sim_pay_prepays_order_idx" ON "sim_pay_prepays" USING btree ("mchid","out_trade_no");--> statement-breakpoint
CREATE INDEX "sim_pay_refunds_order_idx" ON "sim_pay_refunds" USING btree ("mchid","out_trade_no");--> statement-breakpoint
CREATE UNIQUE INDEX "sim_pay_transactions_transaction_id_key" ON "sim_pay_transactions" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "sim_wechat_tokens_appid_idx" ON "sim_wechat_tokens" USING btree ("appid","expires_at_ms");