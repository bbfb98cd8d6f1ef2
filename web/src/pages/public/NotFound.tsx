import { Link } from 'wouter';
import { useI18n } from '../../i18n/index.tsx';

/** Page for an unknown address. */
export function NotFound({ inApp = false }: { inApp?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="mx-auto max-w-md px-4 py-20 text-center">
      <p className="text-sm font-semibold text-indigo-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">{t('notFound.title')}</h1>
      <p className="mt-2 text-slate-600">{t('notFound.body')}</p>
      <Link
        href={inApp ? '/app' : '/'}
        className="mt-6 inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
      >
        {inApp ? t('notFound.toDashboard') : t('notFound.toHome')}
      </Link>
    </div>
  );
}
