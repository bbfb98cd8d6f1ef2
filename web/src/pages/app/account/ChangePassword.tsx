import { PASSWORD_MIN_LENGTH } from '@youarecoder/contract/constants';
import { type FormEvent, useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { Button, Card, ErrorAlert, Field, Notice } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useAction } from '../../../lib/hooks.ts';

/** Change password; the API ends every other session. */
export function ChangePassword({ onChanged }: { onChanged?: () => void }) {
  const { t } = useI18n();
  const action = useAction();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    if (newPassword.length < PASSWORD_MIN_LENGTH)
      return action.fail(t('form.fixErrors'), {
        newPassword: t('password.tooShort', { n: PASSWORD_MIN_LENGTH }),
      });
    if (newPassword !== confirm) return action.fail(t('form.fixErrors'), { confirm: t('password.mismatch') });
    const r = await action.run(() => api.changePassword({ currentPassword, newPassword }));
    if (!r) return;
    setCurrent('');
    setNew('');
    setConfirm('');
    setDone(true);
    onChanged?.();
  };

  return (
    <Card title={t('account.password')} description={t('account.passwordBody')}>
      <form
        onSubmit={submit}
        noValidate
        data-testid="password-form"
        className="max-w-md space-y-4"
        aria-busy={action.busy}
      >
        <ErrorAlert error={action.error} />
        {done && <Notice>{t('account.passwordChanged')}</Notice>}
        <Field
          label={t('password.current')}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
          error={action.fields.currentPassword}
          disabled={action.busy}
        />
        <Field
          label={t('password.new')}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
          error={action.fields.newPassword}
          hint={t('password.hint', { n: PASSWORD_MIN_LENGTH })}
          disabled={action.busy}
        />
        <Field
          label={t('password.confirm')}
          name="confirm"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={action.fields.confirm}
          disabled={action.busy}
        />
        <Button type="submit" busy={action.busy}>
          {t('account.changePassword')}
        </Button>
      </form>
    </Card>
  );
}
