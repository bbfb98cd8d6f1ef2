import type { WorkspaceListDto } from '@youarecoder/contract';
import { useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { Button } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useAction } from '../../../lib/hooks.ts';
import { useMe } from '../../../lib/session.tsx';

/** Whether creating waits on email verification: the first workspace does not, a second one does. */
export function verifyBlocks(emailVerified: boolean, quota: WorkspaceListDto['quota'] | undefined): boolean {
  return !emailVerified && (quota?.mine ?? 0) >= 1;
}

/**
 * The primary "New workspace" action. While a second workspace needs a verified address the button
 * is disabled with the reason and a resend beside it, so the refusal never comes after the form.
 */
export function CreateWorkspaceButton({
  quota,
  onClick,
  label,
  align = 'end',
}: {
  quota: WorkspaceListDto['quota'] | undefined;
  onClick: () => void;
  label?: string;
  /** `end` in a page header, `center` in an empty state. */
  align?: 'end' | 'center';
}) {
  const { t } = useI18n();
  const me = useMe();
  const resend = useAction();
  const [sent, setSent] = useState(false);
  const blocked = verifyBlocks(me.user.emailVerified, quota);
  return (
    <div
      className={`flex flex-col gap-1 ${align === 'end' ? 'items-end text-right' : 'items-center text-center'}`}
      data-testid="create-workspace"
    >
      <Button
        onClick={onClick}
        disabled={!quota || blocked}
        aria-describedby={blocked ? 'create-why' : undefined}
      >
        {label ?? t('workspaces.new')}
      </Button>
      {blocked && (
        <p id="create-why" className="max-w-xs text-xs text-slate-600">
          {t('onboard.verifyToCreate')}{' '}
          {sent ? (
            <span role="status" className="font-medium">
              {t('verify.sent')}
            </span>
          ) : (
            <button
              type="button"
              className="font-medium text-indigo-700 underline hover:no-underline"
              disabled={resend.busy}
              onClick={async () => {
                if (await resend.run(() => api.resendVerification())) setSent(true);
              }}
            >
              {t('verify.resend')}
            </button>
          )}
        </p>
      )}
    </div>
  );
}
