import type pg from 'pg';
import type { Config } from '../../config/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import type { IdeRuntime } from '../../platform/ide-installer.ts';
import type { Ids } from '../../platform/ids.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/index.ts';
import type { Entitlements } from '../billing/index.ts';
import type { Notifications } from '../notifications/index.ts';
import type { WorkspaceEvents } from './events.ts';
import type { RuntimeDriver } from './runtime.ts';

/** What the workspaces module is built from. */
export interface WorkspaceModuleDeps {
  db: Db;
  pool: pg.Pool;
  clock: Clock;
  ids: Ids;
  config: Config;
  log: Logger;
  audit: AuditService;
  notifications: Notifications;
  driver: RuntimeDriver;
  ide: IdeRuntime;
  events: WorkspaceEvents;
  /** Queue the converge job of a workspace in the caller's transaction. */
  queueConverge(exec: Executor, id: string, opts?: { restart?: boolean; requestId?: string }): Promise<void>;
  /** What the company's subscription allows now (billing). */
  entitlements(exec: Executor, companyId: string): Promise<Entitlements>;
  /** Official templates exist in the table (once per process). */
  ensureTemplates(): Promise<void>;
}
