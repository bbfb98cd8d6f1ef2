import {
  type CompanyDto,
  deriveSubdomain,
  type Locale,
  type MeDto,
  type PlanId,
  type SignupBody,
  SUBDOMAIN_FIELD_CODES,
  SUBDOMAIN_PROBLEM_MESSAGES,
  subdomainProblem,
} from '@youarecoder/contract';
import { PLANS } from '@youarecoder/contract/plans';
import { z } from 'zod';
import { companyUrlOf } from '../../config/hosts.ts';
import { type Tx, uniqueViolation } from '../../platform/db/client.ts';
import type { Principal, RequestMeta } from '../../platform/http/auth.ts';
import { AppError, invalid, notFound } from '../../platform/http/errors.ts';
import { type AnyJob, type CronEntry, defineJob } from '../../platform/jobs/index.ts';
import type { SecretBox } from '../../platform/secret-box.ts';
import type { AccountsDeps, AccountsService } from '../accounts/index.ts';
import { applyPlan } from './companies.plan.ts';
import { presentCompany, presentMe } from './companies.present.ts';
import * as repo from './companies.repo.ts';
import { createInvitesService } from './invites.service.ts';
import { createMembersService } from './members.service.ts';
import { createSignInService } from './sign-in.service.ts';
import { createSsoFlow } from './sso.flow.ts';
import type { OidcRelyingParty } from './sso.oidc.ts';

/**
 * What the companies services need: what identity needs, plus the accounts service itself, the box that
 * seals SSO client secrets, and the OpenID relying party.
 */
export type CompaniesDeps = AccountsDeps & {
  accounts: AccountsService;
  secrets: SecretBox;
  oidc: OidcRelyingParty;
};

/** Map unique violations of signup to the 409 a person can act on. */
export function conflictFromUnique(err: unknown, subdomain: string): AppError | null {
  const c = uniqueViolation(err);
  if (c === null) return null;
  if (c === 'companies_subdomain_key') {
    return new AppError('SUBDOMAIN_TAKEN', `The subdomain "${subdomain}" is already taken; choose another.`, {
      fields: { subdomain: 'is already taken' },
      fieldCodes: { subdomain: 'already_taken' },
    });
  }
  if (c === 'users_email_key') {
    return new AppError(
      'EMAIL_TAKEN',
      'An account with this email address already exists; sign in instead.',
      {
        fields: { email: 'is already registered' },
        fieldCodes: { email: 'already_taken' },
      },
    );
  }
  return new AppError('CONFLICT', 'This conflicts with existing data.');
}

/** What a module above companies does when a company is created, inside the signup transaction. */
export type CompanyCreatedHandler = (
  tx: Tx,
  company: { id: string; ownerId: string; now: Date },
) => Promise<void>;

/** What a module above companies does when a company moved to another plan, inside that transaction. */
export type PlanAppliedHandler = (
  tx: Tx,
  change: { companyId: string; plan: PlanId; now: Date },
) => Promise<void>;

