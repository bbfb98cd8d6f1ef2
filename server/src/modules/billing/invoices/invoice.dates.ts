// Invoice dates are reckoned in Europe/Istanbul. Türkiye has kept UTC+3 all year since
// September 2016, long before the first invoice here, so a fixed offset is exact and, unlike
// Intl, cannot change with the ICU data of the machine (invoice PDFs must render identically).
const ISTANBUL_OFFSET_MS = 3 * 60 * 60 * 1000;

function shifted(at: Date): Date {
  if (Number.isNaN(at.getTime())) throw new RangeError('invalid date');
  return new Date(at.getTime() + ISTANBUL_OFFSET_MS);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The Istanbul calendar year of an instant: the year its invoice number belongs to. */
export function istanbulYear(at: Date): number {
  return shifted(at).getUTCFullYear();
}

/** The Istanbul calendar day of an instant as `dd.mm.yyyy`. */
export function istanbulDay(at: Date): string {
  const d = shifted(at);
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${pad(d.getUTCFullYear(), 4)}`;
}

/** A `YYYY-MM-DD` calendar date (a TCMB bulletin date) as `dd.mm.yyyy`. */
export function dayToTurkish(isoDay: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${isoDay}`);
  return `${m[3]}.${m[2]}.${m[1]}`;
}
