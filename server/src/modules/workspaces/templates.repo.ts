import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { templateAssets, workspaces, workspaceTemplates } from './workspaces.schema.ts';

/** A template row. */
export type TemplateRow = typeof workspaceTemplates.$inferSelect;
/** An uploaded .vsix row. */
export type AssetRow = typeof templateAssets.$inferSelect;

const inUse = sql<number>`(select count(*)::int from ${workspaces} where ${workspaces.templateId} = ${workspaceTemplates.id})`;

/** Templates a company may use: the official ones and its own. */
const usableBy = (companyId: string) =>
  or(isNull(workspaceTemplates.companyId), eq(workspaceTemplates.companyId, companyId));

/** An official template or one of the company's, by id. */
export async function findTemplateFor(
  exec: Executor,
  companyId: string,
  id: string,
): Promise<TemplateRow | undefined> {
  return (await getTemplate(exec, companyId, id))?.t;
}

/** Official templates first, then the company's, each with how many workspaces use it. */
export async function listTemplates(exec: Executor, companyId: string) {
  return exec
    .select({ t: workspaceTemplates, inUse })
    .from(workspaceTemplates)
    .where(usableBy(companyId))
    .orderBy(sql`${workspaceTemplates.companyId} is not null`, asc(workspaceTemplates.name));
}

/** One template with its use count. */
export async function getTemplate(exec: Executor, companyId: string, id: string) {
  const [row] = await exec
    .select({ t: workspaceTemplates, inUse })
    .from(workspaceTemplates)
    .where(and(eq(workspaceTemplates.id, id), usableBy(companyId)));
  return row;
}

/** The company's uploaded .vsix files. */
export async function listAssets(exec: Executor, companyId: string): Promise<AssetRow[]> {
  return exec
    .select()
    .from(templateAssets)
    .where(eq(templateAssets.companyId, companyId))
    .orderBy(asc(templateAssets.createdAt));
}

/** One uploaded .vsix of the company. */
export async function findAsset(
  exec: Executor,
  companyId: string,
  id: string,
): Promise<AssetRow | undefined> {
  const [row] = await exec
    .select()
    .from(templateAssets)
    .where(and(eq(templateAssets.id, id), eq(templateAssets.companyId, companyId)));
  return row;
}

/** Whether any of the company's templates (or workspaces' step snapshots) reference an asset. */
export async function assetInUse(exec: Executor, companyId: string, id: string): Promise<boolean> {
  const needle = JSON.stringify(id);
  const [row] = await exec
    .execute<{ used: boolean }>(sql`select exists(
      select 1 from ${workspaceTemplates} where ${workspaceTemplates.companyId} = ${companyId} and ${workspaceTemplates.steps}::text like ${`%${needle}%`}
      union all
      select 1 from ${workspaces} where ${workspaces.companyId} = ${companyId} and ${workspaces.steps}::text like ${`%${needle}%`}
    ) as used`)
    .then((r) => r.rows);
  return row?.used === true;
}
