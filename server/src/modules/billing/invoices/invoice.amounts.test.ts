import { VAT_EXPORT_EXEMPTION, vatOf } from '@youarecoder/contract';
import { describe, expect, it } from 'vitest';
import {
  creditNoteAmounts,
  invoiceAmounts,
  isUnitRate,
  surchargedAmounts,
  tryEquivalentMinor,
} from './invoice.amounts.ts';

const tr = (netMinor: number) =>
  invoiceAmounts({ netMinor, country: 'TR', vatRateBp: 2000, currency: 'TRY', tryRate: '1' });

describe('invoiceAmounts', () => {
  it('charges Turkish buyers 20 % VAT on the net total', () => {
    expect(tr(2900)).toEqual({
      netMinor: 2900,
      vatMinor: 580,
      totalMinor: 3480,
      vatRateBp: 2000,
      vatExemptReason: null,
      tryTotalMinor: 3480,
      tryNetMinor: 2900,
      tryVatMinor: 580,
    });
  });

  it('rounds VAT half up to the minor unit', () => {
    expect(tr(1).vatMinor).toBe(0); // 0.2
    expect(tr(2).vatMinor).toBe(0); // 0.4
    expect(tr(3).vatMinor).toBe(1); // 0.6
    expect(tr(12345).vatMinor).toBe(2469); // 2469.0
    expect(
      invoiceAmounts({ netMinor: 5, country: 'tr', vatRateBp: 1000, currency: 'TRY', tryRate: '1' }).vatMinor,
    ).toBe(1); // 0.5 exactly
  });

  it('exempts buyers abroad, with the reason and rate 0', () => {
    const a = invoiceAmounts({
      netMinor: 2900,
      country: 'DE',
      vatRateBp: 2000,
      currency: 'USD',
      tryRate: '48.611600',
    });
    expect(a).toMatchObject({
      vatMinor: 0,
      totalMinor: 2900,
      vatRateBp: 0,
      vatExemptReason: VAT_EXPORT_EXEMPTION,
    });
    expect(a.tryTotalMinor).toBe(140974); // 140 973.64 kuruş
  });

  it('gives the exact TRY equivalent of a USD total', () => {
    const a = invoiceAmounts({
      netMinor: 2900,
      country: 'TR',
      vatRateBp: 2000,
      currency: 'USD',
      tryRate: '48.611600',
    });
    expect(a.totalMinor).toBe(3480);
    // 3480 × 48.6116 = 169 168.368 kuruş → ₺1 691,68
    expect(a.tryTotalMinor).toBe(169168);
    // The VAT converted on its own: 580 × 48.6116 = 28 194.728 → ₺281,95; the base is the rest.
    expect(a.tryVatMinor).toBe(28195);
    expect(a.tryNetMinor).toBe(169168 - 28195);
    // Within a kuruş of the net converted on its own (2900 × 48.6116 = 140 973.64).
    expect(Math.abs(a.tryNetMinor - 140974)).toBeLessThanOrEqual(1);
  });

  it('refuses a TRY invoice at a rate other than 1, and bad amounts', () => {
    expect(() =>
      invoiceAmounts({ netMinor: 1, country: 'TR', vatRateBp: 2000, currency: 'TRY', tryRate: '1.1' }),
    ).toThrow(RangeError);
    expect(() => tr(-1)).toThrow(RangeError);
    expect(() => tr(1.5)).toThrow(RangeError);
  });
});

describe('tryEquivalentMinor', () => {
  it('rounds half up on the decimal string, without floats', () => {
    expect(tryEquivalentMinor(1, '0.5')).toBe(1);
    expect(tryEquivalentMinor(1, '0.499999')).toBe(0);
    expect(tryEquivalentMinor(3, '0.5')).toBe(2);
    expect(tryEquivalentMinor(100, '48.61165')).toBe(4861); // 4861.165
    expect(tryEquivalentMinor(1000, '48.61165')).toBe(48612); // 48611.65
    // In floats 100 × 1.005 is 100.49999999999999, which would round down.
    expect(tryEquivalentMinor(100, '1.005')).toBe(101); // 100.5
    expect(tryEquivalentMinor(9_999_999_999, '48.611600')).toBe(486_115_999_951); // .3884;
  });

  it('refuses what is not a decimal rate', () => {
    for (const bad of ['', 'abc', '1e3', '-1', '0', '1,5', 'NaN'])
      expect(() => tryEquivalentMinor(1, bad)).toThrow();
  });

  it('knows a unit rate however it is written', () => {
    expect(isUnitRate('1')).toBe(true);
    expect(isUnitRate('1.000000')).toBe(true);
    expect(isUnitRate('1.000001')).toBe(false);
  });
});

