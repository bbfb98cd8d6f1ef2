// The transaction report (İşlem Dökümü) and the test switch that bends it. The report lists what the
// simulator really settled and refunded; a test that needs PayTR to disagree with the merchant says so
// explicitly through /__sim/report, which is never part of PayTR's protocol.
import { ApiError, authenticate, ERR, need } from './api-merchant.ts';
import { transactionListMessage } from './hash.ts';
import { HttpError } from './http.ts';
import { formatDecimal, formatTrDate, normaliseCurrency, parseTrDate } from './money.ts';
import type { SimContext } from './payments.ts';
import type { Order, ReportExtra, ReportTamper } from './types.ts';

const THREE_DAYS_MS = 3 * 24 * 60 * 60 * 1000;

/** An empty set of report changes. */
export function noTamper(): ReportTamper {
  return { drop: [], amounts: {}, currencies: {}, add: [] };
}

function settledMs(order: Order): number {
  return order.settledAt ? Date.parse(order.settledAt) : Date.parse(order.createdAt);
}

type Row = Record<string, string>;

function saleRow(ctx: SimContext, order: Order): Row {
  const t = ctx.reportTamper;
  const amount = t.amounts[order.merchantOid] ?? order.totalAmount;
  return {
    islem_tipi: 'S',
    siparis_no: order.merchantOid,
    islem_tarihi: formatTrDate(settledMs(order)),
    islem_tutari: formatDecimal(amount),
    para_birimi: t.currencies[order.merchantOid] ?? order.currency,
    taksit: String(order.installmentCount),
    kart_marka: order.card?.brand ?? '',
    kart_no: order.card?.maskedPan ?? '',
    odeme_tipi: 'KART',
  };
}

/** POST /rapor/islem-dokumu: sales (islem_tipi S) and refunds (I) in the range, Turkish time. */
export function transactionList(ctx: SimContext, f: Record<string, string>): unknown {
  const startText = need(f, 'start_date');
  const endText = need(f, 'end_date');
  authenticate(ctx, f, (salt) =>
    transactionListMessage(
      { merchant_id: f.merchant_id ?? '', start_date: startText, end_date: endText },
      salt,
    ),
  );
  const start = parseTrDate(startText);
  const end = parseTrDate(endText);
  if (start === null || end === null) {
    throw new ApiError(ERR.DATE_RANGE, 'start_date and end_date must be written YYYY-MM-DD hh:mm:ss');
  }
  if (end < start) throw new ApiError(ERR.DATE_RANGE, 'end_date is before start_date');
  if (end - start > THREE_DAYS_MS) throw new ApiError(ERR.DATE_RANGE, 'the range may span at most 3 days');
  // Both ends are whole seconds and included.
  const inRange = (ms: number) => ms >= start && ms < end + 1000;
  const dropped = new Set(ctx.reportTamper.drop);
  const rows: Row[] = [];
  for (const order of ctx.store.list()) {
    if (order.status !== 'success') continue;
    if (inRange(settledMs(order)) && !dropped.has(order.merchantOid)) rows.push(saleRow(ctx, order));
    for (const r of order.refunds) {
      if (!inRange(parseTrDate(r.date) ?? 0)) continue;
      rows.push({
        ...saleRow(ctx, order),
        islem_tipi: 'I',
        islem_tarihi: r.date,
        islem_tutari: r.amountText,
      });
    }
  }
  for (const x of ctx.reportTamper.add) {
    if (!inRange(parseTrDate(x.date) ?? 0)) continue;
    rows.push({
      islem_tipi: x.type,
      siparis_no: x.merchantOid,
      islem_tarihi: x.date,
      islem_tutari: formatDecimal(x.amount),
      para_birimi: normaliseCurrency(x.currency),
      taksit: '1',
      kart_marka: '',
      kart_no: '',
      odeme_tipi: 'KART',
    });
  }
  // PayTR answers "failed" (not an empty list) when the range holds no transaction.
  if (!rows.length) return { status: 'failed', err_msg: 'no transactions were found in this date range' };
  rows.sort((a, b) => (a.islem_tarihi ?? '').localeCompare(b.islem_tarihi ?? ''));
  return { status: 'success', data: rows };
}

const OID = /^[A-Za-z0-9]{1,64}$/;

function extraOf(v: unknown): ReportExtra {
  const x = (v ?? {}) as Record<string, unknown>;
  if (typeof x.merchantOid !== 'string' || !OID.test(x.merchantOid))
    throw new HttpError(400, 'add[].merchantOid must be letters and digits');
  if (x.type !== 'S' && x.type !== 'I') throw new HttpError(400, "add[].type must be 'S' or 'I'");
  if (typeof x.amount !== 'number' || !Number.isInteger(x.amount) || x.amount < 1)
    throw new HttpError(400, 'add[].amount must be a positive integer (minor units)');
  if (typeof x.currency !== 'string') throw new HttpError(400, 'add[].currency must be a string');
  if (typeof x.date !== 'string' || parseTrDate(x.date) === null)
    throw new HttpError(400, 'add[].date must be YYYY-MM-DD hh:mm:ss (Turkish time)');
  return { merchantOid: x.merchantOid, type: x.type, amount: x.amount, currency: x.currency, date: x.date };
}

/**
 * Merges changes into what the report shows: `drop` hides sales, `amounts`/`currencies` alter them, `add`
 * lists records the simulator never processed. `clear: true` first forgets earlier changes.
 */
export function tamperReport(ctx: SimContext, patch: Record<string, unknown>): ReportTamper {
  if (patch.clear === true) ctx.reportTamper = noTamper();
  const t = ctx.reportTamper;
  const { drop, amounts, currencies, add } = patch;
  if (drop !== undefined) {
    if (!Array.isArray(drop) || drop.some((d) => typeof d !== 'string'))
      throw new HttpError(400, 'drop must be a list of merchant_oid');
    t.drop.push(...(drop as string[]));
  }
  if (amounts !== undefined) {
    const entries = Object.entries((amounts ?? {}) as Record<string, unknown>);
    if (entries.some(([, v]) => typeof v !== 'number' || !Number.isInteger(v) || v < 1))
      throw new HttpError(400, 'amounts must map merchant_oid to a positive integer (minor units)');
    Object.assign(t.amounts, Object.fromEntries(entries));
  }
  if (currencies !== undefined) {
    const entries = Object.entries((currencies ?? {}) as Record<string, unknown>);
    if (entries.some(([, v]) => typeof v !== 'string'))
      throw new HttpError(400, 'currencies must map merchant_oid to a currency');
    Object.assign(t.currencies, Object.fromEntries(entries));
  }
  if (add !== undefined) {
    if (!Array.isArray(add)) throw new HttpError(400, 'add must be a list');
    t.add.push(...add.map(extraOf));
  }
  ctx.log('report changed', { ...t });
  return structuredClone(t);
}
