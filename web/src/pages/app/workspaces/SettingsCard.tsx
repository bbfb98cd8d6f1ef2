import type { WorkspaceDto } from '@youarecoder/contract';
import type { PlanId } from '@youarecoder/contract/plans';
import { useEffect, useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { Checkbox, FormCard } from '../../../components/forms.tsx';
import { Card, Notice, SelectField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useForm } from '../../../lib/hooks.ts';
import { formatMinutes, idleTimeoutChoices } from '../../../lib/workspaces.ts';

/**
 * Idle timeout and sharing with admins: the owner changes them, everyone else sees them.
 * The plan decides the longest idle timeout offered (the API checks it again).
 */
export function SettingsCard({
  ws,
  isOwner,
  plan,
  onSaved,
}: {
  ws: WorkspaceDto;
  isOwner: boolean;
  plan: PlanId | null;
  onSaved: (ws: WorkspaceDto) => void;
}) {
  const { t } = useI18n();
  const form = useForm({ idleTimeoutMinutes: String(ws.idleTimeoutMinutes) });
  const [shared, setShared] = useState(ws.sharedWithAdmins);
  const [saved, setSaved] = useState(false);
  const { set } = form;

  // Follow changes that arrive live (another tab, the API).
  useEffect(() => set('idleTimeoutMinutes', String(ws.idleTimeoutMinutes)), [set, ws.idleTimeoutMinutes]);
  useEffect(() => setShared(ws.sharedWithAdmins), [ws.sharedWithAdmins]);

  if (!isOwner) {
    return (
      <Card title={t('workspace.settings')}>
        <dl className="space-y-2 text-sm">
          <div>
            <dt className="inline text-slate-500">{t('workspaces.idleTimeout')}: </dt>
            <dd className="inline text-slate-900">{formatMinutes(t, ws.idleTimeoutMinutes)}</dd>
          </div>
          <div>
            <dt className="inline text-slate-500">{t('workspace.sharedWithAdmins')}: </dt>
            <dd className="inline text-slate-900">
              {ws.sharedWithAdmins ? t('common.yes') : t('common.no')}
            </dd>
          </div>
        </dl>
        <p className="mt-3 text-xs text-slate-500">{t('workspace.ownerOnly')}</p>
      </Card>
    );
  }

  const submit = async () => {
    setSaved(false);
    const idle = Number(form.values.idleTimeoutMinutes);
    const body: { idleTimeoutMinutes?: number; sharedWithAdmins?: boolean } = {};
    if (idle !== ws.idleTimeoutMinutes) body.idleTimeoutMinutes = idle;
    if (shared !== ws.sharedWithAdmins) body.sharedWithAdmins = shared;
    if (Object.keys(body).length === 0) return setSaved(true);
    const r = await form.run(() => api.updateWorkspace(ws.id, body));
    if (!r) return;
    onSaved(r);
    setSaved(true);
  };

  return (
    <FormCard
      title={t('workspace.settings')}
      description={t('workspace.settingsBody')}
      action={form}
      onSubmit={submit}
      testId="workspace-settings"
      notice={saved && <Notice>{t('common.saved')}</Notice>}
      submitLabel={t('common.save')}
    >
      <SelectField label={t('workspaces.idleTimeout')} {...form.field('idleTimeoutMinutes')}>
        {idleTimeoutChoices(plan, ws.idleTimeoutMinutes).map((m) => (
          <option key={m} value={m}>
            {formatMinutes(t, m)}
          </option>
        ))}
      </SelectField>
      <Checkbox
        checked={shared}
        onChange={(v) => {
          setShared(v);
          setSaved(false);
        }}
        disabled={form.busy}
        align="start"
        hint={t('workspace.shareWithAdminsHint')}
      >
        {t('workspace.shareWithAdmins')}
      </Checkbox>
    </FormCard>
  );
}
