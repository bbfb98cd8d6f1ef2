// GET /me says whether the user is a platform operator, so the portal need not probe the operators'
// API (a logged 404 on every page for everyone else).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { operatorCommand } from '../../cli/operator.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

const quiet = { log: () => {}, error: () => {} } as unknown as Console;
type Me = { user: { isOperator: boolean } };

describe('GET /me isOperator', () => {
  it('is false for a customer and true once the operator flag is granted', async () => {
    const s = await signupCompany(ctx);
    const before = await s.client.get<Me>('/api/v1/me');
    expect(before.status).toBe(200);
    expect(before.body.user.isOperator).toBe(false);
    expect(await operatorCommand(ctx.database.url, ['grant', s.email], quiet)).toBe(0);
    expect((await s.client.get<Me>('/api/v1/me')).body.user.isOperator).toBe(true);
    expect(await operatorCommand(ctx.database.url, ['revoke', s.email], quiet)).toBe(0);
    expect((await s.client.get<Me>('/api/v1/me')).body.user.isOperator).toBe(false);
  });
});
