CREATE TABLE "billing_details" (
	"company_id" text PRIMARY KEY NOT NULL,
	"legal_name" text NOT NULL,
	"tax_office" text NOT NULL,
	"tax_number" text NOT NULL,
	"address" text NOT NULL,
	"city" text NOT NULL,
	"country" text NOT NULL,
	"phone" text,
	"currency" text DEFAULT 'TRY' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "billing_notices" (
	"company_id" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_notices_company_id_kind_key_pk" PRIMARY KEY("company_id","kind","key")
);
--> statement-breakpoint
CREATE TABLE "fx_bulletins" (
	"date" date PRIMARY KEY NOT NULL,
	"bulletin_no" text NOT NULL,
	"source_url" text NOT NULL,
	"raw_xml" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fx_rates" (
	"bulletin_date" date NOT NULL,
	"currency" text NOT NULL,
	"unit" integer NOT NULL,
	"forex_buying" numeric(18, 6),
	"forex_selling" numeric(18, 6),
	"banknote_buying" numeric(18, 6),
	"banknote_selling" numeric(18, 6),
	CONSTRAINT "fx_rates_bulletin_date_currency_pk" PRIMARY KEY("bulletin_date","currency")
);
--> statement-breakpoint
CREATE TABLE "invoice_sequences" (
	"year" integer PRIMARY KEY NOT NULL,
	"last_value" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"company_id" text NOT NULL,
	"order_id" text NOT NULL,
	"credited_invoice_id" text,
	"issued_at" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"net_minor" bigint NOT NULL,
	"vat_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"vat_rate_bp" integer NOT NULL,
	"vat_exempt_reason" text,
	"try_rate" numeric(18, 6) NOT NULL,
	"fx_date" date,
	"fx_rate_type" text DEFAULT 'ForexBuying' NOT NULL,
	"try_total_minor" bigint NOT NULL,
	"seller" jsonb NOT NULL,
	"buyer" jsonb NOT NULL,
	"lines" jsonb NOT NULL,
	"period_start" timestamp with time zone,
	"period_end" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"company_id" text NOT NULL,
	"merchant_oid" text NOT NULL,
	"kind" text NOT NULL,
	"plan" text NOT NULL,
	"period" text NOT NULL,
	"currency" text NOT NULL,
	"usd_net_minor" bigint NOT NULL,
	"net_minor" bigint NOT NULL,
	"vat_minor" bigint NOT NULL,
	"amount_minor" bigint NOT NULL,
	"vat_rate_bp" integer NOT NULL,
	"vat_exempt_reason" text,
	"try_rate" numeric(18, 6) NOT NULL,
	"usd_try_rate" numeric(18, 6),
	"fx_date" date,
	"fx_rate_type" text DEFAULT 'ForexBuying' NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"failed_reason_code" text,
	"failed_reason_msg" text,
	"paid_total_minor" bigint,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"installment_count" integer,
	"payment_type" text,
	"settled_by" text,
	"paid_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	"test_mode" boolean NOT NULL,
	"user_ip" text NOT NULL,
	"email" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_callbacks" (
	"id" text PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"merchant_oid" text,
	"order_id" text,
	"company_id" text,
	"hash_valid" boolean NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"body" jsonb NOT NULL,
	"remote_ip" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" text,
	"review_note" text
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"company_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"reference_no" text NOT NULL,
	"status" text NOT NULL,
	"error" text,
	"credit_note_id" text,
	"reason" text,
	"requested_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"company_id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"plan" text NOT NULL,
	"period" text DEFAULT 'monthly' NOT NULL,
	"currency" text DEFAULT 'TRY' NOT NULL,
	"trial_ends_at" timestamp with time zone,
	"current_period_start" timestamp with time zone,
	"current_period_end" timestamp with time zone,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"next_plan" text,
	"next_period" text,
	"past_due_since" timestamp with time zone,
	"suspended_at" timestamp with time zone,
	"canceled_at" timestamp with time zone,
	"card_utoken" text,
	"card_ctoken" text,
	"card_last4" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "is_operator" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "attachments" jsonb;--> statement-breakpoint
ALTER TABLE "billing_details" ADD CONSTRAINT "billing_details_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_notices" ADD CONSTRAINT "billing_notices_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fx_rates" ADD CONSTRAINT "fx_rates_bulletin_date_fx_bulletins_date_fk" FOREIGN KEY ("bulletin_date") REFERENCES "public"."fx_bulletins"("date") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_number_key" ON "invoices" USING btree ("number");--> statement-breakpoint
CREATE INDEX "invoices_company_idx" ON "invoices" USING btree ("company_id","issued_at");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_one_per_order" ON "invoices" USING btree ("order_id") WHERE kind = 'invoice';--> statement-breakpoint
CREATE UNIQUE INDEX "orders_merchant_oid_key" ON "orders" USING btree ("merchant_oid");--> statement-breakpoint
CREATE INDEX "orders_company_idx" ON "orders" USING btree ("company_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_pending_idx" ON "orders" USING btree ("expires_at") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "orders_one_paid_period" ON "orders" USING btree ("company_id","period_start") WHERE status = 'paid' and kind <> 'upgrade';--> statement-breakpoint
CREATE INDEX "payment_callbacks_oid_idx" ON "payment_callbacks" USING btree ("merchant_oid");--> statement-breakpoint
CREATE INDEX "payment_callbacks_held_idx" ON "payment_callbacks" USING btree ("received_at") WHERE outcome = 'held' and reviewed_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_reference_key" ON "refunds" USING btree ("reference_no");--> statement-breakpoint
CREATE INDEX "refunds_order_idx" ON "refunds" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "subscriptions_status_idx" ON "subscriptions" USING btree ("status");--> statement-breakpoint
-- Issued invoices and credit notes are never edited or removed (a correction is a credit note).
CREATE FUNCTION invoices_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'invoices are immutable (% of %)', TG_OP, OLD.number USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER invoices_no_update_or_delete BEFORE UPDATE OR DELETE ON "invoices"
  FOR EACH ROW EXECUTE FUNCTION invoices_immutable();
--> statement-breakpoint
-- Companies that exist before billing get a trial that starts now.
INSERT INTO "subscriptions" ("company_id", "status", "plan", "trial_ends_at", "created_at", "updated_at")
  SELECT "id", 'trialing', 'starter', now() + interval '14 days', now(), now() FROM "companies"
  ON CONFLICT DO NOTHING;
