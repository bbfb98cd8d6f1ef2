import { useI18n } from '../i18n/index.tsx';
import type { Action } from '../lib/hooks.ts';
import { Checkbox } from './forms.tsx';

/** "I accept the Terms (version …)" with its field error from `action`; the API requires it to be true. */
export function TermsCheckbox({
  checked,
  onChange,
  action,
}: {
  checked: boolean;
  onChange: (v: boolean) => void;
  action: Action;
}) {
  const { t } = useI18n();
  const error = action.fields.acceptTerms;
  return (
    <div>
      <Checkbox
        align="start"
        name="acceptTerms"
        checked={checked}
        onChange={onChange}
        disabled={action.busy}
        aria-invalid={error ? true : undefined}
      >
        <span>
          {t('signup.acceptTermsBefore')}{' '}
          <a href="/terms" className="font-medium text-indigo-700 underline" target="_blank" rel="noopener">
            {t('nav.terms')}
          </a>{' '}
          {t('signup.acceptTermsAfter')}
        </span>
      </Checkbox>
      {error && <p className="mt-1 text-xs text-red-600">{error}</p>}
    </div>
  );
}
