// Integration project because it runs other processes (pdftotext, a second Node), not for a database.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_VKN_2 } from '../../../../test/tax-ids.ts';
import { renderInvoicePdf } from './invoice.pdf.ts';
import { samplePdfInvoices } from './invoices.test-helpers.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'yac-invoice-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const samples = samplePdfInvoices();

/** The text of a PDF as poppler's pdftotext reads it. */
function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('invoice PDF', () => {
  it('prints a TRY invoice with Turkish letters, ₺, the number and the total', async () => {
    const text = pdfText(await renderInvoicePdf(samples.try), 'try');
    for (const s of [
      'FATURA / INVOICE',
      'YAC2026000000042',
      'Çağrı Yazılım Ltd. Şti.',
      // The buyer's country named as the seller's address names its own.
      'İstanbul, Türkiye',
      'ğüşıöçİ',
      'Beşiktaş',
      `VKN / Tax no: ${TEST_VKN_2}`,
      '26.11.2026',
      'KDV %20 / VAT 20%',
      '₺1.409,74',
      '₺281,95',
      '₺1.691,69',
      "GİB'e iletilmemiştir",
    ])
      expect(text).toContain(s);
    expect(text).not.toContain('TL karşılığı');
    // It never claims a legal status it lacks: no ETTN, nothing reported to GİB (docs/decisions/0007).
    expect(text).not.toMatch(/e-Ar[sş]iv (fatura|invoice) olarak|issued as an e-Archive invoice/i);
    expect(text).toContain('Bu belge e-Arşiv fatura değildir');
  });

  it('prints a USD invoice with its TRY equivalent, the rate type and the bulletin date', async () => {
    const text = pdfText(await renderInvoicePdf(samples.usd), 'usd');
    for (const s of [
      'YAC2026000000043',
      '$29,00',
      '$5,80',
      '$34,80',
      'TCMB döviz alış kuru 48,6116 (18.09.2026) ile TL karşılığı: ₺1.691,68',
      'CBRT forex buying rate 48.6116 of 18.09.2026: ₺1,691.68',
      // The VAT base and the VAT in TRY too, as the VAT return declares them.
      'TL olarak: KDV matrahı ₺1.409,73, KDV ₺281,95, toplam ₺1.691,68',
      'In TRY: VAT base ₺1,409.73, VAT ₺281.95, total ₺1,691.68',
    ])
      expect(text).toContain(s);
    // An invoice issued before the TRY base and VAT were kept prints as it always did.
    const old = pdfText(
      await renderInvoicePdf({ ...samples.usd, tryNetMinor: null, tryVatMinor: null }),
      'usd-old',
    );
    expect(old).toContain('ile TL karşılığı: ₺1.691,68');
    expect(old).not.toContain('KDV matrahı');
    expect(pdfText(await renderInvoicePdf(samples.usd, { locale: 'en' }), 'usd-en')).toContain('$34.80');
  });

  it('prints a credit note with the credited invoice’s number, dated in Istanbul time', async () => {
    const text = pdfText(
      await renderInvoicePdf(samples.credit, { creditedNumber: 'YAC2026000000042' }),
      'cn',
    );
    expect(text).toContain('İADE FATURASI / CREDIT NOTE');
    expect(text).toMatch(/İade edilen fatura \/ Credited invoice:\s+YAC2026000000042/);
    expect(text).toContain('28.11.2026'); // 21:30 UTC on the 27th
  });

  it('gives the same bytes every time, in this process and in another one in another time zone', async () => {
    const first = await renderInvoicePdf(samples.usd);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await renderInvoicePdf(samples.usd)).equals(first)).toBe(true);
    const fixture = fileURLToPath(new URL('./invoice.pdf.fixture.ts', import.meta.url));
    const other = execFileSync(process.execPath, ['--import', 'tsx', fixture, 'usd'], {
      env: { ...process.env, TZ: 'Pacific/Kiritimati' },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(other.equals(first)).toBe(true);
    // The dates in the document are the issue time's, and the file id follows the invoice.
    const raw = first.toString('latin1');
    expect(raw).toContain('(D:20261126090000Z)');
    expect(raw).not.toMatch(/\(D:(?!20261126090000Z)/);
    expect(raw).toContain('(YouAreCoder)');
    const id = (pdf: Buffer) => /\/ID \[<([0-9a-f]+)>/.exec(pdf.toString('latin1'))?.[1];
    expect(id(first)).toMatch(/^[0-9a-f]{32}$/);
    expect(id(await renderInvoicePdf(samples.try))).not.toBe(id(first));
  });
});
