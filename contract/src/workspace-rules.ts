// Workspace and template rules shared by the server and the portal. No zod here: the portal imports
// this module (through `@youarecoder/contract/workspace-rules`).

/**
 * Workspace states. The lifecycle is pending -> provisioning -> running <-> stopped, failed,
 * deleting; `starting` and `stopping` show an operation in flight so the portal never guesses.
 */
export const WORKSPACE_STATUSES = [
  'pending',
  'provisioning',
  'starting',
  'running',
  'stopping',
  'stopped',
  'failed',
  'deleting',
] as const;
/** A workspace state. */
export type WorkspaceStatus = (typeof WORKSPACE_STATUSES)[number];

/** States in which a workspace counts as busy (an operation is in flight). */
export const BUSY_STATUSES: readonly WorkspaceStatus[] = [
  'pending',
  'provisioning',
  'starting',
  'stopping',
  'deleting',
];

/** Shortest workspace name. */
export const WORKSPACE_NAME_MIN_LENGTH = 1;
/** Longest workspace name (the host label `<name>--<company>` must stay within 63 characters too). */
export const WORKSPACE_NAME_MAX_LENGTH = 40;
/** A DNS label without `--` (the host splits workspace and company at `--`). */
export const WORKSPACE_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Why a workspace name is refused, or null when it is fine (the host label length is checked by the server). */
export function workspaceNameProblem(
  name: string,
): 'too_short' | 'too_long' | 'chars' | 'double_hyphen' | null {
  if (name.length < WORKSPACE_NAME_MIN_LENGTH) return 'too_short';
  if (name.length > WORKSPACE_NAME_MAX_LENGTH) return 'too_long';
  if (!WORKSPACE_NAME_PATTERN.test(name)) return 'chars';
  if (name.includes('--')) return 'double_hyphen';
  return null;
}

/** Template step types. */
export const STEP_TYPES = [
  'files',
  'env',
  'git_clone',
  'extensions',
  'settings',
  'shell',
  'system_packages',
] as const;
/** A template step type. */
export type StepType = (typeof STEP_TYPES)[number];

/** Progress of one provisioning step. */
export const STEP_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'skipped', 'rolled_back'] as const;
/** A provisioning step's status. */
export type StepStatus = (typeof STEP_STATUSES)[number];

/** Longest path of a template's file to open first. */
export const IDE_OPEN_FILE_MAX_LENGTH = 300;

/** `src/./main.ts` → `src/main.ts`; an empty path (or only `.` and slashes) becomes null (the README). */
export function normalizeIdeOpenFile(p: string): string | null {
  const parts = p
    .trim()
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  return parts.length ? parts.join('/') : null;
}

/** Why a file to open first is refused (the length is checked apart), or null when it is fine. */
export function ideOpenFileProblem(p: string): 'absolute' | 'parent' | 'chars' | 'folder' | null {
  const s = p.trim();
  if (s === '') return null;
  if (s.startsWith('/') || s.startsWith('~') || /^[A-Za-z]:/.test(s)) return 'absolute';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\\\u0000-\u001f\u007f]/.test(s)) return 'chars';
  if (s.split('/').includes('..')) return 'parent';
  if (s.endsWith('/')) return 'folder';
  return null;
}

/** Step timeout bounds and default, in seconds. */
export const STEP_TIMEOUT = { min: 1, max: 1800, default: 120 } as const;
/** Most retries a step may have. */
export const STEP_MAX_RETRIES = 5;
/** Most steps in one template. */
export const TEMPLATE_MAX_STEPS = 30;
/** Largest uploaded .vsix, in bytes. */
export const VSIX_MAX_BYTES = 50 * 1024 * 1024;

/** What separates workspace and company in a workspace's host label (company subdomains never hold it). */
export const WORKSPACE_HOST_SEPARATOR = '--';

/** The host of a workspace: `<workspace>--<company>.<baseDomain>` (one DNS label, one wildcard certificate). */
export function workspaceHostName(workspace: string, company: string, baseDomain: string): string {
  return `${workspace}${WORKSPACE_HOST_SEPARATOR}${company}.${baseDomain}`.toLowerCase();
}

/** The host of a company's address: `<company>.<baseDomain>` (its sign-in and workspace list). */
export function companyHostName(company: string, baseDomain: string): string {
  return `${company}.${baseDomain}`.toLowerCase();
}

/** A Debian package name, optionally `=version` (what `apt-get install` takes). */
export const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9+.-]{1,99}(=[A-Za-z0-9.+:~-]{1,100})?$/;

/** The package names in what someone typed: separated by spaces, commas or lines. */
export function packageList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** A memory or disk limit as people read it: "4 GB", "512 MB". */
export function formatLimitBytes(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  if (gb >= 1) return `${Number.isInteger(gb) ? gb : gb.toFixed(1)} GB`;
  return `${Math.round(bytes / 1024 ** 2)} MB`;
}

/** What the workspace page, its logs and the runtime say when the kernel stopped a process for memory. */
export function outOfMemoryMessage(memoryBytes: number): string {
  return `a process was stopped: out of memory, ${formatLimitBytes(memoryBytes)} limit`;
}

/** A disk this full counts as full: writes fail or are about to. */
export const DISK_FULL_RATIO = 0.98;

/** A workspace state change's note the server writes, known to the portal and the gateway's pages. */
export type TransitionNote =
  | { key: 'created' | 'paid' | 'suspended' | 'canceled' | 'runtime' | 'platformStopped' }
  | { key: 'startedBy' | 'stoppedBy' | 'restartedBy'; who: string }
  | { key: 'idle'; hours: number; minutes: number };

const NOTES: [RegExp, (m: RegExpExecArray) => TransitionNote][] = [
  [/^created$/, () => ({ key: 'created' })],
  [/^started by (.+)$/, (m) => ({ key: 'startedBy', who: m[1] ?? '' })],
  [/^stopped by (.+)$/, (m) => ({ key: 'stoppedBy', who: m[1] ?? '' })],
  [/^restarted by (.+)$/, (m) => ({ key: 'restartedBy', who: m[1] ?? '' })],
  [
    /^stopped after (?:(\d+) hours?)?\s*(?:(\d+) minutes?)? without IDE activity$/,
    (m) => ({ key: 'idle', hours: Number(m[1] ?? 0), minutes: Number(m[2] ?? 0) }),
  ],
  [/^started again: the subscription was paid$/, () => ({ key: 'paid' })],
  [/^stopped: the company's subscription is suspended/, () => ({ key: 'suspended' })],
  [/^stopped: the company's subscription was canceled/, () => ({ key: 'canceled' })],
  [/^waiting for the IDE runtime to be installed$/, () => ({ key: 'runtime' })],
  [/^stopped with the platform/, () => ({ key: 'platformStopped' })],
];

/**
 * Which known note a recorded reason is (the server writes them in English), or null for the others
 * (a failure's own words), so each reader gets it in their language.
 */
export function parseTransitionNote(reason: string): TransitionNote | null {
  for (const [re, make] of NOTES) {
    const m = re.exec(reason);
    if (m) return make(m);
  }
  return null;
}
