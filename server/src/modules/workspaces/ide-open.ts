// The template's file to open first: opened by the IDE the first time someone opens the workspace
// through the portal (the gateway puts it into the workbench's address), the README otherwise.
import path from 'node:path';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { WorkspaceModuleDeps } from './deps.ts';
import { workspaces } from './workspaces.schema.ts';

/**
 * Claim the workspace's first IDE open: the absolute path (as the IDE sees it) of the template's file to
 * open, or null when there is none, the IDE was opened before, or the file does not exist (VS Code would
 * open a missing file as a new one: the README's start shows instead).
 */
export async function claimFirstOpenFile(
  d: Pick<WorkspaceModuleDeps, 'db' | 'clock' | 'driver'>,
  id: string,
): Promise<string | null> {
  const [row] = await d.db
    .update(workspaces)
    .set({ ideOpenedAt: d.clock.now() })
    .where(
      and(
        eq(workspaces.id, id),
        isNull(workspaces.ideOpenedAt),
        sql`${workspaces.ide}->>'openFile' is not null`,
      ),
    )
    .returning({ ide: workspaces.ide });
  const file = row?.ide.openFile;
  if (!file) return null;
  const content = await d.driver.readFile(id, { area: 'project', path: file }).catch(() => null);
  if (content === null) return null;
  return path.posix.join(d.driver.paths(id).project, file);
}
