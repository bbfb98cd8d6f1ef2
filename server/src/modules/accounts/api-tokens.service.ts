import { API_TOKEN_SCOPES, type ApiTokenDto, type ApiTokenScope } from '@youarecoder/contract';
import { DAY } from '../../platform/clock.ts';
import type { Principal, RequestMeta } from '../../platform/http/auth.ts';
import { notFound } from '../../platform/http/errors.ts';
import { hashSecret } from '../../platform/ids.ts';
import * as repo from './accounts.repo.ts';
import type { AccountHelpers, AccountsDeps } from './accounts.shared.ts';

/** Personal API tokens: create (secret shown once), list, revoke. */
export function createApiTokensService(deps: AccountsDeps, { actorOf }: AccountHelpers) {
  const { db, ids, clock, audit } = deps;
  return {
    /** Create an API token; the secret is returned once. */
    async createApiToken(
      p: Principal,
      body: { name: string; expiresInDays?: number; scopes: readonly ApiTokenScope[] },
      meta: RequestMeta,
    ) {
      const { name, expiresInDays } = body;
      const scopes = API_TOKEN_SCOPES.filter((s) => body.scopes.includes(s));
      const secret = `yac_${ids.secret(30)}`;
      const now = clock.now();
      const row = {
        id: ids.id('tok'),
        tokenHash: hashSecret(secret),
        prefix: secret.slice(0, 10),
        userId: p.userId,
        companyId: p.companyId,
        name,
        scopes,
        createdAt: now,
        expiresAt: expiresInDays ? new Date(now.getTime() + expiresInDays * DAY) : null,
      };
      await db.transaction(async (tx) => {
        await repo.insertApiToken(tx, row);
        await audit.record(tx, {
          companyId: p.companyId,
          actor: actorOf({ id: p.userId, email: p.email }),
          action: 'api_token.created',
          target: { type: 'api_token', id: row.id },
          metadata: { name, expiresInDays: expiresInDays ?? null, scopes },
          meta,
        });
      });
      return { ...tokenDto({ ...row, lastUsedAt: null, revokedAt: null }), token: secret };
    },

    /** The user's live tokens. */
    async listApiTokens(p: Principal): Promise<ApiTokenDto[]> {
      return (await repo.listApiTokens(db, p.userId, clock.now())).map(tokenDto);
    },

    /** Revoke one of the user's tokens. */
    async revokeApiToken(p: Principal, id: string, meta: RequestMeta): Promise<void> {
      await db.transaction(async (tx) => {
        const row = await repo.revokeApiToken(tx, p.userId, id, clock.now());
        if (!row) throw notFound('API token');
        await audit.record(tx, {
          companyId: p.companyId,
          actor: actorOf({ id: p.userId, email: p.email }),
          action: 'api_token.revoked',
          target: { type: 'api_token', id },
          metadata: { name: row.name },
          meta,
        });
      });
    },
  };
}

/** Row -> DTO (never the hash). */
export function tokenDto(
  t: Omit<repo.ApiTokenRow, 'tokenHash' | 'userId' | 'companyId'> & { tokenHash?: string },
): ApiTokenDto {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    scopes: t.scopes,
  };
}
