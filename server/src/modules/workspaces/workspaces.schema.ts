import type { TemplateIde, TemplateStep, WorkspaceStatus } from '@youarecoder/contract';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sessions, users } from '../accounts/accounts.schema.ts';
import { companies } from '../companies/companies.schema.ts';

const tz = (name: string) => timestamp(name, { withTimezone: true });

/** What the IDE shows first (contract: templateIdeSchema); by default everything off, the README first. */
const ideColumn = () =>
  jsonb('ide')
    .$type<TemplateIde>()
    .notNull()
    .default(sql`'{"welcome":false,"chat":false,"openFile":null}'::jsonb`);

/** Templates: official ones (company_id null, kept in code and upserted at start) and companies' own. */
export const workspaceTemplates = pgTable(
  'workspace_templates',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id').references(() => companies.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    steps: jsonb('steps').$type<TemplateStep[]>().notNull(),
    /** What the IDE shows first in its workspaces: Welcome page, chat, a file instead of the README. */
    ide: ideColumn(),
    createdBy: text('created_by'),
    createdAt: tz('created_at').notNull(),
    updatedAt: tz('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('workspace_templates_company_name_key')
      .on(t.companyId, t.name)
      .where(sql`company_id is not null`),
    uniqueIndex('workspace_templates_official_name_key').on(t.name).where(sql`company_id is null`),
  ],
);

/** Uploaded .vsix files (the bytes live in DATA_DIR/template-assets/<id>.vsix). */
export const templateAssets = pgTable(
  'template_assets',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    extensionId: text('extension_id').notNull(),
    version: text('version').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    createdBy: text('created_by'),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [index('template_assets_company_idx').on(t.companyId)],
);

/**
 * Workspaces. `status` is what the platform last observed or did; `desired` is what the user asked
 * for. The converge job (and the reconciler) move one towards the other.
 */
export const workspaces = pgTable(
  'workspaces',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    templateId: text('template_id')
      .notNull()
      .references(() => workspaceTemplates.id, { onDelete: 'restrict' }),
    /** The template's steps when the workspace was created (later edits do not change it). */
    steps: jsonb('steps').$type<TemplateStep[]>().notNull(),
    /** The template's IDE choices when the workspace was created, like its steps. */
    ide: ideColumn(),
    status: text('status').$type<WorkspaceStatus>().notNull(),
    statusReason: text('status_reason'),
    desired: text('desired', { enum: ['running', 'stopped', 'deleted'] }).notNull(),
    /** Environment from env steps, given to the IDE on every start. */
    env: jsonb('env').$type<Record<string, string>>().notNull().default({}),
    idleTimeoutMinutes: integer('idle_timeout_minutes').notNull(),
    sharedWithAdmins: boolean('shared_with_admins').notNull().default(false),
    lastActivityAt: tz('last_activity_at'),
    diskBytes: bigint('disk_bytes', { mode: 'number' }),
    diskSampledAt: tz('disk_sampled_at'),
    /** When the current provisioning or start began (the reconciler fails it past its timeout). */
    operationStartedAt: tz('operation_started_at'),
    /** When provisioning last succeeded; null until then (a start provisions first). */
    provisionedAt: tz('provisioned_at'),
    startedAt: tz('started_at'),
    stoppedAt: tz('stopped_at'),
    /** When the IDE was first opened through the portal (the template's file to open is opened then). */
    ideOpenedAt: tz('ide_opened_at'),
    /** Set when the workspace-ready mail was queued, so it is sent once. */
    readyMailAt: tz('ready_mail_at'),
    /** Processes the kernel stopped for memory, all told (container driver). */
    oomKills: integer('oom_kills').notNull().default(0),
    /** The runtime's own count at the last sample (it starts again at 0 with each start). */
    oomSeen: integer('oom_seen').notNull().default(0),
    lastOomAt: tz('last_oom_at'),
    createdAt: tz('created_at').notNull(),
    updatedAt: tz('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('workspaces_company_name_key').on(t.companyId, t.name),
    index('workspaces_owner_idx').on(t.ownerId),
    index('workspaces_template_idx').on(t.templateId),
    index('workspaces_status_idx').on(t.status),
  ],
);

/** Provisioning progress: one row per template step. */
export const workspaceSteps = pgTable(
  'workspace_steps',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    index: integer('index').notNull(),
    type: text('type').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    startedAt: tz('started_at'),
    finishedAt: tz('finished_at'),
    error: text('error'),
    output: text('output').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.index] })],
);

/** Every state change with its time and reason. */
export const workspaceTransitions = pgTable(
  'workspace_transitions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    actorId: text('actor_id'),
    at: tz('at').notNull(),
  },
  (t) => [index('workspace_transitions_workspace_idx').on(t.workspaceId, t.id)],
);

/** Resource samples: one a minute for a day, then one an hour for 30 days. */
export const workspaceSamples = pgTable(
  'workspace_samples',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    at: tz('at').notNull(),
    /** 60 (a minute) or 3600 (an hourly average). */
    resolution: integer('resolution').notNull(),
    cpuPercent: doublePrecision('cpu_percent').notNull(),
    cpuSeconds: doublePrecision('cpu_seconds').notNull(),
    /** Share of the interval the CPU limit held the workspace back (percent of wall time; containers). */
    cpuThrottledPercent: doublePrecision('cpu_throttled_percent').notNull().default(0),
    /** The runtime's throttled-time counter, to take the next sample's difference from. */
    cpuThrottledSeconds: doublePrecision('cpu_throttled_seconds').notNull().default(0),
    memoryBytes: bigint('memory_bytes', { mode: 'number' }).notNull(),
    diskBytes: bigint('disk_bytes', { mode: 'number' }).notNull(),
    processes: integer('processes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.resolution, t.at] })],
);

/** Single-use tickets the portal hands to the gateway (hash only; a minute long). */
export const gatewayTickets = pgTable('gateway_tickets', {
  tokenHash: text('token_hash').primaryKey(),
  workspaceId: text('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  sessionId: text('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
  expiresAt: tz('expires_at').notNull(),
  usedAt: tz('used_at'),
});

/**
 * The gateway's cookie sessions, one per workspace host and browser. Tied to the platform session:
 * logging out (or the session ending) ends IDE access too.
 */
export const gatewaySessions = pgTable(
  'gateway_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    createdAt: tz('created_at').notNull(),
    expiresAt: tz('expires_at').notNull(),
  },
  (t) => [index('gateway_sessions_workspace_idx').on(t.workspaceId)],
);
