import type { TemplateAssetDto } from '@youarecoder/contract';
import { VSIX_MAX_BYTES } from '@youarecoder/contract/workspace-rules';
import { useRef } from 'react';
import { api } from '../../../api/endpoints.ts';
import { ConfirmDialog, Loadable, RowList } from '../../../components/lists.tsx';
import { Button, Card, EmptyState, ErrorAlert } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { formatBytes } from '../../../lib/chart.ts';
import { type Loaded, useAction, useConfirm } from '../../../lib/hooks.ts';

/** A button that picks a .vsix and uploads it (checked for type and size first). */
export function UploadVsixButton({
  onUploaded,
  size = 'md',
}: {
  onUploaded: (a: TemplateAssetDto) => void;
  size?: 'sm' | 'md';
}) {
  const { t, locale } = useI18n();
  const ref = useRef<HTMLInputElement>(null);
  const action = useAction();

  const upload = async (file: File | undefined) => {
    if (!file) return;
    if (!file.name.toLowerCase().endsWith('.vsix')) return action.fail(t('assets.notVsix'));
    if (file.size > VSIX_MAX_BYTES) {
      return action.fail(
        t('assets.tooLarge', { max: formatBytes(VSIX_MAX_BYTES, locale === 'tr' ? 'tr-TR' : 'en-GB') }),
      );
    }
    const r = await action.run(() => api.uploadTemplateAsset(file));
    if (ref.current) ref.current.value = '';
    if (r) onUploaded(r);
  };

  return (
    <div className="space-y-2">
      <input
        ref={ref}
        type="file"
        accept=".vsix"
        className="sr-only"
        tabIndex={-1}
        aria-label={t('assets.upload')}
        onChange={(e) => void upload(e.target.files?.[0])}
      />
      <Button variant="secondary" size={size} busy={action.busy} onClick={() => ref.current?.click()}>
        {t('assets.upload')}
      </Button>
      <ErrorAlert error={action.error} />
    </div>
  );
}

/** The company's uploaded VS Code extensions, for extension steps. */
export function AssetsCard({ assets }: { assets: Loaded<{ items: TemplateAssetDto[] }> }) {
  const { t, fmtDate, locale } = useI18n();
  const tag = locale === 'tr' ? 'tr-TR' : 'en-GB';
  const remove = useConfirm(
    (a: TemplateAssetDto) => api.deleteTemplateAsset(a.id),
    ({ id }) => assets.setData((d) => (d ? { items: d.items.filter((x) => x.id !== id) } : d)),
  );
  const items = assets.data?.items ?? [];

  return (
    <Card
      title={t('assets.title')}
      description={t('assets.body')}
      actions={
        <UploadVsixButton
          size="sm"
          onUploaded={(a) => assets.setData((d) => ({ items: [a, ...(d?.items ?? [])] }))}
        />
      }
    >
      <Loadable
        loading={assets.loading && !assets.data}
        error={assets.error}
        empty={
          items.length === 0 && <EmptyState title={t('assets.empty')}>{t('assets.emptyBody')}</EmptyState>
        }
      >
        <RowList label={t('assets.title')} items={items} rowTestId="asset-row">
          {(a) => (
            <>
              <div className="min-w-0">
                <p className="break-all text-sm font-medium text-slate-900">{a.fileName}</p>
                <p className="mt-0.5 break-all text-xs text-slate-500">
                  {a.extensionId} {a.version} · {formatBytes(a.size, tag)} ·{' '}
                  {t('assets.uploaded', { date: fmtDate(a.createdAt, false) })}
                </p>
              </div>
              <Button
                size="sm"
                variant="danger"
                onClick={() => remove.ask(a)}
                aria-label={t('assets.deleteLabel', { name: a.fileName })}
              >
                {t('templates.delete')}
              </Button>
            </>
          )}
        </RowList>
      </Loadable>
      <ConfirmDialog
        state={remove.dialog}
        title={t('assets.deleteTitle')}
        submitLabel={t('templates.delete')}
        testId="delete-asset-dialog"
      >
        <p>{t('assets.deleteBody', { name: remove.target?.fileName ?? '' })}</p>
      </ConfirmDialog>
    </Card>
  );
}
