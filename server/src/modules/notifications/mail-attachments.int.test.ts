import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { DAY } from '../../platform/clock.ts';
import type { MailAttachment } from './notifications.schema.ts';

/** PDF-looking bytes that also hold every byte value, so any text-mode mangling shows. */
const PDF_BYTES = Buffer.concat([
  Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from('\r\n\r\n.\r\n..\r\nFrom x\n%%EOF\n', 'latin1'),
]);
const XML_BYTES = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Invoice>₺1.409,74 Ğ ş ı İ</Invoice>');

const ATTACHMENTS: MailAttachment[] = [
  {
    filename: 'Fatura-YAC2026000042-Şubat.pdf',
    contentType: 'application/pdf',
    contentBase64: PDF_BYTES.toString('base64'),
  },
  {
    filename: 'YAC2026000042.xml',
    contentType: 'application/xml',
    contentBase64: XML_BYTES.toString('base64'),
  },
];

/** Queue a payment receipt with the invoice files, as billing does after a paid order. */
async function queueReceipt(ctx: TestContext, to: string): Promise<string> {
  return ctx.deps.services.notifications.queue(ctx.deps.database.db, {
    template: 'payment_succeeded',
    to,
    locale: 'tr',
    data: {
      name: 'Ayşe Yılmaz',
      companyName: 'Acme',
      planName: 'Ekip',
      periodLabel: 'Aralık 2026',
      amount: '₺1.409,74',
      invoiceNumber: 'YAC2026000042',
      billingUrl: 'http://localhost:8080/billing',
    },
    attachments: ATTACHMENTS,
  });
}

/** The attachments arrived whole: names, types and every byte. */
function expectAttachments(m: ParsedMail): void {
  const files = m.attachments.map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    bytes: a.content.toString('hex'),
  }));
  expect(files).toEqual([
    { filename: ATTACHMENTS[0]?.filename, contentType: 'application/pdf', bytes: PDF_BYTES.toString('hex') },
    { filename: ATTACHMENTS[1]?.filename, contentType: 'application/xml', bytes: XML_BYTES.toString('hex') },
  ]);
  // The message itself is still there beside them.
  expect(m.subject).toBe('Ödemeniz alındı: YouAreCoder faturası YAC2026000042');
  expect(m.text).toContain('₺1.409,74 tutarındaki ödemenizi aldık');
  expect(m.html).toContain('Ayşe Yılmaz');
}

describe('mail attachments over SMTP', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ fakeClock: true, env: { MAIL_RETENTION_DAYS: '30' } });
  });
  afterAll(() => ctx.close());

  it('are kept in the outbox, delivered with their filename, type and exact bytes, and cleaned up', async () => {
    const id = await queueReceipt(ctx, 'billing@acme.example');
    const stored = await ctx.deps.database.pool.query('select attachments from mail_outbox where id = $1', [
      id,
    ]);
    expect(stored.rows[0].attachments).toEqual(ATTACHMENTS);

    await ctx.runJobs();
    const m = await ctx.smtp.waitFor((x) => x.messageId === `<${id}@youarecoder>`);
    expectAttachments(m);
    const { rows } = await ctx.deps.database.pool.query('select status from mail_outbox where id = $1', [id]);
    expect(rows[0].status).toBe('sent');

    // Past the retention the row goes, and its attachments with it.
    ctx.fakeClock?.advance(31 * DAY);
    await ctx.deps.database.pool.query(`select graphile_worker.add_job('mail:cleanup', '{}'::json)`);
    await ctx.runJobs();
    const left = await ctx.deps.database.pool.query(
      'select count(*)::int as n from mail_outbox where id = $1',
      [id],
    );
    expect(left.rows[0].n).toBe(0);
  });

  it('a message without attachments has none', async () => {
    const id = await ctx.deps.services.notifications.queue(ctx.deps.database.db, {
      template: 'trial_ended',
      to: 'plain@acme.example',
      locale: 'en',
      data: { name: 'Ayşe', companyName: 'Acme', billingUrl: 'http://localhost:8080/billing' },
    });
    await ctx.runJobs();
    const m = await ctx.smtp.waitFor((x) => x.messageId === `<${id}@youarecoder>`);
    expect(m.attachments).toEqual([]);
    const { rows } = await ctx.deps.database.pool.query('select attachments from mail_outbox where id = $1', [
      id,
    ]);
    expect(rows[0].attachments).toBeNull();
  });
});

describe('mail attachments in the development .eml files', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ mail: 'file', env: { NODE_ENV: 'development' } });
  });
  afterAll(() => ctx.close());

  it('are written into the .eml with their filename, type and exact bytes', async () => {
    const id = await queueReceipt(ctx, 'billing@acme.example');
    await ctx.runJobs();
    const eml = await readFile(path.join(ctx.dataDir, 'mail', `${id}@youarecoder.eml`));
    expect(eml.toString('latin1')).toContain('Content-Type: application/pdf');
    const m = await simpleParser(eml);
    expect(m.messageId).toBe(`<${id}@youarecoder>`);
    expectAttachments(m);
  });
});
