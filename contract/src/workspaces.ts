import { z } from 'zod';
import { NO_CONTROL_CHARS, NO_CONTROL_CHARS_MESSAGE } from './constants.ts';
import { MIN_IDLE_TIMEOUT_MINUTES, PLAN_IDS } from './plans.ts';
import {
  DEBIAN_PACKAGE,
  IDE_OPEN_FILE_MAX_LENGTH,
  ideOpenFileProblem,
  normalizeIdeOpenFile,
  STEP_MAX_RETRIES,
  STEP_STATUSES,
  STEP_TIMEOUT,
  TEMPLATE_MAX_STEPS,
  WORKSPACE_NAME_MAX_LENGTH,
  WORKSPACE_STATUSES,
  workspaceNameProblem,
} from './workspace-rules.ts';

const WORKSPACE_NAME_MESSAGES = {
  too_short: 'is required',
  too_long: `must be at most ${WORKSPACE_NAME_MAX_LENGTH} characters`,
  chars: 'may contain only lowercase letters, digits and inner hyphens',
  double_hyphen: 'may not contain two hyphens in a row',
} as const;

/** A workspace name: a DNS label (it becomes part of the workspace's host name). */
export const workspaceNameSchema = z
  .string({ message: 'is required' })
  .trim()
  .toLowerCase()
  .superRefine((s, ctx) => {
    const problem = workspaceNameProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: WORKSPACE_NAME_MESSAGES[problem] });
  });

/** Idle timeout in minutes (the plan's ceiling is checked by the server). */
export const idleTimeoutSchema = z
  .number({ message: 'must be a number of minutes' })
  .int('must be a whole number of minutes')
  .min(MIN_IDLE_TIMEOUT_MINUTES, `must be at least ${MIN_IDLE_TIMEOUT_MINUTES} minutes`)
  .max(480, 'must be at most 480 minutes (8 hours)');

const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .regex(NO_CONTROL_CHARS, NO_CONTROL_CHARS_MESSAGE);

/** A path relative to the project folder, or to the home folder when it starts with `~/`. */
export const workspacePathSchema = z
  .string({ message: 'is required' })
  .trim()
  .min(1, 'is required')
  .max(500, 'must be at most 500 characters')
  .refine((p) => !p.includes('\0'), 'may not contain NUL')
  .refine((p) => !p.startsWith('/'), 'must be relative (to the project folder, or ~/ for the home folder)')
  .refine(
    (p) => !p.replace(/^~\//, '').split('/').includes('..'),
    'may not contain .. (it must stay inside the workspace)',
  );

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const stepCommon = {
  /** A label shown in the provisioning view; defaults to the type's own. */
  name: oneLine(80).optional(),
  timeoutSeconds: z
    .number()
    .int()
    .min(STEP_TIMEOUT.min, `must be at least ${STEP_TIMEOUT.min}`)
    .max(STEP_TIMEOUT.max, `must be at most ${STEP_TIMEOUT.max}`)
    .default(STEP_TIMEOUT.default),
  retries: z.number().int().min(0).max(STEP_MAX_RETRIES, `must be at most ${STEP_MAX_RETRIES}`).default(0),
  /** A fatal failure rolls back the earlier steps and fails the workspace; else it is noted and skipped. */
  fatal: z.boolean().default(true),
};

/** Write files into the workspace. */
export const filesStepSchema = z.object({
  type: z.literal('files'),
  ...stepCommon,
  files: z
    .array(
      z.object({
        path: workspacePathSchema,
        content: z.string().max(1024 * 1024, 'must be at most 1 MiB'),
        executable: z.boolean().default(false),
      }),
    )
    .min(1, 'needs at least one file')
    .max(100, 'at most 100 files'),
});

/** Environment variables for the IDE and its terminals. */
export const envStepSchema = z.object({
  type: z.literal('env'),
  ...stepCommon,
  variables: z
    .record(
      z.string().regex(ENV_NAME, 'must be a valid variable name (letters, digits, _)'),
      z
        .string()
        .max(4096)
        .refine((v) => !v.includes('\0'), 'may not contain NUL'),
    )
    .refine((r) => Object.keys(r).length > 0, 'needs at least one variable'),
});

/** Clone a git repository into the project folder. */
export const gitCloneStepSchema = z.object({
  type: z.literal('git_clone'),
  ...stepCommon,
  url: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(2000)
    .refine(
      (u) => /^(https?|ssh|git|file):\/\//.test(u) || /^[\w.-]+@[\w.-]+:/.test(u),
      'must be an http(s), ssh, git or file URL',
    ),
  branch: oneLine(200)
    .refine((b) => !b.startsWith('-'), 'may not start with -')
    .optional(),
  /** Folder inside the project; default: the project folder itself. */
  directory: workspacePathSchema.optional(),
});

/** Install VS Code extensions from .vsix files. */
export const extensionsStepSchema = z.object({
  type: z.literal('extensions'),
  ...stepCommon,
  /** Ids of uploaded .vsix assets (`asset_…`) or bundled ones (`bundled:<file>`). */
  vsix: z
    .array(
      z.string().regex(/^(asset_[a-z0-9]{8,40}|bundled:[a-z0-9._-]{1,100}\.vsix)$/, 'is not a known .vsix'),
    )
    .min(1, 'needs at least one .vsix')
    .max(30),
});

/** VS Code user settings, merged into settings.json. */
export const settingsStepSchema = z.object({
  type: z.literal('settings'),
  ...stepCommon,
  settings: z.record(z.string().min(1), z.unknown()),
});

/** A bash script run as the workspace user in the project folder. */
export const shellStepSchema = z.object({
  type: z.literal('shell'),
  ...stepCommon,
  script: z
    .string()
    .min(1, 'is required')
    .max(64 * 1024, 'must be at most 64 KiB'),
});

/** Debian packages installed with apt-get as root inside the workspace (workspaces in containers). */
export const systemPackagesStepSchema = z.object({
  type: z.literal('system_packages'),
  ...stepCommon,
  timeoutSeconds: stepCommon.timeoutSeconds.default(600),
  packages: z
    .array(z.string().trim().regex(DEBIAN_PACKAGE, 'must be a Debian package name, optionally =version'))
    .min(1, 'needs at least one package')
    .max(100, 'at most 100 packages'),
});

/** One template step. */
export const templateStepSchema = z.discriminatedUnion('type', [
  filesStepSchema,
  envStepSchema,
  gitCloneStepSchema,
  extensionsStepSchema,
  settingsStepSchema,
  shellStepSchema,
  systemPackagesStepSchema,
]);
/** One template step, as stored (defaults applied). */
export type TemplateStep = z.infer<typeof templateStepSchema>;
/** One template step, as sent (defaults optional). */
export type TemplateStepInput = z.input<typeof templateStepSchema>;

/**
 * The file the IDE opens first instead of the README: a path relative to the project folder that stays
 * inside it. Empty means the README.
 */
export const ideOpenFileSchema = z
  .string({ message: 'must be a path relative to the project folder' })
  .trim()
  .max(IDE_OPEN_FILE_MAX_LENGTH, `must be at most ${IDE_OPEN_FILE_MAX_LENGTH} characters`)
  .superRefine((p, ctx) => {
    const problem = ideOpenFileProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: IDE_OPEN_FILE_MESSAGES[problem] });
  })
  .transform((p) => normalizeIdeOpenFile(p));

