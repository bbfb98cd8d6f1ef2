import { formatMoney } from '@youarecoder/contract/billing-rules';
import { useState } from 'react';
import { billingApi, type Subscription } from '../../../api/billing.ts';
import { Dialog } from '../../../components/Dialog.tsx';
import { Button, ErrorAlert } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { formatBillingDate } from '../../../lib/billing.ts';
import { useAction } from '../../../lib/hooks.ts';
import { useMe } from '../../../lib/session.tsx';

/**
 * Cancel now (owners): the dialog says exactly what happens before the owner confirms — service ends
 * at once, workspaces stop, and the credit for the unused days or that there is no refund or credit.
 */
export function CancelNow({ sub, onChange }: { sub: Subscription; onChange: (s: Subscription) => void }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const action = useAction();
  const preview = sub.cancelNow;
  if (!preview || me.user.role !== 'owner') return null;
  const confirm = async () => {
    const r = await action.run(() => billingApi.cancel('now'));
    if (!r) return;
    setOpen(false);
    onChange(r);
  };
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)} data-testid="cancel-now">
        {t('billing.cancelNow.button')}
      </Button>
      <Dialog
        open={open}
        title={t('billing.cancelNow.title')}
        onClose={() => {
          setOpen(false);
          action.clear();
        }}
        onSubmit={confirm}
        submitLabel={t('billing.cancelNow.confirm')}
        submitVariant="danger"
        cancelLabel={t('billing.keep')}
        busy={action.busy}
        testId="cancel-now-dialog"
      >
        <p>{t('billing.cancelNow.ends', { date: formatBillingDate(preview.endsAt, locale) })}</p>
        <p className="mt-2 font-medium" data-testid="cancel-now-refund">
          {preview.creditUsdMinor > 0
            ? t('billing.cancelNow.credit', {
                amount: formatMoney(preview.creditUsdMinor, 'USD', locale),
                n: preview.unusedDays,
              })
            : t('billing.cancelNow.noCredit')}
        </p>
        <ErrorAlert error={action.error} />
      </Dialog>
    </>
  );
}
