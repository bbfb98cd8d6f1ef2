// The public PayTR notification URL under a flood: big bodies are refused unread, only PayTR's fields are
// stored, rejected notifications are limited per address, operators get one alert per window with a
// count, and with an allow-list only PayTR's addresses are heard at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { simCallback, sqlRows } from './billing.test-helpers.ts';

const MINUTE = 60_000;

function post(ctx: TestContext, body: Record<string, string> | string, ip: string) {
  return ctx.app.inject({
    method: 'POST',
    url: '/billing/paytr/callback',
    remoteAddress: ip,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: typeof body === 'string' ? body : new URLSearchParams(body).toString(),
  });
}

const forged = (oid: string) => ({ ...simCallback(oid, 'success', 1000), hash: 'AAAA' });

describe('a flood of notifications', () => {
  let ctx: TestContext;
  const q = sqlRows(() => ctx);
  const rowsFrom = async (ip: string) =>
    (await q<{ n: number }>('select count(*)::int as n from payment_callbacks where remote_ip = $1', [ip]))[0]
      ?.n;
  const alerts = async () =>
    q<{ subject: string; body: string }>(
      "select subject, text as body from mail_outbox where template = 'ops_alert' order by created_at, id",
    );
  beforeAll(async () => {
    ctx = await createTestContext({
      fakeClock: true,
      env: { OPS_EMAIL: 'ops@example.com', PAYTR_CALLBACK_REJECT_LIMIT: '5' },
    });
  });
  afterAll(() => ctx?.close());

  it('refuses a big body unread, and keeps only PayTR’s fields of what it stores', async () => {
    const huge = await post(ctx, `merchant_oid=X&junk=${'a'.repeat(900 * 1024)}`, '198.51.100.1');
    expect(huge.statusCode).toBe(413);
    expect(await rowsFrom('198.51.100.1')).toBe(0);

    const padded = { ...forged('PAD1'), junk: 'b'.repeat(20_000), failed_reason_msg: 'c'.repeat(5000) };
    expect((await post(ctx, padded, '198.51.100.2')).statusCode).toBe(400);
    const [row] = await q<{ body: Record<string, string> }>(
      "select body from payment_callbacks where remote_ip = '198.51.100.2'",
    );
    expect(Object.keys(row?.body ?? {}).sort()).toEqual(
      [...Object.keys(forged('PAD1')), 'failed_reason_msg', '_droppedFields'].sort(),
    );
    expect(row?.body.failed_reason_msg).toHaveLength(512);
    expect(row?.body._droppedFields).toBe('1');
    expect(JSON.stringify(row?.body).length).toBeLessThan(2000);
  });

  it('stores and alerts a few rejected ones per address, refuses the rest unread, and sums them up', async () => {
    const before = (await alerts()).length;
    const answers: number[] = [];
    for (let i = 0; i < 30; i++)
      answers.push((await post(ctx, forged(`FLOOD${i}`), '203.0.113.66')).statusCode);
    // 1 was already rejected from another address this window; this one may store 5.
    expect(answers.filter((s) => s === 400)).toHaveLength(5);
    expect(answers.filter((s) => s === 429)).toHaveLength(25);
    expect(await rowsFrom('203.0.113.66')).toBe(5);
    // Another address is not held back by it.
    expect((await post(ctx, forged('OTHER1'), '203.0.113.67')).statusCode).toBe(400);
    // No alert for each: the window's first was the padded one above.
    expect((await alerts()).length).toBe(before);

    // The window closes: one summary with the count, then a new window starts with its own alert.
    ctx.fakeClock?.advance(16 * MINUTE);
    expect((await post(ctx, forged('LATER1'), '203.0.113.66')).statusCode).toBe(400);
    await expect.poll(async () => (await alerts()).length, { timeout: 5000 }).toBe(before + 2);
    const texts = (await alerts()).slice(before);
    const summary = texts.find((a) => /Payment notifications rejected: \d+ more/.test(a.subject));
    expect(summary?.subject).toContain('Payment notifications rejected: 31 more');
    expect(summary?.body).toMatch(/25 of them refused unread/);
    expect(texts.some((a) => a.subject.includes('Payment notification rejected: bad_hash'))).toBe(true);
  });
});

describe('an allow-list of PayTR’s addresses', () => {
  let ctx: TestContext;
  const q = sqlRows(() => ctx);
  beforeAll(async () => {
    ctx = await createTestContext({ env: { PAYTR_CALLBACK_IPS: '203.0.113.0/24, 2001:db8::1' } });
  });
  afterAll(() => ctx?.close());

  it('hears only those addresses: others are refused unread, nothing stored', async () => {
    const signed = simCallback('ALLOWED1', 'success', 1000);
    const stranger = await post(ctx, signed, '198.51.100.9');
    expect([stranger.statusCode, stranger.body]).toEqual([403, 'REJECTED not_allowed']);
    expect(await q("select 1 from payment_callbacks where remote_ip = '198.51.100.9'")).toHaveLength(0);
    // From PayTR's range (IPv4, also as IPv4-mapped IPv6) and its listed IPv6 address: read and held.
    for (const ip of ['203.0.113.5', '::ffff:203.0.113.6', '2001:db8::1'])
      expect((await post(ctx, simCallback(`ALLOWED${ip.length}`, 'success', 1000), ip)).body).toBe('OK');
  });
});
