import { createRequire } from 'node:module';
import { formatMoney } from '@youarecoder/contract';
import { zipSync } from 'fflate';
import type { AuditEventRow } from '../audit/index.ts';
import type { WorkspaceUsage } from './billing.context.ts';
import type { RefundRow } from './billing.refunds.ts';
import type { CallbackRow, OrderRow } from './billing.repo.ts';
import { type InvoiceRow, loadPdfKit } from './invoices/index.ts';
import type { AcceptanceRow, RefundRequestRow } from './legal.repo.ts';
import { istanbulDate } from './periods.ts';

const require = createRequire(import.meta.url);
const FONT_DIR = `${require.resolve('dejavu-fonts-ttf/package.json').replace(/package\.json$/, '')}ttf`;

/** Everything an evidence package is made of. */
export interface Evidence {
  generatedAt: Date;
  company: { id: string; name: string; subdomain: string };
  order: OrderRow;
  callbacks: CallbackRow[];
  invoices: InvoiceRow[];
  invoicePdfs: { number: string; pdf: Buffer }[];
  refunds: RefundRow[];
  audit: AuditEventRow[];
  logins: AuditEventRow[];
  /**
   * The checkout's acceptance of the distance sales contract and preliminary information form; a
   * stored-card renewal has none of its own and shows the company's first checkout's (`basis`).
   */
  acceptance: { basis: 'this_order' | 'first_checkout' | 'none'; records: AcceptanceRow[] };
  refundRequests: RefundRequestRow[];
  /** The company's workspace usage over the paid period (null: the workspaces module is not wired). */
  usage: { from: Date; to: Date; report: WorkspaceUsage | null };
  /** Mails sent to the company: metadata only. */
  emails: {
    to: string;
    subject: string;
    template: string;
    status: string;
    createdAt: Date;
    sentAt: Date | null;
  }[];
}

const json = (v: unknown) => new TextEncoder().encode(`${JSON.stringify(v, null, 2)}\n`);

