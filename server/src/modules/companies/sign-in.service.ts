import type { AuditAction, SignInSettingsDto } from '@youarecoder/contract';
import { PLANS } from '@youarecoder/contract/plans';
import { DAY } from '../../platform/clock.ts';
import { type Executor, uniqueViolation } from '../../platform/db/client.ts';
import { type Principal, type RequestMeta, requireRole } from '../../platform/http/auth.ts';
import { AppError, invalid, notFound } from '../../platform/http/errors.ts';
import { hashSecret } from '../../platform/ids.ts';
import type { SecretBox } from '../../platform/secret-box.ts';
import type { AuditEntry } from '../audit/index.ts';
import * as companiesRepo from './companies.repo.ts';
import type { CompaniesDeps } from './companies.service.ts';
import type { OidcRelyingParty } from './sso.oidc.ts';
import * as repo from './sso.repo.ts';

/** How long a domain's verification link works. */
export const DOMAIN_TOKEN_TTL_MS = 7 * DAY;
/** Where IdPs send people back: register this at the IdP. */
export const SSO_CALLBACK_PATH = '/api/v1/sso/callback';

/** What sign-in settings and SSO need beyond the companies module's deps. */
export type SignInDeps = CompaniesDeps & { secrets: SecretBox; oidc: OidcRelyingParty };

/** The domain of an email address. */
export const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * A company's sign-in settings, by its owner: two-factor required, SSO only, the SSO connection and the
 * email domains whose people may join through it. Admins may read them.
 */
