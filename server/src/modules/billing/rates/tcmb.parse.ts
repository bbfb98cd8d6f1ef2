// Reads a TCMB bulletin (kurlar/today.xml, kurlar/YYYYMM/DDMMYYYY.xml). The structure is checked
// strictly (a changed format must fail loudly rather than price in the wrong unit); the values are read
// defensively, since TCMB leaves some of them empty (XDR has no selling rate, many currencies no
// banknote rates): an empty or unreadable value is null, never NaN and never a float.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { normalizeDecimal } from './fx.math.ts';

/** One currency of a bulletin; values are TRY per `unit` units, 6-decimal strings, null when not given. */
export interface ParsedRate {
  currency: string;
  unit: number;
  forexBuying: string | null;
  forexSelling: string | null;
  banknoteBuying: string | null;
  banknoteSelling: string | null;
}

/** A bulletin as read: its date (YYYY-MM-DD), its number (e.g. 2026/178) and its rates. */
export interface ParsedBulletin {
  date: string;
  bulletinNo: string;
  rates: ParsedRate[];
}

/** The document is not a TCMB bulletin (or not one this parser can trust). */
export class BulletinParseError extends Error {
  override name = 'BulletinParseError';
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Strings only: '48.6100' must not become the float 48.61, nor Unit '100' a number before it is checked.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Text of an element: '' for <X/> or <X></X>, undefined when absent or not plain text. */
function text(node: Node, key: string): string | undefined {
  const v = node[key];
  if (typeof v === 'string') return v.trim();
  // An element with attributes but no text parses as an object; TCMB's value elements have none.
  if (isNode(v) && Object.keys(v).every((k) => k.startsWith('@_'))) return '';
  return undefined;
}

function isValidDay(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function isoDay(y: string, m: string, d: string): string | null {
  return isValidDay(Number(y), Number(m), Number(d)) ? `${y}-${m}-${d}` : null;
}

function bulletinDate(root: Node): string {
  const tarih = text(root, '@_Tarih') ?? '';
  const tm = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(tarih);
  const fromTarih = tm ? isoDay(tm[3] as string, tm[2] as string, tm[1] as string) : null;
  if (!fromTarih) throw new BulletinParseError(`bulletin date Tarih='${tarih}' is not a DD.MM.YYYY date`);
  const en = text(root, '@_Date');
  if (en !== undefined) {
    // The English date repeats the Turkish one; if they disagree, neither can be trusted.
    const em = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(en);
    const fromDate = em ? isoDay(em[3] as string, em[1] as string, em[2] as string) : null;
    if (fromDate !== fromTarih)
      throw new BulletinParseError(`bulletin dates disagree: Tarih='${tarih}', Date='${en}'`);
  }
  return fromTarih;
}

function readCurrency(node: unknown, index: number): ParsedRate {
  if (!isNode(node)) throw new BulletinParseError(`Currency #${index + 1} is not an element`);
  const code = text(node, '@_CurrencyCode') || text(node, '@_Kod') || '';
  if (!/^[A-Z]{3}$/.test(code))
    throw new BulletinParseError(`Currency #${index + 1} has no ISO code (Kod='${code}')`);
  const unitText = text(node, 'Unit') ?? '';
  // A guessed unit would misprice by a factor of 100 (JPY, IRR): refuse instead.
  if (!/^[1-9]\d{0,6}$/.test(unitText))
    throw new BulletinParseError(`${code}: Unit '${unitText}' is not a positive integer`);
  return {
    currency: code,
    unit: Number(unitText),
    forexBuying: normalizeDecimal(text(node, 'ForexBuying')),
    forexSelling: normalizeDecimal(text(node, 'ForexSelling')),
    banknoteBuying: normalizeDecimal(text(node, 'BanknoteBuying')),
    banknoteSelling: normalizeDecimal(text(node, 'BanknoteSelling')),
  };
}

/** Parse a bulletin; throws BulletinParseError when `xml` is not one (an error page, another document). */
export function parseBulletin(xml: string): ParsedBulletin {
  const doc = xml.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(doc);
  if (valid !== true) {
    const e = valid.err;
    throw new BulletinParseError(`not well-formed XML (line ${e.line}, col ${e.col}): ${e.msg}`);
  }
  let parsed: unknown;
  try {
    parsed = parser.parse(doc);
  } catch (err) {
    throw new BulletinParseError(`unreadable XML: ${(err as Error).message}`, { cause: err });
  }
  const root = isNode(parsed) ? parsed.Tarih_Date : undefined;
  if (!isNode(root)) throw new BulletinParseError('not a TCMB bulletin: no Tarih_Date root element');
  const date = bulletinDate(root);
  const bulletinNo = text(root, '@_Bulten_No');
  if (!bulletinNo) throw new BulletinParseError('bulletin has no Bulten_No');
  const raw = root.Currency;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (list.length === 0) throw new BulletinParseError('bulletin lists no currencies');
  const rates = list.map(readCurrency);
  const seen = new Set<string>();
  for (const r of rates) {
    if (seen.has(r.currency)) throw new BulletinParseError(`currency ${r.currency} appears twice`);
    seen.add(r.currency);
  }
  return { date, bulletinNo, rates };
}
