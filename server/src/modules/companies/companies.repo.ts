import { and, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/client.ts';
import { users } from '../accounts/accounts.schema.ts';
import { companies } from './companies.schema.ts';
import { allocatedQuota, allocatedQuotaSql } from './members.repo.ts';

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
export async function updateCompany(
  exec: Executor,
  companyId: string,
  patch: Partial<Pick<CompanyRow, 'name' | 'workspaceLimit' | 'updatedAt'>>,
): Promise<void> {
  await exec.update(companies).set(patch).where(eq(companies.id, companyId));
}

/**
 * Quota given out (members' personal quotas plus open invites, the same sum the quota check uses)
 * and member count.
 */
export async function quotaSummary(
  exec: Executor,
  companyId: string,
  now: Date,
): Promise<{ allocated: number; members: number }> {
  const [row] = await exec
    .select({ members: sql<number>`count(*)::int` })
    .from(users)
    .where(eq(users.companyId, companyId));
  return { allocated: await allocatedQuota(exec, companyId, now), members: row?.members ?? 0 };
}

function buildMeLookup(db: Db) {
  return db
    .select({
      user: {
        id: users.id,
        email: users.email,
        fullName: users.fullName,
        locale: users.locale,
        emailVerifiedAt: users.emailVerifiedAt,
        role: users.role,
        workspaceQuota: users.workspaceQuota,
        createdAt: users.createdAt,
        isOperator: users.isOperator,
      },
      company: companies,
      members: sql<number>`(select count(*)::int from users u2 where u2.company_id = ${companies.id})`,
      allocated: sql<number>`${allocatedQuotaSql(sql`${sql.placeholder('companyId')}`, sql`${sql.placeholder('now')}`)}`,
    })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(and(eq(users.id, sql.placeholder('userId')), eq(users.companyId, sql.placeholder('companyId'))))
    .prepare('companies_me');
}
// GET /me is hot: one prepared statement, planned once per connection.
const meLookups = new WeakMap<Db, ReturnType<typeof buildMeLookup>>();

/** The user and their company with its quota summary, in one statement. */
export async function findMe(db: Db, companyId: string, userId: string, now: Date) {
  let lookup = meLookups.get(db);
  if (!lookup) {
    lookup = buildMeLookup(db);
    meLookups.set(db, lookup);
  }
  const [row] = await lookup.execute({ companyId, userId, now });
  return row;
}
