CREATE TABLE "billing_credits" (
	"id" text PRIMARY KEY NOT NULL,
	"company_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount_usd_minor" bigint NOT NULL,
	"order_id" text,
	"note" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "dunning_attempt" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "credit_usd_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "discount_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "billing_credits" ADD CONSTRAINT "billing_credits_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_credits_company_idx" ON "billing_credits" USING btree ("company_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_credits_one_use_per_order" ON "billing_credits" USING btree ("order_id") WHERE kind = 'applied';--> statement-breakpoint
CREATE UNIQUE INDEX "orders_one_auto_charge_attempt" ON "orders" USING btree ("company_id","period_start","dunning_attempt") WHERE auto_charge;