ALTER TABLE "billing_details" ADD COLUMN "exemption_review" text;--> statement-breakpoint
ALTER TABLE "billing_details" ADD COLUMN "exemption_review_key" text;--> statement-breakpoint
ALTER TABLE "billing_details" ADD COLUMN "exemption_reviewed_by" text;--> statement-breakpoint
ALTER TABLE "billing_details" ADD COLUMN "exemption_reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "billing_details" ADD COLUMN "exemption_review_note" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "tax_evidence" jsonb;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "tax_evidence" jsonb;