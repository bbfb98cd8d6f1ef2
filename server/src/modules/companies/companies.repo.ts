import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { users } from '../accounts/accounts.schema.ts';
import { companies } from './companies.schema.ts';
import { allocatedQuota } from './members.repo.ts';

/** A company row. */
export type CompanyRow = typeof companies.$inferSelect;

/** Insert a company. */
export async function insertCompany(exec: Executor, row: typeof companies.$inferInsert): Promise<void> {
  await exec.insert(companies).values(row);
}

/** A company by id. */
export async function findCompany(exec: Executor, companyId: string): Promise<CompanyRow | undefined> {
  const [row] = await exec.select().from(companies).where(eq(companies.id, companyId));
  return row;
}

/** Lock the company row: serialises quota changes of one company. */
export async function lockCompany(exec: Executor, companyId: string): Promise<CompanyRow | undefined> {
  const [row] = await exec.select().from(companies).where(eq(companies.id, companyId)).for('update');
  return row;
}

/** Change a company's fields. */
export async function updateCompany(exec: Executor, companyId: string, patch: Partial<Pick<CompanyRow, 'name' | 'workspaceLimit' | 'updatedAt'>>): Promise<void> {
  await exec.update(companies).set(patch).where(eq(companies.id, companyId));
}

/**
 * Quota given out (members' personal quotas plus open invites, the same sum the quota check uses)
 * and member count.
 */
export async function quotaSummary(exec: Executor, companyId: string, now: Date): Promise<{ allocated: number; members: number }> {
  const [row] = await exec
    .select({ members: sql<number>`count(*)::int` })
    .from(users)
    .where(eq(users.companyId, companyId));
  return { allocated: await allocatedQuota(exec, companyId, now), members: row?.members ?? 0 };
}

/** The user and their company with its quota summary (GET /me is hot: two short queries). */
export async function findMe(exec: Executor, companyId: string, userId: string, now: Date) {
  const [row] = await exec
    .select({
      user: users,
      company: companies,
      members: sql<number>`(select count(*)::int from users u2 where u2.company_id = ${companies.id})`,
    })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(and(eq(users.id, userId), eq(users.companyId, companyId)));
  if (!row) return undefined;
  return { ...row, allocated: await allocatedQuota(exec, companyId, now) };
}