const IDE_OPEN_FILE_MESSAGES = {
  absolute: 'must be relative to the project folder (no leading / or ~)',
  parent: 'may not contain .. (it must stay inside the project folder)',
  chars: 'may not contain backslashes or control characters',
  folder: 'must name a file, not a folder',
} as const;

/** What the IDE shows first in a workspace made from the template; every choice off by default. */
export const templateIdeSchema = z
  .object({
    /** VS Code's stock Welcome page (walkthroughs) instead of the README. */
    welcome: z.boolean({ message: 'must be true or false' }).default(false),
    /** VS Code's AI chat and agent UI (it needs a GitHub sign-in). */
    chat: z.boolean({ message: 'must be true or false' }).default(false),
    /** A file to open first instead of the README; null: the README. */
    openFile: ideOpenFileSchema.nullable().default(null),
  })
  .strict();
/** A template's IDE choices, as stored and answered. */
export const templateIdeDto = z.object({
  welcome: z.boolean(),
  chat: z.boolean(),
  openFile: z.string().nullable(),
});
/** A template's IDE choices, as stored. */
export type TemplateIde = z.infer<typeof templateIdeDto>;

/** POST /api/v1/templates, PUT /api/v1/templates/:id */
export const templateBody = z.object({
  name: oneLine(80).min(1, 'is required'),
  description: oneLine(500).default(''),
  steps: z.array(templateStepSchema).max(TEMPLATE_MAX_STEPS, `at most ${TEMPLATE_MAX_STEPS} steps`),
  ide: templateIdeSchema.default({ welcome: false, chat: false, openFile: null }),
});

/** A template. */
export const templateDto = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  official: z.boolean(),
  steps: z.array(templateStepSchema),
  ide: templateIdeDto,
  /** Workspaces created from it that still exist (a template in use cannot be deleted). */
  inUse: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A template in a list. */
export type TemplateDto = z.infer<typeof templateDto>;

/** An uploaded .vsix. */
export const templateAssetDto = z.object({
  id: z.string(),
  fileName: z.string(),
  extensionId: z.string(),
  version: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
});
/** POST /api/v1/templates/assets */
export type TemplateAssetDto = z.infer<typeof templateAssetDto>;

