// No one-time secret reaches the log: after signup, email verification, an invite looked up and accepted,
// and a password reset — each link opened as a browser would (the portal page, then the API) — none of the
// tokens the platform mailed appears in what it logged, while the requests themselves are there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, signupCompany, type TestContext } from '../../test/harness.ts';
import { linkIn, tokenFrom } from '../../test/smtp-sink.ts';
import { accept, invite, nthMailTo } from '../modules/companies/team.test-helpers.ts';
import { redactUrl } from './logger.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ captureLogs: true });
});
afterAll(() => ctx?.close());

describe('secrets in logged URLs', () => {
  it('redacts the values of secret-bearing query parameters only', () => {
    expect(redactUrl('/reset-password?token=abc&lang=tr')).toBe('/reset-password?token=[redacted]&lang=tr');
    expect(redactUrl('/?t=tk_123&path=%2Fsrc')).toBe('/?t=[redacted]&path=%2Fsrc');
    expect(redactUrl('/cb?code=c&state=s#x')).toBe('/cb?code=[redacted]&state=[redacted]');
    expect(redactUrl('/a?To%6Ben=zzz')).toBe('/a?To%6Ben=[redacted]');
    expect(redactUrl('/plain')).toBe('/plain');
    expect(redactUrl('/q?token')).toBe('/q?token');
  });

  it('keeps every mailed token out of the log through a whole flow', async () => {
    const anon = new Client(ctx.app);
    const owner = await signupCompany(ctx);
    const secrets: string[] = [];

    // Email verification: the link's page, then the API call the page makes.
    const verifyLink = linkIn(
      await nthMailTo(ctx, owner.email, 'Confirm your email'),
      '/verify-email?token=',
    );
    const verifyToken = tokenFrom(verifyLink);
    secrets.push(verifyToken);
    await anon.get(new URL(verifyLink).pathname + new URL(verifyLink).search);
    expect((await anon.post('/api/v1/verify-email', { token: verifyToken })).status).toBe(200);

    // An invite: looked up by its token, the page opened, then accepted.
    const inv = await invite(ctx, owner.client, { role: 'admin' });
    secrets.push(inv.token);
    expect((await anon.get(`/api/v1/invites/lookup?token=${encodeURIComponent(inv.token)}`)).status).toBe(
      200,
    );
    await anon.get(`/accept-invite?token=${encodeURIComponent(inv.token)}`);
    expect((await accept(ctx, inv.token)).res.status).toBe(201);

    // A password reset.
    expect((await anon.post('/api/v1/password-resets', { email: owner.email })).status).toBeLessThan(300);
    const resetLink = linkIn(await nthMailTo(ctx, owner.email, 'password'), '/reset-password?token=');
    const resetToken = tokenFrom(resetLink);
    secrets.push(resetToken);
    await anon.get(`/reset-password?token=${encodeURIComponent(resetToken)}`);
    expect(
      (
        await anon.post('/api/v1/password-resets/confirm', {
          token: resetToken,
          password: 'a brand new passphrase 99',
        })
      ).status,
    ).toBeLessThan(300);

    const text = ctx.logs.join('');
    // The requests were logged, with their secrets replaced.
    expect(text).toContain('/api/v1/invites/lookup?token=[redacted]');
    expect(text).toContain('/reset-password?token=[redacted]');
    for (const secret of secrets) {
      expect(text.includes(secret), `a token of ${secret.length} characters is in the log`).toBe(false);
      expect(text.includes(encodeURIComponent(secret))).toBe(false);
    }
  });
});
