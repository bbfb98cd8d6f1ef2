import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledBulletins, FIXTURES_DIR } from './rates.seed.ts';
import { BulletinParseError, parseBulletin } from './tcmb.parse.ts';

const fixture = (file: string) => readFileSync(`${FIXTURES_DIR}/${file}`, 'utf8');

/** A one-currency bulletin, for the cases the fixtures do not show. */
function bulletin(
  currency: string,
  attrs = 'Tarih="18.09.2026" Date="09/18/2026" Bulten_No="2026/178"',
): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="isokur.xsl"?>\n<Tarih_Date ${attrs}>\n${currency}</Tarih_Date>\n`;
}
const usd = (fields: string) =>
  `\t<Currency CrossOrder="0" Kod="USD" CurrencyCode="USD">\n${fields}\t\t</Currency>\n`;

describe('parseBulletin on the recorded bulletins', () => {
  it('reads every fixture with its date, number and 23 currencies', async () => {
    const all = await bundledBulletins();
    expect(all.map((b) => [b.file, b.parsed.date, b.parsed.bulletinNo])).toEqual([
      ['14072026.xml', '2026-07-14', '2026/130'],
      ['17092026.xml', '2026-09-17', '2026/177'],
      ['18092026.xml', '2026-09-18', '2026/178'],
      ['21092026.xml', '2026-09-21', '2026/179'],
    ]);
    for (const { parsed } of all) {
      expect(parsed.rates).toHaveLength(23);
      for (const r of parsed.rates) {
        // Every value is a 6-decimal string or null: never NaN, never a number.
        for (const v of [r.forexBuying, r.forexSelling, r.banknoteBuying, r.banknoteSelling])
          if (v !== null) expect(v).toMatch(/^\d+\.\d{6}$/);
        expect(r.forexBuying).not.toBeNull();
      }
    }
  });

  it('keeps values as printed, per Unit', () => {
    const b = parseBulletin(fixture('18092026.xml'));
    const by = (c: string) => b.rates.find((r) => r.currency === c);
    expect(by('USD')).toEqual({
      currency: 'USD',
      unit: 1,
      forexBuying: '48.611600',
      forexSelling: '48.699100',
      banknoteBuying: '48.577600',
      banknoteSelling: '48.772100',
    });
    expect(by('EUR')?.forexBuying).toBe('56.963100');
    expect(by('JPY')).toMatchObject({ unit: 100, forexBuying: '32.988300' });
    expect(by('IRR')).toMatchObject({ unit: 100, forexBuying: '0.115450', banknoteBuying: null });
    expect(by('KWD')).toMatchObject({ unit: 1, forexBuying: '159.173500', banknoteBuying: '155.846800' });
    expect(by('KRW')?.forexBuying).toBe('0.034980');
  });

  it('gives null for the fields TCMB leaves empty', () => {
    const b = parseBulletin(fixture('21092026.xml'));
    expect(b.rates.find((r) => r.currency === 'XDR')).toMatchObject({
      forexSelling: null,
      banknoteBuying: null,
      banknoteSelling: null,
    });
    const noBanknotes = b.rates.filter((r) => r.banknoteBuying === null).map((r) => r.currency);
    expect(noBanknotes).toEqual([
      'BGN',
      'RON',
      'RUB',
      'IRR',
      'CNY',
      'PKR',
      'QAR',
      'KRW',
      'AZN',
      'AED',
      'XDR',
    ]);
  });
});

describe('parseBulletin on unusual documents', () => {
  it('reads a single currency, CRLF line ends and a byte-order mark', () => {
    const xml = `\uFEFF${bulletin(usd('<Unit>1</Unit><ForexBuying>48.6116</ForexBuying>'))}`.replace(
      /\n/g,
      '\r\n',
    );
    expect(parseBulletin(xml).rates).toEqual([
      {
        currency: 'USD',
        unit: 1,
        forexBuying: '48.611600',
        forexSelling: null,
        banknoteBuying: null,
        banknoteSelling: null,
      },
    ]);
  });

  it('turns unreadable values into null', () => {
    const fields =
      '<Unit>1</Unit><ForexBuying>N/A</ForexBuying><ForexSelling>48,69</ForexSelling>' +
      '<BanknoteBuying>-1</BanknoteBuying><BanknoteSelling>0.0000</BanknoteSelling>';
    expect(parseBulletin(bulletin(usd(fields))).rates[0]).toMatchObject({
      forexBuying: null,
      forexSelling: null,
      banknoteBuying: null,
      banknoteSelling: null,
    });
  });

  it.each([
    ['an HTML error page', '<html><body><h1>Sayfa bulunamadı</h1></body></html>', /no Tarih_Date/],
    ['text', 'Service Unavailable', /not well-formed/],
    ['broken XML', '<Tarih_Date Tarih="18.09.2026"><Currency></Tarih_Date>', /not well-formed/],
    ['an empty string', '', /./],
    ['no currencies', bulletin(''), /no currencies/],
    ['no bulletin number', bulletin(usd('<Unit>1</Unit>'), 'Tarih="18.09.2026"'), /Bulten_No/],
    ['a bad date', bulletin(usd('<Unit>1</Unit>'), 'Tarih="31.09.2026" Bulten_No="1"'), /Tarih/],
    [
      'dates that disagree',
      bulletin(usd('<Unit>1</Unit>'), 'Tarih="18.09.2026" Date="09/17/2026" Bulten_No="1"'),
      /disagree/,
    ],
    ['no Unit', bulletin(usd('<ForexBuying>48.6116</ForexBuying>')), /Unit/],
    ['a Unit of 0', bulletin(usd('<Unit>0</Unit>')), /Unit/],
    ['no currency code', bulletin('<Currency><Unit>1</Unit></Currency>'), /ISO code/],
    ['a currency twice', bulletin(usd('<Unit>1</Unit>') + usd('<Unit>1</Unit>')), /twice/],
  ])('refuses %s', (_what, xml, message) => {
    expect(() => parseBulletin(xml)).toThrow(BulletinParseError);
    expect(() => parseBulletin(xml)).toThrow(message);
  });
});
