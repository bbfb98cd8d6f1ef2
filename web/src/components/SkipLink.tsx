import { useI18n } from '../i18n/index.tsx';

/** "Skip to content": the first stop for keyboard users, visible only when focused; jumps to #main. */
export function SkipLink() {
  const { t } = useI18n();
  return (
    <a
      href="#main"
      className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
    >
      {t('common.skipToContent')}
    </a>
  );
}
