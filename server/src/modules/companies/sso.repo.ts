import { and, count, eq, gt, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { users } from '../accounts/accounts.schema.ts';
import { companies } from './companies.schema.ts';
import { companyDomains, ssoConnections, ssoIdentities, ssoLogins } from './sso.schema.ts';

/** A company's SSO connection row. */
export type SsoConnectionRow = typeof ssoConnections.$inferSelect;
/** A company domain row. */
export type CompanyDomainRow = typeof companyDomains.$inferSelect;

/** The company's SSO connection. */
export async function findConnection(exec: Executor, companyId: string) {
  const [row] = await exec.select().from(ssoConnections).where(eq(ssoConnections.companyId, companyId));
  return row;
}

/** Create or replace the company's SSO connection. */
export async function upsertConnection(exec: Executor, row: typeof ssoConnections.$inferInsert) {
  const { companyId: _, createdAt: __, ...set } = row;
  await exec.insert(ssoConnections).values(row).onConflictDoUpdate({ target: ssoConnections.companyId, set });
}

/** Remove the company's SSO connection; whether there was one. */
export async function deleteConnection(exec: Executor, companyId: string): Promise<boolean> {
  const rows = await exec
    .delete(ssoConnections)
    .where(eq(ssoConnections.companyId, companyId))
    .returning({ id: ssoConnections.companyId });
  return rows.length > 0;
}

/** The company's domains, verified first, then by name. */
export async function listDomains(exec: Executor, companyId: string): Promise<CompanyDomainRow[]> {
  return exec
    .select()
    .from(companyDomains)
    .where(eq(companyDomains.companyId, companyId))
    .orderBy(companyDomains.domain);
}

/** One of the company's domains by name. */
export async function findDomain(exec: Executor, companyId: string, domain: string) {
  const [row] = await exec
    .select()
    .from(companyDomains)
    .where(and(eq(companyDomains.companyId, companyId), eq(companyDomains.domain, domain)));
  return row;
}

/** The company a verified domain belongs to, with its plan. */
export async function companyOfVerifiedDomain(exec: Executor, domain: string) {
  const [row] = await exec
    .select({ companyId: companyDomains.companyId, plan: companies.plan })
    .from(companyDomains)
    .innerJoin(companies, eq(companies.id, companyDomains.companyId))
    .where(and(eq(companyDomains.domain, domain), isNotNull(companyDomains.verifiedAt)));
  return row;
}

/** A company by its subdomain, with its plan. */
export async function companyBySubdomain(exec: Executor, subdomain: string) {
  const [row] = await exec
    .select({ id: companies.id, plan: companies.plan })
    .from(companies)
    .where(eq(companies.subdomain, subdomain));
  return row;
}

/** Insert a domain or send it a new token (an unverified one). */
export async function upsertDomain(exec: Executor, row: typeof companyDomains.$inferInsert): Promise<void> {
  await exec
    .insert(companyDomains)
    .values(row)
    .onConflictDoUpdate({
      target: [companyDomains.companyId, companyDomains.domain],
      set: { tokenHash: row.tokenHash, sentTo: row.sentTo, tokenExpiresAt: row.tokenExpiresAt },
    });
}

/** The unverified domain a live token proves. */
export async function findDomainByToken(exec: Executor, tokenHash: string, now: Date) {
  const [row] = await exec
    .select()
    .from(companyDomains)
    .where(
      and(
        eq(companyDomains.tokenHash, tokenHash),
        isNull(companyDomains.verifiedAt),
        gt(companyDomains.tokenExpiresAt, now),
      ),
    )
    .for('update');
  return row;
}

/** Mark a domain verified (its token spent). */
export async function markVerified(exec: Executor, id: string, now: Date): Promise<void> {
  await exec
    .update(companyDomains)
    .set({ verifiedAt: now, tokenHash: null, tokenExpiresAt: null })
    .where(eq(companyDomains.id, id));
}

/** Remove one of the company's domains; whether it was there. */
export async function deleteDomain(exec: Executor, companyId: string, id: string) {
  const [row] = await exec
    .delete(companyDomains)
    .where(and(eq(companyDomains.companyId, companyId), eq(companyDomains.id, id)))
    .returning();
  return row;
}

/** How many of the company's users have not turned two-factor on. */
export async function countWithoutTwoFactor(exec: Executor, companyId: string): Promise<number> {
  const [row] = await exec
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.companyId, companyId), isNull(users.totpEnabledAt)));
  return row?.n ?? 0;
}

/** Store a sign-in on its way to the IdP. */
export async function insertLogin(exec: Executor, row: typeof ssoLogins.$inferInsert): Promise<void> {
  await exec.insert(ssoLogins).values(row);
}

/** Spend the live sign-in with this state: it answers once, and only before it expires. */
export async function takeLogin(exec: Executor, stateHash: string, now: Date) {
  const [row] = await exec
    .update(ssoLogins)
    .set({ usedAt: now })
    .where(and(eq(ssoLogins.stateHash, stateHash), isNull(ssoLogins.usedAt), gt(ssoLogins.expiresAt, now)))
    .returning();
  return row;
}

/** Forget sign-ins that expired before `before`. */
export async function deleteOldLogins(exec: Executor, before: Date): Promise<void> {
  await exec.delete(ssoLogins).where(or(lt(ssoLogins.expiresAt, before), isNotNull(ssoLogins.usedAt)));
}

/** The user linked to an IdP identity. */
export async function findIdentity(exec: Executor, issuer: string, subject: string) {
  const [row] = await exec
    .select()
    .from(ssoIdentities)
    .where(and(eq(ssoIdentities.issuer, issuer), eq(ssoIdentities.subject, subject)));
  return row;
}

/** Link a user to an IdP identity. */
export async function insertIdentity(exec: Executor, row: typeof ssoIdentities.$inferInsert) {
  await exec.insert(ssoIdentities).values(row);
}

/** Record an identity's sign-in. */
export async function touchIdentity(exec: Executor, id: string, now: Date): Promise<void> {
  await exec.update(ssoIdentities).set({ lastLoginAt: now }).where(eq(ssoIdentities.id, id));
}

/** Whether a user of the company has an identity at an issuer (another than `issuer`: an old IdP). */
export async function userIdentities(exec: Executor, userId: string) {
  return exec.select().from(ssoIdentities).where(eq(ssoIdentities.userId, userId));
}
