// The invoice PDF: A4, DejaVu Sans (the PDF base fonts cannot print ğüşıİ or ₺).
//
// Determinism: the same invoice gives the same bytes on every machine, process and day, so a
// stored or mailed PDF can be checked against a fresh rendering. pdfkit's only time- or
// random-based output is `info.CreationDate` (default: now), and the trailer /ID, an MD5 of the
// info dictionary; both are pinned here by fixing every info entry from the invoice (dates = its
// issue time, title = its number, fixed Producer/Creator). Font subset tags derive from the
// font's id (F1, F2), glyph subsets from the text, compression is zlib on the same input, and
// every date printed is Istanbul time from a fixed offset, never the machine's time zone.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { istanbulDay } from './invoice.dates.ts';
import {
  countryName,
  type FxRateType,
  LABELS,
  money,
  type PdfLocale,
  periodText,
  taxNumberLabel,
  tryEquivalentText,
  vatLabel,
} from './invoice.pdf.text.ts';
import type { InvoiceRow } from './invoices.repo.ts';

/** How to print an invoice. */
export interface PdfOptions {
  /** Number formatting (the labels are bilingual either way); default `tr`. */
  locale?: PdfLocale;
  /** The credited invoice's number, printed on a credit note. */
  creditedNumber?: string;
  /** The TCMB rate type the TRY equivalent used; default ForexBuying. */
  rateType?: FxRateType;
}

const fontDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);
const REGULAR = 'DejaVuSans';
const BOLD = 'DejaVuSans-Bold';
let fonts: Record<typeof REGULAR | typeof BOLD, Buffer> | undefined;
let pdfkit: ReturnType<typeof importPdfKit> | undefined;
const importPdfKit = () => import('pdfkit').then((m) => m.default);

/**
 * pdfkit, loaded on the first PDF (importing it costs a start about 0.15 s), and the fonts, read once
 * per process: pdfkit would read and parse each font file again for every document.
 */
export async function loadPdfKit() {
  fonts ??= {
    [REGULAR]: readFileSync(path.join(fontDir, 'DejaVuSans.ttf')),
    [BOLD]: readFileSync(path.join(fontDir, 'DejaVuSans-Bold.ttf')),
  };
  pdfkit ??= importPdfKit();
  return { PDFDocument: await pdfkit, fonts };
}

const PAGE = { width: 595.28, margin: 50 };
const LEFT = PAGE.margin;
const WIDTH = PAGE.width - 2 * PAGE.margin;
const GREY = '#555555';
const RULE = '#bbbbbb';
// Columns of the lines table: description, quantity, unit price, amount (x, width).
const COLS = [
  [LEFT, 190],
  [LEFT + 190, 75],
  [LEFT + 265, 115],
  [LEFT + 380, WIDTH - 380],
] as const;

type Doc = PDFKit.PDFDocument;

/** Render an invoice or credit note as PDF bytes, identical for identical input. */
export async function renderInvoicePdf(inv: InvoiceRow, opts: PdfOptions = {}): Promise<Buffer> {
  const locale = opts.locale ?? 'tr';
  const { PDFDocument, fonts: FONTS } = await loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    font: FONTS[REGULAR] as unknown as string,
    lang: 'tr-TR',
    info: {
      Title: `${inv.kind === 'credit_note' ? 'İade faturası' : 'Fatura'} ${inv.number}`,
      Author: inv.seller.legalName ?? '',
      Subject: inv.number,
      Producer: 'YouAreCoder',
      Creator: 'YouAreCoder invoices',
      CreationDate: inv.issuedAt,
      ModDate: inv.issuedAt,
    },
  });
  doc.registerFont(REGULAR, FONTS[REGULAR]);
  doc.registerFont(BOLD, FONTS[BOLD]);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  drawHeader(doc, inv, opts);
  drawParties(doc, inv);
  drawLines(doc, inv, locale);
  drawTotals(doc, inv, locale, opts.rateType ?? (inv.fxRateType as FxRateType));
  doc.end();
  return done;
}

function drawHeader(doc: Doc, inv: InvoiceRow, opts: PdfOptions): void {
  doc.font(BOLD).fontSize(18).fillColor('black');
  doc.text(inv.kind === 'credit_note' ? LABELS.creditNote : LABELS.invoice, LEFT, PAGE.margin);
  doc.font(REGULAR).fontSize(9).fillColor(GREY).text(LABELS.scenario);
  doc.moveDown(0.8);
  const rows: [string, string][] = [
    [LABELS.number, inv.number],
    [LABELS.issueDate, istanbulDay(inv.issuedAt)],
  ];
  const period = periodText(inv);
  if (period) rows.push([LABELS.period, period]);
  if (inv.kind === 'credit_note') rows.push([LABELS.credited, opts.creditedNumber ?? '—']);
  rows.push([LABELS.currency, inv.currency]);
  for (const [label, value] of rows) keyValue(doc, label, value, LEFT, 170);
  doc.moveDown(1);
}

function keyValue(doc: Doc, label: string, value: string, x: number, labelWidth: number): void {
  const y = doc.y;
  doc.font(REGULAR).fontSize(9).fillColor(GREY).text(`${label}:`, x, y, { width: labelWidth });
  const afterLabel = doc.y;
  doc
    .font(BOLD)
    .fillColor('black')
    .text(value, x + labelWidth, y, { width: WIDTH - labelWidth - (x - LEFT) });
  doc.y = Math.max(doc.y, afterLabel);
  doc.x = LEFT;
}

