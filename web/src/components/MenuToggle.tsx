import { useI18n } from '../i18n/index.tsx';
import { Icon } from './Icon.tsx';

/** The phone menu's open/close button (the app shell's and the public header's): a burger or a cross. */
export function MenuToggle({
  open,
  onToggle,
  controls,
  className,
  testId,
}: {
  open: boolean;
  onToggle: () => void;
  /** Id of the menu it opens. */
  controls: string;
  className: string;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <button
      type="button"
      aria-expanded={open}
      aria-controls={controls}
      onClick={onToggle}
      className={className}
      data-testid={testId}
    >
      <span className="sr-only">{t('nav.menu')}</span>
      <Icon
        d={open ? 'M6 6l12 12M18 6L6 18' : 'M4 7h16M4 12h16M4 17h16'}
        className="h-6 w-6"
        strokeWidth={2}
      />
    </button>
  );
}
