import { useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { CopyField } from '../../../components/CopyField.tsx';
import { ActionForm, PasswordField } from '../../../components/forms.tsx';
import { Loadable } from '../../../components/lists.tsx';
import { Button, Card, Field } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useForm, useLoad } from '../../../lib/hooks.ts';

type Setup = { secret: string; otpauthUrl: string; qrDataUrl: string };

/** Two-factor sign-in with an authenticator app: turn on (scan, confirm, save the recovery codes), turn off. */
export function TwoFactor({ onCodesSaved }: { onCodesSaved?: () => void } = {}) {
  const { t, fmtDate } = useI18n();
  const status = useLoad(() => api.twoFactorStatus(), []);
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const start = useForm({});
  const confirm = useForm({ code: '' });
  const off = useForm({ password: '' });

  const begin = async () => {
    const s = await start.run(() => api.setupTwoFactor());
    if (s) setSetup(s);
  };
  const enable = async () => {
    const r = await confirm.run(() => api.enableTwoFactor({ code: confirm.values.code.trim() }));
    if (!r) return;
    setSetup(null);
    setCodes(r.recoveryCodes);
    confirm.set('code', '');
    status.reload();
  };
  const disable = async () => {
    const r = await off.run(() => api.disableTwoFactor({ password: off.values.password }));
    if (!r) return;
    off.set('password', '');
    setCodes(null);
    status.reload();
  };

  const s = status.data;
  return (
    <Card title={t('twoFactor.title')} description={t('twoFactor.body')}>
      <Loadable loading={status.loading && !s} error={status.error}>
        {codes && (
          <div
            className="mb-5 rounded-md border border-amber-300 bg-amber-50 p-4"
            data-testid="recovery-codes"
          >
            <p className="text-sm font-semibold text-amber-900">{t('twoFactor.codesTitle')}</p>
            <p className="mt-1 mb-3 text-sm text-amber-900">{t('twoFactor.codesWarning')}</p>
            <ul className="grid grid-cols-2 gap-1 font-mono text-sm text-slate-900">
              {codes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
            <Button
              size="sm"
              variant="ghost"
              className="mt-3"
              onClick={() => {
                setCodes(null);
                onCodesSaved?.();
              }}
            >
              {t('twoFactor.codesDone')}
            </Button>
          </div>
        )}
        {s?.enabled ? (
          <div data-testid="two-factor-on">
            <p className="text-sm text-slate-700">
              {t('twoFactor.onSince', { date: fmtDate(s.enabledAt ?? '', false), n: s.recoveryCodesLeft })}
            </p>
            <ActionForm
              action={off}
              onSubmit={disable}
              testId="two-factor-off-form"
              className="mt-4 space-y-3"
              submitLabel={t('twoFactor.turnOff')}
              submitClassName=""
            >
              <PasswordField {...off.field('password')} />
            </ActionForm>
          </div>
        ) : setup ? (
          <div data-testid="two-factor-setup" className="space-y-4">
            <p className="text-sm text-slate-700">{t('twoFactor.scan')}</p>
            <img
              src={setup.qrDataUrl}
              alt={t('twoFactor.qrAlt')}
              width={180}
              height={180}
              className="rounded border"
            />
            <CopyField value={setup.secret} label={t('twoFactor.key')} testId="two-factor-key" />
            <ActionForm
              action={confirm}
              onSubmit={enable}
              testId="two-factor-confirm-form"
              className="space-y-3"
              submitLabel={t('twoFactor.confirm')}
              submitClassName=""
            >
              <Field
                label={t('login.code')}
                autoComplete="one-time-code"
                inputMode="numeric"
                {...confirm.field('code')}
              />
            </ActionForm>
          </div>
        ) : (
          <div data-testid="two-factor-off">
            <p className="text-sm text-slate-700">{t('twoFactor.offText')}</p>
            <Button className="mt-3" busy={start.busy} onClick={() => void begin()}>
              {t('twoFactor.turnOn')}
            </Button>
          </div>
        )}
      </Loadable>
    </Card>
  );
}
