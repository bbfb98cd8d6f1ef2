ALTER TABLE "invoices" ADD COLUMN "try_net_minor" bigint;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "try_vat_minor" bigint;