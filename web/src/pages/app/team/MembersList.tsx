import type { MeDto, MemberDto } from '@youarecoder/contract';
import { teamControls } from '@youarecoder/contract/team-policy';
import { type FormEvent, useEffect, useState } from 'react';
import type { ApiError } from '../../../api/client.ts';
import { api } from '../../../api/endpoints.ts';
import { Badge, Button, ErrorAlert, inputClass } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { toApiError } from '../../../lib/hooks.ts';

interface Props {
  me: MeDto;
  members: MemberDto[];
  onUpdated: (m: MemberDto) => void;
  onRemove: (m: MemberDto) => void;
  onTransfer: (m: MemberDto) => void;
}

function QuotaEditor({
  member,
  canEdit,
  onSaved,
  onError,
}: {
  member: MemberDto;
  canEdit: boolean;
  onSaved: (m: MemberDto) => void;
  onError: (e: ApiError | null) => void;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState(String(member.workspaceQuota));
  const [busy, setBusy] = useState(false);
  useEffect(() => setValue(String(member.workspaceQuota)), [member.workspaceQuota]);
  const dirty = value !== String(member.workspaceQuota);

  if (!canEdit) return <span className="text-sm text-slate-900">{member.workspaceQuota}</span>;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) return onError(toApiError(new Error(t('team.quotaInvalid'))));
    setBusy(true);
    onError(null);
    try {
      onSaved(await api.updateMember(member.id, { workspaceQuota: n }));
    } catch (err) {
      onError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={save} data-testid="quota-form" className="flex items-center gap-2">
      <input
        type="number"
        min={0}
        step={1}
        inputMode="numeric"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        disabled={busy}
        aria-label={t('team.quotaFor', { name: member.fullName })}
        className={`${inputClass.replace('w-full', '')} w-24`}
      />
      {dirty && (
        <Button type="submit" size="sm" busy={busy}>
          {t('common.save')}
        </Button>
      )}
    </form>
  );
}

/** The members with role and quota controls for owners and admins. */
export function MembersList({ me, members, onUpdated, onRemove, onTransfer }: Props) {
  const { t, fmtDate } = useI18n();
  const [errors, setErrors] = useState<Record<string, ApiError | null>>({});
  const [roleBusy, setRoleBusy] = useState<string | null>(null);
  const setError = (id: string, e: ApiError | null) => setErrors((x) => ({ ...x, [id]: e }));

  const changeRole = async (m: MemberDto, role: 'admin' | 'member') => {
    setRoleBusy(m.id);
    setError(m.id, null);
    try {
      onUpdated(await api.updateMember(m.id, { role }));
    } catch (e) {
      setError(m.id, toApiError(e));
    } finally {
      setRoleBusy(null);
    }
  };

  const order = { owner: 0, admin: 1, member: 2 } as const;
  const sorted = [...members].sort(
    (a, b) => order[a.role] - order[b.role] || a.fullName.localeCompare(b.fullName),
  );

  return (
    <div>
      <div
        aria-hidden="true"
        className="hidden grid-cols-[minmax(0,2fr)_9rem_9rem_minmax(0,1fr)] gap-4 border-b border-slate-200 pb-2 text-xs font-medium uppercase tracking-wide text-slate-500 md:grid"
      >
        <span>{t('team.member')}</span>
        <span>{t('team.role')}</span>
        <span>{t('team.quota')}</span>
        <span className="text-right">{t('team.actions')}</span>
      </div>
      <ul className="divide-y divide-slate-100" aria-label={t('team.members')}>
        {sorted.map((m) => {
          const self = m.id === me.user.id;
          const can = teamControls(me.user, m);
          return (
            <li key={m.id} className="py-3" data-testid="member-row" data-email={m.email}>
              <div className="grid grid-cols-2 items-center gap-x-4 gap-y-3 md:grid-cols-[minmax(0,2fr)_9rem_9rem_minmax(0,1fr)]">
                <div className="col-span-2 min-w-0 md:col-span-1">
                  <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
                    <span className="truncate">{m.fullName}</span>
                    {self && <Badge tone="indigo">{t('team.you')}</Badge>}
                    {!m.emailVerified && <Badge tone="amber">{t('team.unverified')}</Badge>}
                  </p>
                  <p className="truncate text-xs text-slate-500">{m.email}</p>
                  <p className="text-xs text-slate-400">
                    {t('team.joined', { date: fmtDate(m.joinedAt, false) })}
                  </p>
                </div>
                <div>
                  <span className="mb-1 block text-xs text-slate-500 md:hidden">{t('team.role')}</span>
                  {can.changeRole ? (
                    <select
                      value={m.role}
                      disabled={roleBusy === m.id}
                      onChange={(e) => changeRole(m, e.target.value as 'admin' | 'member')}
                      aria-label={t('team.roleFor', { name: m.fullName })}
                      className={`${inputClass} w-32`}
                    >
                      <option value="admin">{t('role.admin')}</option>
                      <option value="member">{t('role.member')}</option>
                    </select>
                  ) : (
                    <Badge tone={m.role === 'owner' ? 'indigo' : 'slate'}>{t(`role.${m.role}`)}</Badge>
                  )}
                </div>
                <div>
                  <span className="mb-1 block text-xs text-slate-500 md:hidden">{t('team.quota')}</span>
                  <QuotaEditor
                    member={m}
                    canEdit={can.changeQuota}
                    onSaved={onUpdated}
                    onError={(e) => setError(m.id, e)}
                  />
                </div>
                <div className="col-span-2 flex flex-wrap justify-start gap-2 md:col-span-1 md:justify-end">
                  {can.transferOwnership && (
                    <Button
                      size="sm"
                      variant="secondary"
                      onClick={() => onTransfer(m)}
                      aria-label={t('team.transferLabel', { name: m.fullName })}
                    >
                      {t('team.transfer')}
                    </Button>
                  )}
                  {can.remove && (
                    <Button
                      size="sm"
                      variant="danger"
                      onClick={() => onRemove(m)}
                      aria-label={t('team.removeLabel', { name: m.fullName })}
                    >
                      {t('team.remove')}
                    </Button>
                  )}
                </div>
              </div>
              {errors[m.id] && <ErrorAlert error={errors[m.id] ?? null} className="mt-2" />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
