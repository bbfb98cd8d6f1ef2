import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { users } from '../accounts/accounts.schema.ts';
import { companies } from './companies.schema.ts';

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

/** Sum of members' personal quotas and member count. */
export async function quotaSummary(exec: Executor, companyId: string): Promise<{ allocated: number; members: number }> {
  const [row] = await exec
    .select({
      allocated: sql<number>`coalesce(sum(${users.workspaceQuota}), 0)::int`,
      members: sql<number>`count(*)::int`,
    })
    .from(users)
    .where(eq(users.companyId, companyId));
  return { allocated: row?.allocated ?? 0, members: row?.members ?? 0 };
}

/** The user and their company with its quota summary in one round trip (GET /me is hot). */
export async function findMe(exec: Executor, companyId: string, userId: string) {
  const [row] = await exec
    .select({
      user: users,
      company: companies,
      allocated: sql<number>`(select coalesce(sum(u2.workspace_quota), 0)::int from users u2 where u2.company_id = ${companies.id})`,
      members: sql<number>`(select count(*)::int from users u2 where u2.company_id = ${companies.id})`,
    })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(and(eq(users.id, userId), eq(users.companyId, companyId)));
  return row;
}
