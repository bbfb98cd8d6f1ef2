ALTER TABLE "workspace_templates" ADD COLUMN "ide" jsonb DEFAULT '{"welcome":false,"chat":false,"openFile":null}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "ide" jsonb DEFAULT '{"welcome":false,"chat":false,"openFile":null}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "ide_opened_at" timestamp with time zone;