import { useRef, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { Button } from './ui.tsx';

const boxCls =
  'block w-full min-w-0 rounded-md border-0 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-inset ring-slate-300';

/**
 * A read-only value with a Copy button (falls back to selecting the text). `asText` shows it as text
 * rather than in an input, wrapping when long (a URL to register elsewhere); `href` makes that text a
 * link (an address to open as well as to pass on).
 */
export function CopyField({
  value,
  label,
  testId,
  asText = false,
  href,
  display,
}: {
  value: string;
  label: string;
  testId?: string;
  asText?: boolean;
  href?: string;
  /** What the box shows, when not the value itself (the value is what is copied). */
  display?: string;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLInputElement>(null);
  const textRef = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      if (!asText) return ref.current?.select();
      const range = document.createRange();
      if (textRef.current) range.selectNodeContents(textRef.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
    }
  };
  return (
    <div className="flex gap-2">
      {asText ? (
        <code ref={textRef} title={label} data-testid={testId} className={`${boxCls} break-all`}>
          {href ? (
            <a href={href} className="text-indigo-700 hover:underline">
              {display ?? value}
            </a>
          ) : (
            (display ?? value)
          )}
        </code>
      ) : (
        <input
          ref={ref}
          readOnly
          value={value}
          aria-label={label}
          data-testid={testId}
          onFocus={(e) => e.currentTarget.select()}
          className={boxCls}
        />
      )}
      <Button variant="secondary" onClick={copy}>
        {copied ? t('common.copied') : t('common.copy')}
      </Button>
    </div>
  );
}
