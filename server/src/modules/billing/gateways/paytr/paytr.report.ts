// PayTR's transaction report (İşlem Dökümü, /rapor/islem-dokumu): at most 3 days per request, dates in
// Turkish time written `YYYY-MM-DD hh:mm:ss`, amounts as dot-decimal strings. A longer range is asked
// window by window; any window that fails fails the whole answer, so a caller never sees half a list.
import { GatewayError, type GatewayTransaction } from '../gateway.ts';
import { type PaytrCredentials, transactionListSignature } from './paytr.hash.ts';

// Turkey has kept UTC+3 all year since 2016.
const TR_OFFSET_MS = 3 * 3600_000;
/** The longest span one report request may cover (PayTR refuses more). */
export const REPORT_WINDOW_MS = 3 * 86_400_000;

/** An instant as PayTR writes dates: `YYYY-MM-DD hh:mm:ss`, Turkish time. */
export function paytrDate(at: Date): string {
  return new Date(at.getTime() + TR_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * PayTR's `YYYY-MM-DD hh:mm:ss` (Turkish time; a bare date is midnight; `DD.MM.YYYY`, as some of PayTR's
 * reports write it, too) to an instant; null if malformed.
 */
export function parsePaytrDate(text: string): Date | null {
  const t = text.trim();
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})(.*)$/.exec(t);
  const iso = dotted ? `${dotted[3]}-${dotted[2]}-${dotted[1]}${dotted[4]}` : t;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(iso);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
  const ms = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0) - TR_OFFSET_MS;
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** Windows of at most 3 days covering `from`..`to`, both ends included, on whole seconds. */
export function reportWindows(from: Date, to: Date): { start: Date; end: Date }[] {
  const first = Math.floor(from.getTime() / 1000) * 1000;
  const last = Math.floor(to.getTime() / 1000) * 1000;
  const out: { start: Date; end: Date }[] = [];
  for (let t = first; t <= last; t += REPORT_WINDOW_MS + 1000) {
    out.push({ start: new Date(t), end: new Date(Math.min(t + REPORT_WINDOW_MS, last)) });
  }
  return out;
}

type Post = (path: string, form: Record<string, string>) => Promise<Record<string, unknown>>;
type Money = (s: unknown) => number | null;
type Cur = (c: string | undefined) => GatewayTransaction['currency'] | null;

/** One report row, or a GatewayError: a row we cannot read must not be silently left out. */
function rowOf(r: Record<string, unknown>, money: Money, currency: Cur): GatewayTransaction {
  const kind = String(r.islem_tipi ?? '').toUpperCase();
  const at = parsePaytrDate(String(r.islem_tarihi ?? ''));
  // A decimal comma, or a refund written as a negative amount, is still the same money.
  const amount = money(
    String(r.islem_tutari ?? '')
      .trim()
      .replace(',', '.')
      .replace(/^-/, ''),
  );
  const oid = String(r.siparis_no ?? r.merchant_oid ?? '');
  if ((kind !== 'S' && kind !== 'I') || !at || amount === null || !oid)
    throw new GatewayError(
      'PayTR transaction report has a row we cannot read',
      JSON.stringify(r).slice(0, 200),
    );
  return {
    type: kind === 'S' ? 'sale' : 'refund',
    merchantOid: oid,
    amountMinor: amount,
    currency: currency(String(r.para_birimi ?? 'TL')) ?? 'unknown',
    at,
  };
}

/** Every sale and refund PayTR dated from `from` to `to`, asked window by window. */
export async function fetchTransactions(
  c: PaytrCredentials,
  post: Post,
  money: Money,
  currency: Cur,
  from: Date,
  to: Date,
): Promise<GatewayTransaction[]> {
  const out: GatewayTransaction[] = [];
  for (const w of reportWindows(from, to)) {
    const start = paytrDate(w.start);
    const end = paytrDate(w.end);
    const a = await post('/rapor/islem-dokumu', {
      merchant_id: c.merchantId,
      start_date: start,
      end_date: end,
      paytr_token: transactionListSignature(c, start, end),
    });
    // "failed" is PayTR's way of saying the window holds no transaction; "error" is a refusal.
    if (a.status === 'failed') continue;
    if (a.status !== 'success')
      throw new GatewayError(
        `PayTR refused the transaction report for ${start} – ${end}`,
        `${String(a.err_no ?? '')} ${String(a.err_msg ?? a.reason ?? '')}`.trim(),
      );
    const rows = Array.isArray(a.data) ? a.data : Array.isArray(a.returns) ? a.returns : null;
    if (!rows)
      throw new GatewayError('PayTR transaction report without a list', JSON.stringify(a).slice(0, 200));
    for (const r of rows) out.push(rowOf(r as Record<string, unknown>, money, currency));
  }
  return out;
}
