import { execFileSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { seeded } from '../../../../test/seeded.ts';
import type { Db } from '../../../platform/db/client.ts';
import {
  creditedSoFar,
  creditNoteAmounts,
  getInvoice,
  type IssueDeps,
  type IssueInput,
  invoiceByOrder,
  invoicePdf,
  issueInvoice,
  listInvoices,
} from './index.ts';
import { sampleIssueInput } from './invoices.test-helpers.ts';

let ctx: TestContext;
let db: Db;
let deps: IssueDeps;
beforeAll(async () => {
  ctx = await createTestContext({ fakeClock: true });
  db = ctx.deps.database.db;
  deps = { ids: ctx.deps.ids, clock: ctx.clock, prefix: 'YAC' };
});
afterAll(() => ctx.close());

let seq = 0;
const order = () => `ord_t${++seq}`;
const issue = (input: IssueInput) => db.transaction((tx) => issueInvoice(tx, input, deps));
const at = (iso: string) => ({ issuedAt: new Date(iso) });
async function lastValue(year: number): Promise<number | undefined> {
  const { rows } = await ctx.deps.database.pool.query(
    'select last_value from invoice_sequences where year = $1',
    [year],
  );
  return rows[0]?.last_value;
}

describe('invoice numbers', () => {
  it('start at 000000001 in a year and continue; the Istanbul new year starts the next series at 1', async () => {
    const a = await issue(sampleIssueInput('cmp_a', order(), at('2026-03-01T10:00:00Z')));
    const b = await issue(sampleIssueInput('cmp_a', order(), at('2026-12-31T20:59:59Z')));
    // 21:00 UTC on 31 December is already 1 January in Istanbul.
    const c = await issue(sampleIssueInput('cmp_a', order(), at('2026-12-31T21:00:00Z')));
    const d = await issue(sampleIssueInput('cmp_b', order(), at('2027-01-02T10:00:00Z')));
    expect([a.number, b.number, c.number, d.number]).toEqual([
      'YAC2026000000001',
      'YAC2026000000002',
      'YAC2027000000001',
      'YAC2027000000002',
    ]);
    expect(a.id).toMatch(/^inv_[a-z0-9]{20}$/);
  });

  it('100 concurrent issuers, about 20 % rolling back after taking a number: committed numbers are 1..N', async () => {
    const rnd = seeded(20260918);
    const plan = Array.from({ length: 100 }, (_, i) => ({ i, rollback: rnd() < 0.2, holdMs: rnd() * 4 }));
    class RolledBack extends Error {}
    const outcomes = await Promise.allSettled(
      plan.map((p) =>
        db.transaction(async (tx) => {
          const inv = await issueInvoice(
            tx,
            sampleIssueInput('cmp_c', `ord_conc${p.i}`, at('2031-05-05T12:00:00Z')),
            deps,
          );
          await new Promise((r) => setTimeout(r, p.holdMs));
          if (p.rollback) throw new RolledBack(inv.number);
          return inv.number;
        }),
      ),
    );
    const committed: string[] = [];
    const given: string[] = [];
    for (const o of outcomes) {
      if (o.status === 'fulfilled') committed.push(o.value);
      else if (o.reason instanceof RolledBack) given.push(o.reason.message);
      else throw o.reason;
    }
    const n = plan.filter((p) => !p.rollback).length;
    expect(given.length).toBe(100 - n);
    expect(given.length).toBeGreaterThan(10);
    const expected = Array.from({ length: n }, (_, k) => `YAC2031${String(k + 1).padStart(9, '0')}`);
    expect([...committed].sort()).toEqual(expected);
    const stored = await db.execute<{ number: string }>(
      sql`select number from invoices where number like 'YAC2031%' order by number`,
    );
    expect(stored.rows.map((r) => r.number)).toEqual(expected);
    expect(await lastValue(2031)).toBe(n);
    // Numbers of rolled-back transactions went to later issuers.
    expect(given.some((g) => committed.includes(g))).toBe(true);
  });
});

describe('invoices are immutable', () => {
  it('the trigger refuses UPDATE and DELETE', async () => {
    const inv = await issue(sampleIssueInput('cmp_a', order(), at('2028-02-02T10:00:00Z')));
    const pool = ctx.deps.database.pool;
    const refused = { code: '23001', message: expect.stringContaining('invoices are immutable') };
    await expect(
      pool.query('update invoices set net_minor = 1 where id = $1', [inv.id]),
    ).rejects.toMatchObject(refused);
    await expect(pool.query('delete from invoices where id = $1', [inv.id])).rejects.toMatchObject(refused);
    expect(await getInvoice(db, 'cmp_a', inv.id)).toEqual(inv);
  });
});

describe('one invoice per order', () => {
  it('issuing again for the same order returns the same invoice and takes no number', async () => {
    const oid = order();
    const first = await issue(sampleIssueInput('cmp_a', oid, at('2029-01-10T10:00:00Z')));
    const again = await issue(sampleIssueInput('cmp_a', oid, at('2029-01-11T10:00:00Z')));
    expect(again).toEqual(first);
    expect(await lastValue(2029)).toBe(1);
    expect(await invoiceByOrder(db, oid)).toEqual(first);
  });

  it('without the order lock, the unique index still yields the one invoice and gives the number back', async () => {
    const oid = order();
    const pool = ctx.deps.database.pool;
    let issued!: () => void;
    let release!: () => void;
    const firstIssued = new Promise<void>((r) => {
      issued = r;
    });
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const first = db.transaction(async (tx) => {
      const inv = await issueInvoice(tx, sampleIssueInput('cmp_a', oid, at('2030-01-10T10:00:00Z')), deps);
      issued();
      await gate;
      return inv;
    });
    try {
      await firstIssued;
      const second = issue(sampleIssueInput('cmp_a', oid, at('2030-01-10T10:00:01Z')));
      // The second issuer finds no invoice yet, waits for the counter's row lock, then collides.
      await waitFor(async () => {
        const { rows } = await pool.query(
          "select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock'",
        );
        return rows[0].n > 0;
      });
      release();
      const [a, b] = await Promise.all([first, second]);
      expect(b).toEqual(a);
      expect(await lastValue(2030)).toBe(1);
    } finally {
      release();
    }
  });

  it('another company issuing for an order invoiced to someone else is refused', async () => {
    const oid = order();
    await issue(sampleIssueInput('cmp_a', oid, at('2029-02-10T10:00:00Z')));
    await expect(issue(sampleIssueInput('cmp_b', oid, at('2029-02-10T10:00:00Z')))).rejects.toThrow(
      /another company/,
    );
  });
});

async function waitFor(cond: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not reached');
}

describe('credit notes', () => {
  it('are numbered in the same series, reference their invoice and never exceed it', async () => {
    const oid = order();
    const inv = await issue(
      sampleIssueInput('cmp_d', oid, { ...at('2032-03-01T10:00:00Z'), netMinor: 2900 }),
    );
    expect([inv.netMinor, inv.vatMinor, inv.totalMinor]).toEqual([2900, 580, 3480]);
    const credit = async (gross: number) => {
      const amounts = creditNoteAmounts(inv, gross, await creditedSoFar(db, 'cmp_d', inv.id));
      const line = {
        description: `İade / refund of ${inv.number}`,
        quantity: 1,
        unitNetMinor: amounts.netMinor,
      };
      return issue(
        sampleIssueInput('cmp_d', oid, {
          ...at('2032-03-05T10:00:00Z'),
          ...amounts,
          kind: 'credit_note',
          creditedInvoiceId: inv.id,
          lines: [{ ...line, netMinor: amounts.netMinor }],
        }),
      );
    };
    const c1 = await credit(1000);
    expect(c1).toMatchObject({ kind: 'credit_note', number: 'YAC2032000000002', creditedInvoiceId: inv.id });
    expect([c1.netMinor, c1.vatMinor, c1.totalMinor]).toEqual([833, 167, 1000]);
    const c2 = await credit(2480);
    expect([c2.netMinor + c1.netMinor, c2.vatMinor + c1.vatMinor]).toEqual([2900, 580]);
    await expect(credit(1)).rejects.toThrow(/at most what is left/);
    // A hand-made note over the remaining amount is refused before it takes a number.
    await expect(
      issue(sampleIssueInput('cmp_d', oid, { kind: 'credit_note', creditedInvoiceId: inv.id, netMinor: 1 })),
    ).rejects.toThrow(/exceed/);
    expect(await lastValue(2032)).toBe(3);
    // Its PDF names the invoice it credits; another company gets nothing.
    const pdf = await invoicePdf(db, 'cmp_d', c1.id);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf?.pdf, encoding: 'utf8' });
    expect(text).toMatch(new RegExp(`Credited invoice:\\s+${inv.number}`));
    expect(await invoicePdf(db, 'cmp_e', c1.id)).toBeUndefined();
  });

  it('cannot credit another company’s invoice', async () => {
    const oid = order();
    const inv = await issue(sampleIssueInput('cmp_d', oid, at('2033-01-01T10:00:00Z')));
    await expect(
      issue(sampleIssueInput('cmp_e', oid, { kind: 'credit_note', creditedInvoiceId: inv.id })),
    ).rejects.toThrow(/unknown invoice/);
  });
});

describe('reads are scoped to a company', () => {
  it('lists and gets only the company’s own invoices', async () => {
    const mine = await issue(sampleIssueInput('cmp_f', order(), at('2034-01-01T10:00:00Z')));
    const newer = await issue(sampleIssueInput('cmp_f', order(), at('2034-01-02T10:00:00Z')));
    const theirs = await issue(sampleIssueInput('cmp_g', order(), at('2034-01-03T10:00:00Z')));
    expect((await listInvoices(db, 'cmp_f')).map((i) => i.id)).toEqual([newer.id, mine.id]);
    expect((await listInvoices(db, 'cmp_g')).map((i) => i.id)).toEqual([theirs.id]);
    expect(await getInvoice(db, 'cmp_f', mine.id)).toEqual(mine);
    expect(await getInvoice(db, 'cmp_g', mine.id)).toBeUndefined();
    expect(await getInvoice(db, 'cmp_f', theirs.id)).toBeUndefined();
  });
});
