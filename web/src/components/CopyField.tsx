import { useRef, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { Button } from './ui.tsx';

/** A read-only value with a Copy button (falls back to selecting the text). */
export function CopyField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const { t } = useI18n();
  const ref = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      ref.current?.select();
    }
  };
  return (
    <div className="flex gap-2">
      <input
        ref={ref}
        readOnly
        value={value}
        aria-label={label}
        data-testid={testId}
        onFocus={(e) => e.currentTarget.select()}
        className="block w-full min-w-0 rounded-md border-0 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-inset ring-slate-300"
      />
      <Button variant="secondary" onClick={copy}>
        {copied ? t('common.copied') : t('common.copy')}
      </Button>
    </div>
  );
}
