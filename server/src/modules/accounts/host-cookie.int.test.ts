// On https the session cookie is `__Host-yac_session`: browsers take it only from the portal's own host
// (Secure, Path=/, no Domain), so a page on a workspace host — the same site — can neither set it nor
// shadow it, and a bare `yac_session` cookie such a page tossed onto the parent domain is not read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ env: { PUBLIC_URL: 'https://yac.example.test' } });
});
afterAll(() => ctx?.close());

describe('the session cookie on https', () => {
  it('is a __Host- cookie, and a bare-named one (tossed from a workspace host) is ignored', async () => {
    expect(ctx.deps.config.secureCookies).toBe(true);
    const signup = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/signup',
      payload: {
        companyName: 'Hosts Ltd',
        subdomain: `hosts-${Date.now().toString(36)}`,
        fullName: 'Hana Host',
        email: `hana-${Date.now().toString(36)}@example.com`,
        password: 'a sturdy passphrase 42',
        acceptTerms: true,
      },
    });
    expect(signup.statusCode).toBe(201);
    const set = signup.cookies.find((c) => c.name.endsWith('yac_session'));
    expect(set).toMatchObject({ name: '__Host-yac_session', secure: true, path: '/', httpOnly: true });
    expect(set?.domain).toBeUndefined();
    const token = set?.value as string;
    const me = (cookie: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect((await me(`__Host-yac_session=${token}`)).statusCode).toBe(200);
    expect((await me(`yac_session=${token}`)).statusCode).toBe(401);

    // Sign-out clears the same cookie.
    const csrf = signup.json().csrfToken as string;
    const out = await ctx.app.inject({
      method: 'DELETE',
      url: '/api/v1/sessions/current',
      headers: { cookie: `__Host-yac_session=${token}`, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(200);
    expect(out.cookies.find((c) => c.name === '__Host-yac_session')).toMatchObject({
      value: '',
      secure: true,
    });
  });
});
