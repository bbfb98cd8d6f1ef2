ALTER TABLE "orders" ADD COLUMN "auto_charge" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "charge_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "charge_sent_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "orders_auto_charge_idx" ON "orders" USING btree ("created_at") WHERE status = 'pending' and auto_charge;