function drawParties(doc: Doc, inv: InvoiceRow): void {
  const top = doc.y;
  const colWidth = WIDTH / 2 - 10;
  const s = inv.seller;
  const b = inv.buyer;
  const sellerEnd = party(doc, LABELS.seller, LEFT, top, colWidth, [
    s.legalName ?? '',
    `${LABELS.taxOffice}: ${s.taxOffice ?? ''}`,
    `${taxNumberLabel(s.taxNumber ?? '')}: ${s.taxNumber ?? ''}`,
    s.address ?? '',
  ]);
  const buyerEnd = party(doc, LABELS.buyer, LEFT + WIDTH / 2 + 10, top, colWidth, [
    b.legalName ?? '',
    `${LABELS.taxOffice}: ${b.taxOffice ?? ''}`,
    `${taxNumberLabel(b.taxNumber ?? '')}: ${b.taxNumber ?? ''}`,
    b.address ?? '',
    [b.city, countryName(b.country)].filter(Boolean).join(', '),
  ]);
  doc.x = LEFT;
  doc.y = Math.max(sellerEnd, buyerEnd) + 18;
}

/** Draw a party block; returns where it ends. */
function party(doc: Doc, title: string, x: number, y: number, width: number, lines: string[]): number {
  doc.font(REGULAR).fontSize(8).fillColor(GREY).text(title.toUpperCase(), x, y, { width });
  doc.moveDown(0.2);
  const [name, ...rest] = lines;
  doc
    .font(BOLD)
    .fontSize(10)
    .fillColor('black')
    .text(name ?? '', x, doc.y, { width });
  doc.font(REGULAR).fontSize(9);
  for (const line of rest) if (line) doc.text(line, x, doc.y, { width });
  return doc.y;
}

function row(doc: Doc, cells: string[], font: string, size = 9): void {
  const y = doc.y;
  let bottom = y;
  doc.font(font).fontSize(size).fillColor('black');
  cells.forEach((cell, i) => {
    const [x, width] = COLS[i] ?? COLS[0];
    doc.text(cell, x, y, { width: width - (i === 0 ? 10 : 0), align: i === 0 ? 'left' : 'right' });
    bottom = Math.max(bottom, doc.y);
  });
  doc.x = LEFT;
  doc.y = bottom + 4;
}

function rule(doc: Doc): void {
  doc
    .moveTo(LEFT, doc.y)
    .lineTo(LEFT + WIDTH, doc.y)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  doc.y += 4;
}

function drawLines(doc: Doc, inv: InvoiceRow, locale: PdfLocale): void {
  row(doc, [LABELS.description, LABELS.quantity, LABELS.unitPrice, LABELS.amount], BOLD, 8);
  rule(doc);
  for (const l of inv.lines) {
    row(
      doc,
      [
        l.description,
        String(l.quantity),
        money(l.unitNetMinor, inv.currency, locale),
        money(l.discountMinor ? l.quantity * l.unitNetMinor : l.netMinor, inv.currency, locale),
      ],
      REGULAR,
    );
    // A credit used is an iskonto on its line (GİB has no negative lines): shown under it, subtracted.
    if (l.discountMinor)
      row(
        doc,
        [
          `${LABELS.discount}: ${l.discountText ?? ''}`,
          '',
          '',
          money(-l.discountMinor, inv.currency, locale),
        ],
        REGULAR,
      );
  }
  rule(doc);
}

function totalRow(doc: Doc, label: string, value: string, bold = false): void {
  const y = doc.y;
  doc
    .font(bold ? BOLD : REGULAR)
    .fontSize(bold ? 11 : 9)
    .fillColor('black');
  doc.text(label, LEFT + 130, y, { width: 250, align: 'right' });
  doc.text(value, LEFT + 380, y, { width: WIDTH - 380, align: 'right' });
  doc.x = LEFT;
  doc.moveDown(0.3);
}

function drawTotals(doc: Doc, inv: InvoiceRow, locale: PdfLocale, rateType: FxRateType): void {
  totalRow(doc, LABELS.net, money(inv.netMinor, inv.currency, locale));
  totalRow(doc, vatLabel(inv, locale), money(inv.vatMinor, inv.currency, locale));
  totalRow(doc, LABELS.total, money(inv.totalMinor, inv.currency, locale), true);
  doc.moveDown(1);
  doc.font(REGULAR).fontSize(9).fillColor('black');
  if (inv.vatExemptReason !== null) {
    doc.text(`${LABELS.exemption}: ${inv.vatExemptReason}`, LEFT, doc.y, { width: WIDTH });
    doc.moveDown(0.5);
  }
  if (inv.currency !== 'TRY') {
    for (const sentence of tryEquivalentText(inv, rateType))
      doc.text(sentence, LEFT, doc.y, { width: WIDTH });
    doc.moveDown(0.5);
  }
  doc.moveDown(1);
  doc.fontSize(8).fillColor(GREY).text(LABELS.note, LEFT, doc.y, { width: WIDTH });
}
