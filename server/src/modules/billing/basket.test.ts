import { describe, expect, it } from 'vitest';
import { basketItemName } from './basket.ts';

describe('the basket line PayTR shows the payer', () => {
  it("names the plan, the period and an upgrade in the payer's language (it was English on Turkish pages)", () => {
    expect(basketItemName({ plan: 'team', period: 'monthly', kind: 'subscribe' }, 'tr')).toBe(
      'YouAreCoder Team (aylık)',
    );
    expect(basketItemName({ plan: 'enterprise', period: 'annual', kind: 'upgrade' }, 'tr')).toBe(
      'YouAreCoder Enterprise (yıllık, yükseltme)',
    );
    expect(basketItemName({ plan: 'team', period: 'monthly', kind: 'subscribe' }, 'en')).toBe(
      'YouAreCoder Team (monthly)',
    );
    expect(basketItemName({ plan: 'starter', period: 'annual', kind: 'upgrade' }, 'en')).toBe(
      'YouAreCoder Starter (annual, upgrade)',
    );
  });
});
