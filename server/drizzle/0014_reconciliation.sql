CREATE TABLE "reconciliation_discrepancies" (
	"id" text PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"merchant_oid" text NOT NULL,
	"subject" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"order_id" text,
	"company_id" text,
	"paytr_amount_minor" bigint,
	"paytr_currency" text,
	"paytr_at" timestamp with time zone,
	"our_amount_minor" bigint,
	"our_currency" text,
	"our_at" timestamp with time zone,
	"first_run_id" text NOT NULL,
	"last_run_id" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"cleared_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"resolution_note" text
);
--> statement-breakpoint
CREATE TABLE "reconciliation_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"from_day" date NOT NULL,
	"to_day" date NOT NULL,
	"trigger" text NOT NULL,
	"requested_by" text,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"paytr_records" integer,
	"our_records" integer,
	"found" integer DEFAULT 0 NOT NULL,
	"opened" integer DEFAULT 0 NOT NULL,
	"cleared" integer DEFAULT 0 NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_discrepancies_key" ON "reconciliation_discrepancies" USING btree ("day","merchant_oid","subject","kind");--> statement-breakpoint
CREATE INDEX "reconciliation_discrepancies_status_idx" ON "reconciliation_discrepancies" USING btree ("status","day");--> statement-breakpoint
CREATE INDEX "reconciliation_runs_started_idx" ON "reconciliation_runs" USING btree ("started_at");