/** A one-page PDF summary of the disputed payment (what a bank's dispute desk reads first). */
async function summaryPdf(e: Evidence): Promise<Buffer> {
  const { PDFDocument } = await loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: {
      Title: `Evidence ${e.order.merchantOid}`,
      Producer: 'YouAreCoder',
      Creator: 'YouAreCoder',
      CreationDate: e.generatedAt,
      ModDate: e.generatedAt,
    },
  });
  doc.registerFont('r', `${FONT_DIR}/DejaVuSans.ttf`);
  doc.registerFont('b', `${FONT_DIR}/DejaVuSans-Bold.ttf`);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const o = e.order;
  const line = (k: string, v: string) =>
    doc.font('b').fontSize(9).text(`${k}: `, { continued: true }).font('r').text(v);
  doc.font('b').fontSize(16).text('Payment evidence / Ödeme delil paketi');
  doc.moveDown(0.5);
  line('Generated', e.generatedAt.toISOString());
  line('Company', `${e.company.name} (${e.company.subdomain}, ${e.company.id})`);
  line('Order', `${o.id} — merchant_oid ${o.merchantOid}`);
  line(
    'What',
    `${o.kind} ${o.plan} ${o.period}, service ${istanbulDate(o.periodStart)} – ${istanbulDate(o.periodEnd)}`,
  );
  line(
    'Amount',
    `${formatMoney(o.amountMinor, o.currency, 'tr')} (net ${formatMoney(o.netMinor, o.currency, 'tr')}, KDV ${formatMoney(o.vatMinor, o.currency, 'tr')})`,
  );
  line(
    'Charged',
    o.paidTotalMinor === null
      ? '—'
      : `${formatMoney(o.paidTotalMinor, o.currency, 'tr')}, ${o.installmentCount ?? 1} installment(s), ${o.paymentType ?? '-'}`,
  );
  line('Rate', `${o.tryRate} TRY (${o.fxRateType}, TCMB ${o.fxDate ?? '-'})`);
  line(
    'Status',
    `${o.status}${o.paidAt ? ` at ${o.paidAt.toISOString()}` : ''}, settled by ${o.settledBy ?? '-'}`,
  );
  line('Payer', `${o.email} from ${o.userIp}, order created ${o.createdAt.toISOString()}`);
  line('Refunded', formatMoney(o.refundedMinor, o.currency, 'tr'));
  doc.moveDown(0.5);
  doc
    .font('b')
    .fontSize(11)
    .text(`Contract acceptance (${e.acceptance.basis.replace('_', ' ')})`);
  for (const a of e.acceptance.records)
    doc
      .font('r')
      .fontSize(9)
      .text(
        `${a.acceptedAt.toISOString()} ${a.document} v${a.version} by ${a.userId} from ${a.ip ?? '-'} (order ${a.orderId})`,
      );
  doc.moveDown(0.5);
  doc
    .font('b')
    .fontSize(11)
    .text(`Workspace usage ${e.usage.from.toISOString()} – ${e.usage.to.toISOString()}`);
  for (const w of e.usage.report?.workspaces ?? [])
    doc
      .font('r')
      .fontSize(9)
      .text(`${w.name}: ${(w.runningSeconds / 3600).toFixed(1)} h running, ${w.starts} start(s)`);
  doc.moveDown(0.5);
  doc.font('b').fontSize(11).text('Emails sent to the company');
  for (const m of e.emails.slice(-40))
    doc
      .font('r')
      .fontSize(9)
      .text(`${m.createdAt.toISOString()} ${m.template} → ${m.to} (${m.status}): ${m.subject}`);
  doc.moveDown(0.5);
  doc.font('b').fontSize(11).text('Invoices');
  for (const i of e.invoices)
    doc
      .font('r')
      .fontSize(9)
      .text(
        `${i.number} ${i.kind} ${i.issuedAt.toISOString()} ${formatMoney(i.totalMinor, i.currency, 'tr')}`,
      );
  doc.moveDown(0.5);
  doc.font('b').fontSize(11).text('Notifications from PayTR');
  for (const c of e.callbacks)
    doc
      .font('r')
      .fontSize(9)
      .text(
        `${c.receivedAt.toISOString()} ${c.body.status ?? ''} total ${c.body.total_amount ?? ''} → ${c.outcome}${c.reason ? ` (${c.reason})` : ''}, from ${c.remoteIp ?? '-'}`,
      );
  doc.moveDown(0.5);
  doc.font('b').fontSize(11).text('Sign-ins around the payment');
  for (const l of e.logins.slice(-40))
    doc
      .font('r')
      .fontSize(9)
      .text(
        `${l.createdAt.toISOString()} ${l.action} ${l.actorEmail ?? ''} ${l.ip ?? ''} ${(l.userAgent ?? '').slice(0, 60)}`,
      );
  doc.moveDown(0.5);
  doc.font('b').fontSize(11).text('Audit trail');
  for (const a of e.audit.slice(-60))
    doc
      .font('r')
      .fontSize(9)
      .text(`${a.createdAt.toISOString()} ${a.action} ${a.actorEmail ?? 'system'} ${a.ip ?? ''}`);
  doc.end();
  return done;
}

/** The ZIP: a PDF summary, the raw JSON of the order, notifications, invoices, refunds, audit, logins, acceptance, usage and emails. */
export async function evidenceZip(e: Evidence): Promise<Buffer> {
  // Fixed timestamps: the same evidence gives the same bytes.
  const mtime = e.generatedAt;
  const files: Record<string, [Uint8Array, { mtime: Date }]> = {
    'summary.pdf': [await summaryPdf(e), { mtime }],
    'order.json': [json(e.order), { mtime }],
    'callbacks.json': [json(e.callbacks), { mtime }],
    'invoices.json': [json(e.invoices), { mtime }],
    'refunds.json': [json(e.refunds), { mtime }],
    'audit.json': [json(e.audit), { mtime }],
    'logins.json': [json(e.logins), { mtime }],
    'company.json': [json(e.company), { mtime }],
    'acceptance.json': [json(e.acceptance), { mtime }],
    'refund-requests.json': [json(e.refundRequests), { mtime }],
    'workspace-usage.json': [json(e.usage), { mtime }],
    'emails.json': [json(e.emails), { mtime }],
  };
  for (const p of e.invoicePdfs) files[`${p.number}.pdf`] = [p.pdf, { mtime }];
  return Buffer.from(zipSync(files, { level: 6 }));
}
