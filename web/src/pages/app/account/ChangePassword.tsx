import { useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { FormCard, NewPasswordFields, PasswordField } from '../../../components/forms.tsx';
import { Notice } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { newPasswordErrors } from '../../../lib/formChecks.ts';
import { useForm } from '../../../lib/hooks.ts';

/** Change password; the API ends every other session. */
export function ChangePassword({ onChanged }: { onChanged?: () => void }) {
  const { t } = useI18n();
  const form = useForm({ currentPassword: '', newPassword: '', confirm: '' });
  const [done, setDone] = useState(false);

  const submit = async () => {
    setDone(false);
    const { currentPassword, newPassword, confirm } = form.values;
    if (form.reject(newPasswordErrors(t, newPassword, { field: 'newPassword', confirm }))) return;
    const r = await form.run(() => api.changePassword({ currentPassword, newPassword }));
    if (!r) return;
    form.reset();
    setDone(true);
    onChanged?.();
  };

  return (
    <FormCard
      title={t('account.password')}
      description={t('account.passwordBody')}
      action={form}
      onSubmit={submit}
      testId="password-form"
      notice={done && <Notice>{t('account.passwordChanged')}</Notice>}
      submitLabel={t('account.changePassword')}
    >
      <PasswordField label={t('password.current')} {...form.field('currentPassword')} />
      <NewPasswordFields password={form.field('newPassword')} confirm={form.field('confirm')} />
    </FormCard>
  );
}
