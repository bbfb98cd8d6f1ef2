// What every driver checks of a workspace spec before it turns any of it into paths, users or arguments.
import path from 'node:path';
import { PLANS } from '@youarecoder/contract/plans';
import {
  RESERVED_ENV,
  RuntimeError,
  WORKSPACE_ID_PATTERN,
  type WorkspaceLimits,
  type WorkspaceSpec,
} from '../../runtime.ts';

/** Throws invalid_spec unless the id is one the drivers can turn into paths and names. */
export function assertWorkspaceId(id: string): void {
  if (!WORKSPACE_ID_PATTERN.test(id))
    throw new RuntimeError('invalid_spec', `invalid workspace id ${JSON.stringify(id)}`);
}

/** The limits of a spec that names none: the smallest plan's. */
export const DEFAULT_LIMITS: WorkspaceLimits = Object.freeze({
  cpus: PLANS.starter.cpuLimit,
  memoryBytes: PLANS.starter.memoryLimitBytes,
  processes: PLANS.starter.processLimit,
  diskBytes: PLANS.starter.diskQuotaBytes,
});

const MIB = 1024 ** 2;
/** Smallest values a driver accepts: below them a workspace cannot even start its IDE. */
const FLOOR: WorkspaceLimits = { cpus: 0.1, memoryBytes: 256 * MIB, processes: 64, diskBytes: 64 * MIB };

function checkLimits(l: WorkspaceLimits): WorkspaceLimits {
  for (const key of ['cpus', 'memoryBytes', 'processes', 'diskBytes'] as const) {
    const v = l[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < FLOOR[key])
      throw new RuntimeError('invalid_spec', `limits.${key} must be a number of at least ${FLOOR[key]}`);
  }
  return {
    cpus: Math.round(l.cpus * 1000) / 1000,
    memoryBytes: Math.floor(l.memoryBytes),
    processes: Math.floor(l.processes),
    diskBytes: Math.floor(l.diskBytes),
  };
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Validate a spec (id, env names and values, folder inside the project, limits) and return a normalized copy. */
export function normalizeSpec(spec: WorkspaceSpec): Required<WorkspaceSpec> {
  assertWorkspaceId(spec.id);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.env ?? {})) {
    if (!ENV_NAME.test(k)) throw new RuntimeError('invalid_spec', `invalid environment variable name ${k}`);
    if (RESERVED_ENV.includes(k)) throw new RuntimeError('invalid_spec', `${k} is set by the platform`);
    if (typeof v !== 'string' || v.includes('\0'))
      throw new RuntimeError('invalid_spec', `invalid value for environment variable ${k}`);
    env[k] = v;
  }
  const folder = path.posix.normalize(spec.folder?.trim() || '.');
  if (path.posix.isAbsolute(folder) || folder === '..' || folder.startsWith('../'))
    throw new RuntimeError('invalid_spec', 'folder must be relative to the project folder');
  const limits = checkLimits(spec.limits ?? DEFAULT_LIMITS);
  return { id: spec.id, name: String(spec.name ?? ''), env, folder, limits };
}