export function createSignInService(deps: SignInDeps) {
  const { db, ids, clock, config, audit, notifications, accounts, secrets, oidc } = deps;
  /** Audit an owner's change of the sign-in settings. */
  const record = (
    tx: Executor,
    p: Principal,
    action: AuditAction,
    target: { type: 'company' | 'domain'; id: string },
    meta: RequestMeta,
    more: Pick<AuditEntry, 'diff' | 'metadata'> = {},
  ) =>
    audit.record(tx, {
      companyId: p.companyId,
      actor: { userId: p.userId, email: p.email },
      action,
      target,
      meta,
      ...more,
    });
  const redirectUri = `${config.publicUrl}${SSO_CALLBACK_PATH}`;

  async function companyOf(exec: Executor, p: Principal) {
    const company = await companiesRepo.findCompany(exec, p.companyId);
    if (!company) throw notFound('Company');
    return company;
  }

  function requireSsoPlan(plan: keyof typeof PLANS) {
    if (!PLANS[plan].sso)
      throw new AppError(
        'FEATURE_NOT_IN_PLAN',
        'Single sign-on comes with the Enterprise plan: upgrade under Billing to set it up.',
      );
  }

  const service = {
    /** The settings page (owner, admin). */
    async signInSettings(p: Principal): Promise<SignInSettingsDto> {
      requireRole(p, 'owner', 'admin');
      const company = await companyOf(db, p);
      const [policy, connection, domains, without] = await Promise.all([
        accounts.signInPolicy(db, p.companyId),
        repo.findConnection(db, p.companyId),
        repo.listDomains(db, p.companyId),
        repo.countWithoutTwoFactor(db, p.companyId),
      ]);
      return {
        ...policy,
        ssoAvailable: PLANS[company.plan].sso,
        sso: connection
          ? {
              issuer: connection.issuer,
              clientId: connection.clientId,
              redirectUri,
              updatedAt: connection.updatedAt.toISOString(),
            }
          : null,
        redirectUri,
        domains: domains.map((d) => ({
          id: d.id,
          domain: d.domain,
          verifiedAt: d.verifiedAt?.toISOString() ?? null,
          verificationSentTo: d.verifiedAt ? null : d.sentTo,
          createdAt: d.createdAt.toISOString(),
        })),
        membersWithoutTwoFactor: without,
      };
    },

    /**
     * Require two-factor, or SSO only (owner). Requiring two-factor signs out, everywhere, the password
     * sessions of everyone without it: they sign in again and set it up before anything else works.
     */
    async updateSignInPolicy(
      p: Principal,
      patch: { requireTwoFactor?: boolean; ssoOnly?: boolean },
      meta: RequestMeta,
    ): Promise<SignInSettingsDto> {
      requireRole(p, 'owner');
      await db.transaction(async (tx) => {
        const company = await companiesRepo.lockCompany(tx, p.companyId);
        if (!company) throw notFound('Company');
        const before = await accounts.signInPolicy(tx, p.companyId);
        const ownTwoFactor = (await accounts.twoFactorStatus(p)).enabled;
        if (patch.requireTwoFactor && !before.requireTwoFactor && !ownTwoFactor)
          throw invalid(
            { requireTwoFactor: 'needs two-factor on your own account first' },
            'Turn on two-factor sign-in for your own account (Account page) before requiring it of everyone.',
          );
        if (patch.ssoOnly && !before.ssoOnly) {
          requireSsoPlan(company.plan);
          if (!(await repo.findConnection(tx, p.companyId)))
            throw invalid({ ssoOnly: 'needs single sign-on set up first' }, 'Set up single sign-on first.');
          if (!ownTwoFactor)
            throw invalid(
              { ssoOnly: 'needs two-factor on your own account first' },
              'With SSO only, your password and two-factor code are the way in when the identity provider fails: turn on two-factor for your own account first.',
            );
        }
        const diff: Record<string, { from: boolean; to: boolean }> = {};
        for (const key of ['requireTwoFactor', 'ssoOnly'] as const) {
          const to = patch[key];
          if (to !== undefined && to !== before[key]) diff[key] = { from: before[key], to };
        }
        if (Object.keys(diff).length === 0) return;
        await accounts.setSignInPolicy(tx, p.companyId, patch);
        const signedOut = diff.requireTwoFactor?.to
          ? await accounts.signOutWithoutTwoFactor(tx, p.companyId, p.sessionId)
          : 0;
        await record(tx, p, 'company.sign_in_policy_changed', { type: 'company', id: p.companyId }, meta, {
          diff,
          metadata: diff.requireTwoFactor?.to ? { sessionsSignedOut: signedOut } : undefined,
        });
      });
      return service.signInSettings(p);
    },

    /** Set up or change the company's OpenID Connect client (owner, Enterprise): the IdP is asked first. */
    async setSsoConnection(
      p: Principal,
      body: { issuer: string; clientId: string; clientSecret?: string },
      meta: RequestMeta,
    ): Promise<SignInSettingsDto> {
      requireRole(p, 'owner');
      const company = await companyOf(db, p);
      requireSsoPlan(company.plan);
      const existing = await repo.findConnection(db, p.companyId);
      const clientSecret =
        body.clientSecret ??
        (existing ? (secrets.open(existing.clientSecretSealed) ?? undefined) : undefined);
      if (!clientSecret)
        throw invalid(
          { clientSecret: 'is required' },
          'Give the client secret the identity provider issued.',
        );
      // Issuers compare as exact strings: some end in a slash (Auth0), most do not. What the owner typed is
      // tried first, then the other spelling.
      const typed = body.issuer;
      const other = typed.endsWith('/') ? typed.replace(/\/+$/, '') : `${typed}/`;
      let issuer: string | undefined;
      let problem = '';
      for (const candidate of [typed, other]) {
        try {
          // Kept as the IdP names itself: identities are keyed by it.
          issuer = await oidc.check({ issuer: candidate, clientId: body.clientId, clientSecret });
          break;
        } catch (err) {
          problem ||= (err as Error).message;
        }
      }
      if (!issuer)
        throw invalid(
          { issuer: problem },
          `The identity provider at ${typed} did not answer as an OpenID provider: ${problem}.`,
        );
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.upsertConnection(tx, {
          companyId: p.companyId,
          issuer,
          clientId: body.clientId,
          clientSecretSealed: secrets.seal(clientSecret),
          createdAt: now,
          updatedAt: now,
        });
        await record(tx, p, 'company.sso_configured', { type: 'company', id: p.companyId }, meta, {
          metadata: { issuer, clientId: body.clientId, secretChanged: body.clientSecret !== undefined },
        });
      });
      return service.signInSettings(p);
    },

    /** Remove the SSO connection (owner); SSO-only ends with it, passwords work again. */
    async removeSsoConnection(p: Principal, meta: RequestMeta): Promise<SignInSettingsDto> {
      requireRole(p, 'owner');
      await db.transaction(async (tx) => {
        if (!(await repo.deleteConnection(tx, p.companyId))) throw notFound('SSO connection');
        await accounts.setSignInPolicy(tx, p.companyId, { ssoOnly: false });
        await record(tx, p, 'company.sso_removed', { type: 'company', id: p.companyId }, meta);
      });
      return service.signInSettings(p);
    },

    /** Add a domain (owner): a link to the given address in it proves the company holds it. */
    async addDomain(p: Principal, email: string, meta: RequestMeta): Promise<SignInSettingsDto> {
      requireRole(p, 'owner');
      const company = await companyOf(db, p);
      const domain = domainOf(email);
      const mine = await repo.findDomain(db, p.companyId, domain);
      if (mine?.verifiedAt)
        throw new AppError('CONFLICT', `${domain} is verified for your company already.`, {
          fields: { email: 'is in a domain verified already' },
        });
      if (await repo.companyOfVerifiedDomain(db, domain))
        throw new AppError('CONFLICT', `${domain} is verified by another company.`, {
          fields: { email: 'is in a domain another company verified' },
        });
      const token = ids.secret(32);
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.upsertDomain(tx, {
          id: ids.id('dom'),
          companyId: p.companyId,
          domain,
          tokenHash: hashSecret(token),
          sentTo: email,
          tokenExpiresAt: new Date(now.getTime() + DOMAIN_TOKEN_TTL_MS),
          createdAt: now,
        });
        await notifications.queue(tx, {
          template: 'domain_verification',
          to: email,
          locale: p.locale,
          data: {
            companyName: company.name,
            domain,
            requestedBy: p.email,
            url: `${config.publicUrl}/verify-domain?token=${token}`,
          },
          companyId: p.companyId,
          userId: p.userId,
          requestId: meta.requestId,
        });
        await record(tx, p, 'company.domain_added', { type: 'domain', id: domain }, meta, {
          metadata: { sentTo: email },
        });
      });
      return service.signInSettings(p);
    },

    /** Follow a domain's link (no sign-in needed: whoever reads that mailbox proves the domain). */
    async verifyDomain(token: string, meta: RequestMeta): Promise<{ domain: string; companyName: string }> {
      try {
        return await db.transaction(async (tx) => {
          const row = await repo.findDomainByToken(tx, hashSecret(token), clock.now());
          if (!row)
            throw new AppError(
              'TOKEN_INVALID',
              'This link is not valid any more: ask your owner to send a new one.',
            );
          const company = await companiesRepo.findCompany(tx, row.companyId);
          await repo.markVerified(tx, row.id, clock.now());
          await audit.record(tx, {
            companyId: row.companyId,
            actor: null,
            action: 'company.domain_verified',
            target: { type: 'domain', id: row.domain },
            metadata: { sentTo: row.sentTo },
            meta,
          });
          return { domain: row.domain, companyName: company?.name ?? '' };
        });
      } catch (err) {
        if (uniqueViolation(err) === 'company_domains_verified_key')
          throw new AppError('CONFLICT', 'Another company verified this domain a moment ago.');
        throw err;
      }
    },

    /** Remove a domain (owner): its people no longer join through SSO; those who did stay members. */
    async removeDomain(p: Principal, id: string, meta: RequestMeta): Promise<SignInSettingsDto> {
      requireRole(p, 'owner');
      await db.transaction(async (tx) => {
        const row = await repo.deleteDomain(tx, p.companyId, id);
        if (!row) throw notFound('Domain');
        await record(tx, p, 'company.domain_removed', { type: 'domain', id: row.domain }, meta);
      });
      return service.signInSettings(p);
    },
  };
  return service;
}

/** The sign-in settings service. */
export type SignInService = ReturnType<typeof createSignInService>;
