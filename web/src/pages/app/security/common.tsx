import type { SignInSettingsDto } from '@youarecoder/contract';
import { type ReactNode, useId } from 'react';
import { api } from '../../../api/endpoints.ts';
import { Button, ErrorAlert } from '../../../components/ui.tsx';
import { useAction } from '../../../lib/hooks.ts';

/** What each section of the Sign-in security page gets. */
export interface SectionProps {
  settings: SignInSettingsDto;
  /** Only the owner changes anything; admins see the same, with the controls disabled. */
  canEdit: boolean;
  /** The settings a successful change answered. */
  onChange: (settings: SignInSettingsDto) => void;
}

type PolicyField = 'requireTwoFactor' | 'ssoOnly';

/** One on/off setting of the sign-in policy as a button that turns it the other way, with its errors. */
export function PolicyButton({
  field,
  value,
  canEdit,
  disabled = false,
  onChange,
  turnOn,
  turnOff,
  testId,
}: {
  field: PolicyField;
  value: boolean;
  canEdit: boolean;
  /** Cannot be changed now (say why next to it). */
  disabled?: boolean;
  onChange: (settings: SignInSettingsDto) => void;
  turnOn: ReactNode;
  turnOff: ReactNode;
  testId: string;
}) {
  const action = useAction();
  const errId = useId();
  const fieldError = action.fields[field];
  const flip = async () => {
    const body = field === 'ssoOnly' ? { ssoOnly: !value } : { requireTwoFactor: !value };
    const r = await action.run(() => api.updateSignInPolicy(body));
    if (r) onChange(r);
  };
  return (
    <div className="mt-4 space-y-2">
      <ErrorAlert error={action.error} />
      <Button
        variant={value ? 'secondary' : 'primary'}
        busy={action.busy}
        disabled={!canEdit || disabled}
        aria-describedby={fieldError ? errId : undefined}
        onClick={() => void flip()}
        data-testid={testId}
      >
        {value ? turnOff : turnOn}
      </Button>
      {fieldError && (
        <p id={errId} className="text-xs text-red-600" data-testid={`${testId}-error`}>
          {fieldError}
        </p>
      )}
    </div>
  );
}
