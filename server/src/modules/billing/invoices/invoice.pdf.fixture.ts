// Child process of the PDF determinism test: renders one sample invoice to stdout, so the test can
// compare bytes made by another process (and another time zone) with its own.
import { renderInvoicePdf } from './invoice.pdf.ts';
import { samplePdfInvoices } from './invoices.test-helpers.ts';

const which = process.argv[2] as keyof ReturnType<typeof samplePdfInvoices>;
const inv = samplePdfInvoices()[which];
if (!inv) throw new Error(`usage: invoice.pdf.fixture.ts try|usd|credit`);
process.stdout.write(await renderInvoicePdf(inv));