/** Tenants: signup, the company, its members, invites and quotas. */
export function createCompaniesService(deps: CompaniesDeps) {
  const { db, ids, clock, config, audit, notifications, accounts } = deps;
  const createdHandlers: CompanyCreatedHandler[] = [];
  const planHandlers: PlanAppliedHandler[] = [];

  const core = {
    /** Modules above companies (billing: the trial) set up a new company inside its signup transaction. */
    onCompanyCreated(handler: CompanyCreatedHandler): void {
      createdHandlers.push(handler);
    },

    /** Modules above companies (workspaces: their limits) follow a plan change inside its transaction. */
    onPlanApplied(handler: PlanAppliedHandler): void {
      planHandlers.push(handler);
    },

    /** Move a company to a plan: plan, limit and quotas together, in the caller's transaction (billing). */
    async applyPlan(tx: Tx, companyId: string, plan: PlanId, now: Date): Promise<boolean> {
      const moved = await applyPlan(tx, companyId, plan, now);
      if (moved) for (const h of planHandlers) await h(tx, { companyId, plan, now });
      return moved;
    },

    /** Create a company, its owner and a session, atomically. */
    async signup(body: SignupBody, meta: RequestMeta) {
      const subdomain = body.subdomain ?? deriveSubdomain(body.companyName);
      const problem = subdomainProblem(subdomain);
      if (problem) {
        const text = SUBDOMAIN_PROBLEM_MESSAGES[problem];
        throw invalid(
          {
            subdomain: body.subdomain
              ? text
              : `"${subdomain}" derived from the company name ${text}; choose a subdomain`,
          },
          `subdomain ${text}`,
          { subdomain: SUBDOMAIN_FIELD_CODES[problem] },
        );
      }
      const passwordHash = await accounts.preparePassword(body.password, {
        email: body.email,
        name: body.fullName,
      });
      const locale: Locale = body.locale ?? 'en';
      const companyId = ids.id('cmp');
      const now = clock.now();
      try {
        return await db.transaction(async (tx) => {
          await repo.insertCompany(tx, {
            id: companyId,
            name: body.companyName,
            subdomain,
            plan: 'starter',
            workspaceLimit: PLANS.starter.workspaceLimit,
            createdAt: now,
            updatedAt: now,
          });
          const userId = await accounts.createUser(
            tx,
            {
              companyId,
              email: body.email,
              fullName: body.fullName,
              password: body.password,
              passwordHash,
              role: 'owner',
              workspaceQuota: PLANS.starter.workspaceLimit,
              locale,
              emailVerified: false,
            },
            meta,
          );
          await accounts.recordTermsAcceptance(tx, userId, companyId, meta);
          for (const h of createdHandlers) await h(tx, { id: companyId, ownerId: userId, now });
          const session = await accounts.createSession(tx, { id: userId, companyId }, false, meta);
          const actor = { userId, email: body.email };
          await audit.record(tx, {
            companyId,
            actor,
            action: 'company.created',
            target: { type: 'company', id: companyId },
            metadata: { name: body.companyName, subdomain },
            meta,
          });
          await audit.record(tx, {
            companyId,
            actor,
            action: 'user.signup',
            target: { type: 'user', id: userId },
            metadata: { termsVersion: config.TERMS_VERSION },
            meta,
          });
          await notifications.queue(tx, {
            template: 'welcome',
            to: body.email,
            locale,
            data: { name: body.fullName, companyName: body.companyName, url: `${config.publicUrl}/app` },
            companyId,
            userId,
            requestId: meta.requestId,
          });
          return { company: { id: companyId, subdomain }, user: { id: userId, email: body.email }, session };
        });
      } catch (err) {
        throw conflictFromUnique(err, subdomain) ?? err;
      }
    },

    /** The signed-in user with their company. */
    async me(p: Principal): Promise<MeDto> {
      const row = await repo.findMe(db, p.companyId, p.userId, clock.now());
      if (!row) throw notFound('User');
      return presentMe(row, p, companyUrlOf(config, row.company.subdomain));
    },

    /** The company with its quota summary. */
    async getCompany(p: Principal): Promise<CompanyDto> {
      const company = await repo.findCompany(db, p.companyId);
      if (!company) throw notFound('Company');
      return presentCompany(company, await repo.quotaSummary(db, p.companyId, clock.now()));
    },

    /** Rename the company (owner or admin). */
    async updateCompany(p: Principal, patch: { name: string }, meta: RequestMeta): Promise<CompanyDto> {
      await db.transaction(async (tx) => {
        const company = await repo.lockCompany(tx, p.companyId);
        if (!company) throw notFound('Company');
        if (company.name === patch.name) return;
        await repo.updateCompany(tx, p.companyId, { name: patch.name, updatedAt: clock.now() });
        await audit.record(tx, {
          companyId: p.companyId,
          actor: { userId: p.userId, email: p.email },
          action: 'company.updated',
          target: { type: 'company', id: p.companyId },
          diff: { name: { from: company.name, to: patch.name } },
          meta,
        });
      });
      return core.getCompany(p);
    },
  };

  const sso = createSsoFlow(deps);
  const ssoCleanup = defineJob({
    id: 'companies:sso-cleanup',
    payload: z.object({}).passthrough(),
    handler: () => sso.cleanupSso(),
  });
  return {
    ...core,
    ...createMembersService(deps),
    ...createInvitesService(deps),
    ...createSignInService(deps),
    ...sso,
    jobs: [ssoCleanup] as AnyJob[],
    cron: [{ pattern: '23 3 * * *', job: ssoCleanup.id }] as CronEntry[],
  };
}

/** The companies service. */
export type CompaniesService = ReturnType<typeof createCompaniesService>;