/** Progress of one provisioning step. */
export const stepProgressDto = z.object({
  index: z.number().int(),
  type: z.string(),
  name: z.string(),
  status: z.enum(STEP_STATUSES),
  attempts: z.number().int(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});
/** A step in the provisioning view. */
export type StepProgressDto = z.infer<typeof stepProgressDto>;

/** A workspace. */
export const workspaceDto = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(WORKSPACE_STATUSES),
  /** Why it is in this state (e.g. "stopped after 60 minutes without IDE activity"). */
  statusReason: z.string().nullable(),
  url: z.string(),
  owner: z.object({ id: z.string(), fullName: z.string(), email: z.string() }),
  template: z.object({ id: z.string(), name: z.string() }),
  idleTimeoutMinutes: z.number().int(),
  /** When it will stop if nothing happens (running only). */
  autoStopAt: z.string().nullable(),
  lastActivityAt: z.string().nullable(),
  sharedWithAdmins: z.boolean(),
  diskBytes: z.number().nullable(),
  diskQuotaBytes: z.number(),
  overDiskQuota: z.boolean(),
  /** False when workspaces are not isolated from each other (development without root). */
  isolated: z.boolean(),
  /** What it may use (its company's plan); enforced when `limitsEnforced` (workspaces in containers). */
  limits: z.object({
    cpus: z.number(),
    memoryBytes: z.number(),
    processes: z.number().int(),
    diskBytes: z.number(),
  }),
  limitsEnforced: z.boolean(),
  /** The last time the kernel stopped one of its processes for memory, with the sentence to show. */
  outOfMemory: z.object({ at: z.string(), kills: z.number().int(), message: z.string() }).nullable(),
  /** Its disk is (nearly) full: writes fail until something is deleted. */
  diskFull: z.boolean(),
  steps: z.array(stepProgressDto),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  stoppedAt: z.string().nullable(),
});
/** GET /api/v1/workspaces/:id */
export type WorkspaceDto = z.infer<typeof workspaceDto>;

/** GET /api/v1/workspaces: the list and the quota picture for the create dialog. */
export const workspaceListDto = z.object({
  items: z.array(workspaceDto),
  quota: z.object({
    /** The caller's own workspaces and their personal quota. */
    mine: z.number().int(),
    myQuota: z.number().int(),
    /** The company's workspaces and its plan limit. */
    company: z.number().int(),
    companyLimit: z.number().int(),
    plan: z.enum(PLAN_IDS),
  }),
  /** IDE runtime: ready, or being installed (workspaces created meanwhile wait). */
  runtime: z.object({ status: z.enum(['ready', 'installing', 'failed']), message: z.string().nullable() }),
});
/** GET /api/v1/workspaces */
export type WorkspaceListDto = z.infer<typeof workspaceListDto>;

/** POST /api/v1/workspaces */
export const createWorkspaceBody = z.object({
  name: workspaceNameSchema,
  templateId: z.string({ message: 'is required' }).min(1, 'is required').max(64),
  idleTimeoutMinutes: idleTimeoutSchema.optional(),
});

/** PATCH /api/v1/workspaces/:id */
export const updateWorkspaceBody = z
  .object({ idleTimeoutMinutes: idleTimeoutSchema.optional(), sharedWithAdmins: z.boolean().optional() })
  .refine((b) => b.idleTimeoutMinutes !== undefined || b.sharedWithAdmins !== undefined, 'nothing to change');

/** 202 answer of create/start/stop/restart. */
export const workspaceAcceptedDto = z.object({
  id: z.string(),
  status: z.enum(WORKSPACE_STATUSES),
  url: z.string(),
});

/** GET /api/v1/workspaces/:id/logs */
export const workspaceLogsDto = z.object({
  steps: z.array(stepProgressDto.extend({ output: z.string() })),
  transitions: z.array(
    z.object({ from: z.string().nullable(), to: z.string(), reason: z.string().nullable(), at: z.string() }),
  ),
  ide: z.array(z.string()),
});
/** Logs of a workspace. */
export type WorkspaceLogsDto = z.infer<typeof workspaceLogsDto>;

/** GET /api/v1/workspaces/:id/metrics?range=1h|24h|30d */
export const workspaceMetricsDto = z.object({
  range: z.enum(['1h', '24h', '30d']),
  points: z.array(
    z.object({
      at: z.string(),
      cpuPercent: z.number(),
      /** Percent of the time the CPU limit held it back (0 where nothing limits it). */
      cpuThrottledPercent: z.number(),
      memoryBytes: z.number(),
      diskBytes: z.number(),
    }),
  ),
  latest: z
    .object({ cpuPercent: z.number(), memoryBytes: z.number(), diskBytes: z.number(), processes: z.number() })
    .nullable(),
});
/** Charts of a workspace. */
export type WorkspaceMetricsDto = z.infer<typeof workspaceMetricsDto>;

/** One Server-Sent Event of GET /api/v1/workspaces/:id/events (`event: workspace|step`). */
export type WorkspaceEvent =
  | { type: 'workspace'; workspace: WorkspaceDto }
  | { type: 'step'; workspaceId: string; step: StepProgressDto };

/** 202 answer of create/start/stop/restart/delete. */
export type WorkspaceAcceptedDto = z.infer<typeof workspaceAcceptedDto>;
