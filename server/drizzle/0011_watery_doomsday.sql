CREATE TABLE "product_shipping" (
	"product_id" integer PRIMARY KEY NOT NULL,
	"template_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipping_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"basis" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"default_rule" jsonb NOT NULL,
	"region_rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"undeliverable_province_codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shipping_templates_basis_check" CHECK ("shipping_templates"."basis" in ('piece','weight'))
);
--> statement-breakpoint
CREATE TABLE "sku_shipping_weights" (
	"sku_id" integer NOT NULL,
	"weight_grams" integer NOT NULL,
	CONSTRAINT "sku_shipping_weights_sku_id_pk" PRIMARY KEY("sku_id"),
	CONSTRAINT "sku_shipping_weights_grams_check" CHECK ("sku_shipping_weights"."weight_grams" between 0 and 1000000)
);
--> statement-breakpoint
ALTER TABLE "product_shipping" ADD CONSTRAINT "product_shipping_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_shipping" ADD CONSTRAINT "product_shipping_template_id_shipping_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."shipping_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sku_shipping_weights" ADD CONSTRAINT "sku_shipping_weights_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "shipping_templates_one_default" ON "shipping_templates" USING btree ("is_default") WHERE "shipping_templates"."is_default";