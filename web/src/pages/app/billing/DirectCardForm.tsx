import type { FormEvent } from 'react';
import type { CheckoutResult } from '../../../api/billing.ts';
import { Button, ErrorAlert, Field } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useForm } from '../../../lib/hooks.ts';

const digits = (s: string, max: number) => s.replace(/\D/g, '').slice(0, max);

/**
 * The card form of PayTR's Direct API (stored-card renewals): the browser posts it straight to PayTR
 * with the signed hidden fields, so card data never reaches the platform. PayTR then sends the
 * browser back to the billing page like its payment page does.
 */
export function DirectCardForm({ form: direct }: { form: NonNullable<CheckoutResult['directForm']> }) {
  const { t } = useI18n();
  const card = useForm({ cc_owner: '', card_number: '', expiry_month: '', expiry_year: '', cvv: '' });
  const v = card.values;

  const submit = (e: FormEvent) => {
    const problems: Record<string, string> = {};
    if (!v.cc_owner.trim()) problems.cc_owner = t('form.required');
    if (v.card_number.length < 12) problems.card_number = t('card.numberInvalid');
    const month = Number(v.expiry_month);
    if (!(month >= 1 && month <= 12) || v.expiry_year.length !== 2)
      problems.expiry_month = t('card.expiryInvalid');
    if (v.cvv.length < 3) problems.cvv = t('card.cvvInvalid');
    // A valid form is posted by the browser itself (to PayTR), not by the portal.
    if (card.reject(problems)) e.preventDefault();
  };

  return (
    <form
      method="post"
      action={direct.action}
      onSubmit={submit}
      noValidate
      data-testid="paytr-direct-form"
      aria-label={t('checkout.iframeTitle')}
      className="space-y-4 rounded-md p-4 ring-1 ring-slate-200"
    >
      {Object.entries(direct.fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <ErrorAlert error={card.error} />
      <Field label={t('card.owner')} autoComplete="cc-name" {...card.field('cc_owner')} />
      <Field
        label={t('card.number')}
        autoComplete="cc-number"
        inputMode="numeric"
        {...card.field('card_number')}
        onChange={(e) => card.set('card_number', digits(e.target.value, 19))}
      />
      <div className="grid grid-cols-3 gap-3">
        <Field
          label={t('card.month')}
          placeholder="MM"
          autoComplete="cc-exp-month"
          inputMode="numeric"
          {...card.field('expiry_month')}
          onChange={(e) => card.set('expiry_month', digits(e.target.value, 2))}
        />
        <Field
          label={t('card.year')}
          placeholder="YY"
          autoComplete="cc-exp-year"
          inputMode="numeric"
          {...card.field('expiry_year')}
          onChange={(e) => card.set('expiry_year', digits(e.target.value, 2))}
        />
        <Field
          label={t('card.cvv')}
          autoComplete="cc-csc"
          inputMode="numeric"
          {...card.field('cvv')}
          onChange={(e) => card.set('cvv', digits(e.target.value, 4))}
        />
      </div>
      <p className="text-xs text-slate-500">{t('card.stored')}</p>
      <Button type="submit">{t('card.pay')}</Button>
    </form>
  );
}
