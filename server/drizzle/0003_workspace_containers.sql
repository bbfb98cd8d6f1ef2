ALTER TABLE "workspace_samples" ADD COLUMN "cpu_throttled_percent" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspace_samples" ADD COLUMN "cpu_throttled_seconds" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "oom_kills" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "oom_seen" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "last_oom_at" timestamp with time zone;