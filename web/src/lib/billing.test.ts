import { describe, expect, it } from 'vitest';
import {
  annualSaving,
  bannerKind,
  daysLeft,
  fallbackPlans,
  formatBillingDate,
  formatBulletinDate,
  formatPercentBp,
  parsePaymentReturn,
  planAction,
  rememberedCurrency,
} from './billing.ts';

const NOW = Date.parse('2026-09-21T09:00:00Z');
const inDays = (d: number) => new Date(NOW + d * 86_400_000).toISOString();

const active = {
  status: 'active' as const,
  plan: 'team' as const,
  period: 'monthly' as const,
  nextPlan: null,
  nextPeriod: null,
  currentPeriodEnd: inDays(20),
};

describe('daysLeft', () => {
  it('rounds up and stops at zero', () => {
    expect(daysLeft(inDays(2.1), NOW)).toBe(3);
    expect(daysLeft(inDays(-1), NOW)).toBe(0);
    expect(daysLeft(null, NOW)).toBeNull();
  });
});

describe('bannerKind', () => {
  it('warns about past due and suspended, and a trial only in its last 3 days', () => {
    expect(bannerKind({ status: 'past_due', trialEndsAt: null }, NOW)).toBe('past_due');
    expect(bannerKind({ status: 'suspended', trialEndsAt: null }, NOW)).toBe('suspended');
    expect(bannerKind({ status: 'trialing', trialEndsAt: inDays(3) }, NOW)).toBe('trial');
    expect(bannerKind({ status: 'trialing', trialEndsAt: inDays(5) }, NOW)).toBeNull();
    expect(bannerKind({ status: 'active', trialEndsAt: null }, NOW)).toBeNull();
    expect(bannerKind(null, NOW)).toBeNull();
  });
});

describe('planAction', () => {
  it('offers a checkout for every plan unless active', () => {
    for (const status of ['trialing', 'past_due', 'suspended', 'canceled'] as const) {
      expect(planAction({ ...active, status }, 'enterprise', 'monthly', NOW)).toBe('choose');
    }
  });

  it('during a trial the current plan is kept, not chosen again', () => {
    expect(planAction({ ...active, status: 'trialing' }, 'team', 'monthly', NOW)).toBe('keep');
    expect(planAction({ ...active, status: 'past_due' }, 'team', 'monthly', NOW)).toBe('choose');
  });

  it('upgrades now, downgrades at the period end, and leaves the current plan alone', () => {
    expect(planAction(active, 'enterprise', 'monthly', NOW)).toBe('upgrade');
    expect(planAction(active, 'starter', 'monthly', NOW)).toBe('downgrade');
    expect(planAction(active, 'team', 'monthly', NOW)).toBe('none');
    expect(planAction(active, 'team', 'annual', NOW)).toBe('switchPeriod');
  });

  it('knows a scheduled change and the renewal window', () => {
    const scheduled = { ...active, nextPlan: 'starter' as const };
    expect(planAction(scheduled, 'starter', 'monthly', NOW)).toBe('scheduled');
    expect(planAction(scheduled, 'starter', 'annual', NOW)).toBe('downgrade');
    expect(planAction({ ...active, nextPeriod: 'annual' as const }, 'team', 'annual', NOW)).toBe('scheduled');
    expect(planAction({ ...active, currentPeriodEnd: inDays(6) }, 'team', 'monthly', NOW)).toBe('renew');
  });
});

describe('parsePaymentReturn', () => {
  it('reads the outcome and the order id, and refuses anything else', () => {
    expect(parsePaymentReturn('?payment=ok&order=ord_abc123')).toEqual({
      outcome: 'ok',
      orderId: 'ord_abc123',
    });
    expect(parsePaymentReturn('payment=fail&order=ord_1')).toEqual({ outcome: 'fail', orderId: 'ord_1' });
    expect(parsePaymentReturn('?payment=maybe&order=ord_1')).toBeNull();
    expect(parsePaymentReturn('?payment=ok')).toBeNull();
    expect(parsePaymentReturn('?payment=ok&order=../x')).toBeNull();
  });
});

describe('money and dates', () => {
  it('lists the USD prices when there are no rates', () => {
    const p = fallbackPlans();
    expect(p.currency).toBe('USD');
    expect(p.plans.map((x) => [x.id, x.prices.monthly, x.prices.annual])).toEqual([
      ['starter', 2900, 29000],
      ['team', 9900, 99000],
      ['enterprise', 29900, 299000],
    ]);
  });

  it('saves two months a year on integers', () => {
    expect(annualSaving({ monthly: 140974, annual: 1409740 })).toBe(281948);
  });

  it('formats bulletin dates, percentages and Istanbul calendar dates', () => {
    expect(formatBulletinDate('2026-09-21')).toBe('21.09.2026');
    expect(formatPercentBp(2000, 'tr')).toBe('20');
    expect(formatPercentBp(1850, 'tr')).toBe('18,5');
    expect(formatPercentBp(1805, 'en')).toBe('18.05');
    // 22:30 UTC is already the next day in Istanbul.
    expect(formatBillingDate('2026-09-21T22:30:00Z', 'en')).toBe('22 Sept 2026');
  });

  it('shows TRY to Turkish readers and USD to others when nothing is remembered', () => {
    expect(rememberedCurrency('tr')).toBe('TRY');
    expect(rememberedCurrency('en')).toBe('USD');
  });
});
