import { useI18n } from '../i18n/index.tsx';

/** "I accept the Terms (version …)" with its field error; the API requires it to be true. */
export function TermsCheckbox({
  checked,
  onChange,
  disabled,
  error,
}: {
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
  error?: string;
}) {
  const { t } = useI18n();
  return (
    <div>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          name="acceptTerms"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          className="mt-0.5 h-4 w-4 rounded border-slate-300 accent-indigo-600"
        />
        <span>
          {t('signup.acceptTermsBefore')}{' '}
          <a href="/terms" className="font-medium text-indigo-700 underline" target="_blank" rel="noopener">
            {t('nav.terms')}
          </a>{' '}
          {t('signup.acceptTermsAfter')}
        </span>
      </label>
      {error && <p className="mt-1 text-xs text-red-600">{error}</p>}
    </div>
  );
}