describe('creditNoteAmounts', () => {
  const inv = { ...tr(2900), tryRate: '1' };

  it('a full credit gives back exactly the net and VAT', () => {
    expect(creditNoteAmounts(inv, 3480)).toMatchObject({ netMinor: 2900, vatMinor: 580, totalMinor: 3480 });
  });

  it('partial credits together never exceed the net or VAT, and end on them exactly', () => {
    const small = { ...tr(3), tryRate: '1' }; // 3 + 1 = 4
    let already = { netMinor: 0, totalMinor: 0 };
    let vat = 0;
    for (const gross of [1, 1, 1, 1]) {
      const c = creditNoteAmounts(small, gross, already);
      expect(c.vatMinor).toBeGreaterThanOrEqual(0);
      already = { netMinor: already.netMinor + c.netMinor, totalMinor: already.totalMinor + c.totalMinor };
      vat += c.vatMinor;
      expect(already.netMinor).toBeLessThanOrEqual(3);
    }
    expect([already.netMinor, vat]).toEqual([3, 1]);
    expect(() => creditNoteAmounts(small, 1, already)).toThrow(RangeError);
    expect(() => creditNoteAmounts(small, 0)).toThrow(RangeError);
  });

  it('uses the invoice’s rate and VAT treatment', () => {
    const usd = invoiceAmounts({
      netMinor: 2900,
      country: 'US',
      vatRateBp: 2000,
      currency: 'USD',
      tryRate: '48.6116',
    });
    const c = creditNoteAmounts({ ...usd, tryRate: '48.6116' }, 1000);
    expect(c).toMatchObject({
      netMinor: 1000,
      vatMinor: 0,
      vatRateBp: 0,
      vatExemptReason: VAT_EXPORT_EXEMPTION,
    });
    expect(c.tryTotalMinor).toBe(48612);
  });
});

describe('surchargedAmounts (an installment surcharge on top of the order)', () => {
  it('adds the surcharge with its VAT so that the invoice equals the money received, whatever the amounts', () => {
    for (const net of [1, 2, 3, 2900, 9900, 118_801, 1_234_567])
      for (let gross = 0; gross < 400; gross += 7) {
        const order = tr(net);
        const paid = order.totalMinor + gross;
        const a = surchargedAmounts(order, paid, '1');
        expect(a.totalMinor).toBe(paid);
        expect(a.netMinor + a.vatMinor).toBe(paid);
        expect(a.netMinor - order.netMinor).toBe(a.surchargeNetMinor);
        expect(a.surchargeNetMinor).toBeGreaterThanOrEqual(0);
        // VAT once on the whole net, or one kuruş above it where that rounding skips the paid total.
        expect([0, 1]).toContain(a.vatMinor - vatOf(a.netMinor, 2000));
        expect(a.tryNetMinor + a.tryVatMinor).toBe(a.tryTotalMinor);
      }
  });

  it('a ₺84,60 surcharge on ₺1 691,69 (net ₺1 409,74): ₺70,50 of it is net, VAT on the whole net', () => {
    const a = surchargedAmounts(tr(140_974), 169_169 + 8_460, '1');
    expect(a.surchargeNetMinor).toBe(7050);
    expect(a.vatMinor).toBe(vatOf(140_974 + 7050, 2000)); // 29 604.8 → 29 605
    expect(a.totalMinor).toBe(177_629);
  });

  it('where no net gives the paid total exactly, the VAT takes the kuruş left (₺84,58 surcharge)', () => {
    // 148 022 + 29 604 (29 604.4) = 177 626; 148 023 + 29 605 (29 604.6) = 177 628: 177 627 is skipped.
    const a = surchargedAmounts(tr(140_974), 169_169 + 8_458, '1');
    expect(a.surchargeNetMinor).toBe(7048);
    expect(a.vatMinor).toBe(29_605);
    expect(a.totalMinor).toBe(177_627);
  });

  it('an exempt buyer: the whole surcharge is net, no VAT', () => {
    const order = invoiceAmounts({
      netMinor: 2900,
      country: 'DE',
      vatRateBp: 2000,
      currency: 'USD',
      tryRate: '48.611600',
    });
    const a = surchargedAmounts(order, 3045, '48.611600');
    expect(a).toMatchObject({
      netMinor: 3045,
      vatMinor: 0,
      surchargeNetMinor: 145,
      vatExemptReason: order.vatExemptReason,
    });
  });

  it('refuses a payment below the order', () => {
    expect(() => surchargedAmounts(tr(2900), 3000, '1')).toThrow(RangeError);
  });
});
