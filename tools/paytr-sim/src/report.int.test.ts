// The transaction report lists what the simulator settled and refunded, on the clock it was given, in
// windows of at most 3 days; /__sim/report makes it disagree on purpose.
import { afterEach, describe, expect, it } from 'vitest';
import { formatTrDate } from './money.ts';
import { CREDS, getToken, postJson, signedApi, startPair } from './test-kit.ts';
import type { PaytrSim } from './types.ts';

let close: () => Promise<void> = async () => {};
afterEach(() => close());

type Report = { status: string; data?: Array<Record<string, string>>; err_no?: string };
const list = (sim: PaytrSim, start: string, end: string) =>
  postJson<Report>(
    `${sim.url}/rapor/islem-dokumu`,
    signedApi({ start_date: start, end_date: end }, [CREDS.merchantId, start, end]),
  );
const refund = (sim: PaytrSim, oid: string, amount: string) =>
  postJson(
    `${sim.url}/odeme/iade`,
    signedApi({ merchant_oid: oid, return_amount: amount }, [CREDS.merchantId, oid, amount]),
  );

describe('the transaction report', () => {
  it('dates sales and refunds by the clock it was given, and takes exactly 3 days but not a second more', async () => {
    let now = Date.parse('2026-03-10T21:30:00Z'); // 00:30 on 11 March in Istanbul
    const pair = await startPair({ now: () => now });
    close = pair.close;
    const { sim } = pair;
    const { token, oid } = await getToken(sim);
    await sim.pay({ token });
    now += 24 * 3600_000;
    expect(await refund(sim, oid, '1.56')).toMatchObject({ status: 'success' });

    const body = await list(sim, '2026-03-11 00:00:00', '2026-03-13 23:59:59');
    expect(body.status).toBe('success');
    expect(
      body.data?.map((r) => [r.islem_tipi, r.siparis_no, r.islem_tarihi, r.islem_tutari, r.para_birimi]),
    ).toEqual([
      ['S', oid, '2026-03-11 00:30:00', '34.56', 'TL'],
      ['I', oid, '2026-03-12 00:30:00', '1.56', 'TL'],
    ]);
    expect((await list(sim, '2026-03-10 00:00:00', '2026-03-13 00:00:00')).status).toBe('success');
    expect(await list(sim, '2026-03-10 00:00:00', '2026-03-13 00:00:01')).toMatchObject({ err_no: '009' });
    // The day before holds nothing: PayTR says "failed", not an empty list.
    expect(await list(sim, '2026-03-10 00:00:00', '2026-03-10 23:59:59')).toMatchObject({ status: 'failed' });
  });

  it('drops, alters and adds records when a test asks, and forgets that on reset', async () => {
    const pair = await startPair();
    close = pair.close;
    const { sim } = pair;
    const a = await getToken(sim);
    const b = await getToken(sim);
    await sim.pay({ token: a.token });
    await sim.pay({ token: b.token });
    const start = formatTrDate(Date.now() - 3600_000);
    const end = formatTrDate(Date.now() + 3600_000);
    const res = await fetch(`${sim.url}/__sim/report`, {
      method: 'POST',
      body: JSON.stringify({
        drop: [a.oid],
        amounts: { [b.oid]: 3000 },
        add: [
          { merchantOid: 'GHOST1', type: 'S', amount: 1234, currency: 'USD', date: formatTrDate(Date.now()) },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const body = await list(sim, start, end);
    expect(body.data?.map((r) => [r.islem_tipi, r.siparis_no, r.islem_tutari, r.para_birimi])).toEqual(
      expect.arrayContaining([
        ['S', b.oid, '30.00', 'TL'],
        ['S', 'GHOST1', '12.34', 'USD'],
      ]),
    );
    expect(body.data).toHaveLength(2);
    const bad = await fetch(`${sim.url}/__sim/report`, {
      method: 'POST',
      body: JSON.stringify({ add: [{}] }),
    });
    expect(bad.status).toBe(400);
    sim.reset();
    expect(await list(sim, start, end)).toMatchObject({ status: 'failed' });
  });
});
