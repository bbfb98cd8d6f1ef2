import { type ReactNode, useMemo, useState } from 'react';
import { type BillingDetails, billingApi } from '../../../api/billing.ts';
import type { ApiError } from '../../../api/client.ts';
import { Notice } from '../../../components/display.tsx';
import { ActionForm } from '../../../components/forms.tsx';
import { Button, Field, SelectField, TextAreaField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { localizedFields } from '../../../lib/fieldErrors.ts';
import { useForm } from '../../../lib/hooks.ts';

/** Countries offered first (Türkiye, then where customers often are); any other by its two-letter code. */
const COUNTRIES = ['TR', 'DE', 'NL', 'GB', 'US', 'FR', 'AT', 'CH', 'AZ', 'CY', 'AE'] as const;
const OTHER = 'other';

type Values = {
  legalName: string;
  taxOffice: string;
  taxNumber: string;
  address: string;
  city: string;
  country: string;
  countryOther: string;
  phone: string;
};

function initial(d: BillingDetails | null): Values {
  const known = !d || (COUNTRIES as readonly string[]).includes(d.country);
  return {
    legalName: d?.legalName ?? '',
    taxOffice: d?.taxOffice ?? '',
    taxNumber: d?.taxNumber ?? '',
    address: d?.address ?? '',
    city: d?.city ?? '',
    country: known ? (d?.country ?? 'TR') : OTHER,
    countryOther: known ? '' : (d?.country ?? ''),
    phone: d?.phone ?? '',
  };
}

/** Whether checkout can use these details (PayTR also needs the phone). */
export function detailsComplete(d: BillingDetails | null): d is BillingDetails {
  return !!d && !!d.phone;
}

/**
 * The billing details invoices are made out to. `serverError` shows a refusal that came from
 * elsewhere (a checkout answered 409 BILLING_DETAILS_REQUIRED) until the form is sent.
 */
export function DetailsForm({
  details,
  onSaved,
  submitLabel,
  notice,
  serverError = null,
  onCancel,
}: {
  details: BillingDetails | null;
  onSaved: (d: BillingDetails) => void;
  submitLabel: ReactNode;
  notice?: ReactNode;
  serverError?: ApiError | null;
  /** In a dialog: a Cancel beside the submit button (the dialog then shows no buttons of its own). */
  onCancel?: () => void;
}) {
  const { t, locale } = useI18n();
  const form = useForm<Values>(initial(details));
  const [sent, setSent] = useState(false);
  const outside = !sent && serverError ? localizedFields(t, serverError) : {};
  const err = (name: string) => form.fields[name] ?? outside[name];
  const bind = (name: keyof Values & string) => ({ ...form.field(name), error: err(name) });

  const regionName = useMemo(() => {
    try {
      const names = new Intl.DisplayNames([locale === 'tr' ? 'tr-TR' : 'en-GB'], { type: 'region' });
      return (code: string) => names.of(code) ?? code;
    } catch {
      return (code: string) => code;
    }
  }, [locale]);

  const submit = async () => {
    setSent(true);
    const v = form.values;
    const country = (v.country === OTHER ? v.countryOther : v.country).trim().toUpperCase();
    const problems: Record<string, string> = {};
    for (const f of ['legalName', 'taxOffice', 'taxNumber', 'address', 'city', 'phone'] as const) {
      if (!v[f].trim()) problems[f] = t('form.required');
    }
    if (!/^[A-Z]{2}$/.test(country)) problems.country = t('billingDetails.countryInvalid');
    if (form.reject(problems)) return;
    const saved = await form.run(() =>
      billingApi.saveDetails({
        legalName: v.legalName.trim(),
        taxOffice: v.taxOffice.trim(),
        taxNumber: v.taxNumber.trim(),
        address: v.address.trim(),
        city: v.city.trim(),
        country,
        phone: v.phone.trim(),
      }),
    );
    if (saved) onSaved(saved);
  };

  return (
    <ActionForm
      action={{ ...form, error: form.error ?? (sent ? null : serverError) }}
      onSubmit={submit}
      testId="billing-details-form"
      notice={notice}
      submitLabel={onCancel ? undefined : submitLabel}
      submitClassName=""
      footer={
        onCancel && (
          <div className="flex flex-wrap justify-end gap-2 border-t border-slate-100 pt-4">
            <Button variant="secondary" onClick={onCancel} disabled={form.busy}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" busy={form.busy}>
              {submitLabel}
            </Button>
          </div>
        )
      }
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t('billingDetails.legalName')}
          autoComplete="organization"
          className="sm:col-span-2"
          hint={t('billingDetails.legalNameHint')}
          {...bind('legalName')}
        />
        <Field label={t('billingDetails.taxOffice')} {...bind('taxOffice')} />
        <Field
          label={t('billingDetails.taxNumber')}
          inputMode="numeric"
          hint={t('billingDetails.taxNumberHint')}
          {...bind('taxNumber')}
        />
        <TextAreaField
          label={t('billingDetails.address')}
          name="address"
          rows={2}
          autoComplete="street-address"
          className="sm:col-span-2"
          value={form.values.address}
          onChange={(e) => form.set('address', e.target.value)}
          error={err('address')}
          disabled={form.busy}
        />
        <Field label={t('billingDetails.city')} autoComplete="address-level2" {...bind('city')} />
        <div className="grid gap-2">
          <SelectField
            label={t('billingDetails.country')}
            {...form.field('country')}
            error={form.values.country === OTHER ? undefined : err('country')}
          >
            {COUNTRIES.map((c) => (
              <option key={c} value={c}>
                {regionName(c)}
              </option>
            ))}
            <option value={OTHER}>{t('billingDetails.countryOther')}</option>
          </SelectField>
          {form.values.country === OTHER && (
            <Field
              label={t('billingDetails.countryCode')}
              maxLength={2}
              autoCapitalize="characters"
              placeholder="DE"
              {...form.field('countryOther')}
              error={err('country')}
            />
          )}
        </div>
        <Field
          label={t('billingDetails.phone')}
          type="tel"
          autoComplete="tel"
          placeholder="+90 212 555 01 23"
          className="sm:col-span-2 sm:max-w-xs"
          {...bind('phone')}
        />
      </div>
      {details && details.vat.status !== 'taxed' && (
        <Notice kind={details.vat.status === 'exempt' ? 'info' : 'warning'} className="mt-4">
          <span data-testid="vat-status">
            {details.vat.status === 'exempt'
              ? t('billingDetails.vatExempt')
              : t(
                  details.vat.status === 'review_pending'
                    ? 'billingDetails.vatReviewPending'
                    : 'billingDetails.vatReviewRefused',
                  {
                    why: t(
                      details.vat.reason === 'turkish_tax_number'
                        ? 'billingDetails.vatWhyTurkish'
                        : 'billingDetails.vatWhyOtherEu',
                    ),
                  },
                )}
          </span>
        </Notice>
      )}
    </ActionForm>
  );
}
