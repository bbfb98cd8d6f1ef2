import type { Locale } from '@youarecoder/contract/constants';
import { PLAN_NAMES, type PlanId } from '@youarecoder/contract/plans';

const WORDS: Record<Locale, { monthly: string; annual: string; upgrade: string }> = {
  en: { monthly: 'monthly', annual: 'annual', upgrade: 'upgrade' },
  tr: { monthly: 'aylık', annual: 'yıllık', upgrade: 'yükseltme' },
};

/** The order's line on PayTR's payment page, in the payer's language: plan, period, an upgrade. */
export function basketItemName(
  order: { plan: PlanId; period: 'monthly' | 'annual'; kind: string },
  locale: Locale,
): string {
  const w = WORDS[locale];
  const what = [w[order.period], ...(order.kind === 'upgrade' ? [w.upgrade] : [])].join(', ');
  return `YouAreCoder ${PLAN_NAMES[order.plan]} (${what})`;
}
