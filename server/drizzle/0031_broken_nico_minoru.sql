CREATE TABLE "restock_watches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notified_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "restock_watches" ADD CONSTRAINT "restock_watches_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "restock_watches" ADD CONSTRAINT "restock_watches_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "restock_watches_open" ON "restock_watches" USING btree ("member_id","product_id") WHERE "restock_watches"."notified_at" is null;--> statement-breakpoint
CREATE INDEX "restock_watches_pending_idx" ON "restock_watches" USING btree ("product_id") WHERE "restock_watches"."notified_at" is null;--> statement-breakpoint
INSERT INTO "subscribe_templates" ("key", "template_id", "title", "fields", "page", "scenes") VALUES
('restock_arrival', 'Ra3tKd6e1MhGg7RestockSiyuArrivalN0tice2zQ', '到货提醒', '[{"key":"thing1","label":"商品名称","placeholder":"到货商品"},{"key":"thing2","label":"温馨提示","placeholder":"您关注的商品到货了，快去看看吧"}]'::jsonb, 'pages/product/index', ARRAY['restock']::text[])
ON CONFLICT DO NOTHING;
