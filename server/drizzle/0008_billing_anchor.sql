ALTER TABLE "subscriptions" ADD COLUMN "billing_anchor" timestamp with time zone;--> statement-breakpoint
-- Subscriptions from before anchors were kept: their current period start is the best anchor known.
update subscriptions set billing_anchor = current_period_start where billing_anchor is null;
