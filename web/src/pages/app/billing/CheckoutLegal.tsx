import { LEGAL_PATHS, REFUND_FULL_DAYS } from '@youarecoder/contract/legal';
import { type ReactNode, useState } from 'react';
import { legalApi } from '../../../api/legal.ts';
import { Checkbox } from '../../../components/forms.tsx';
import { Button, ErrorAlert, Loading } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useLoad } from '../../../lib/hooks.ts';
import { OrderFacts, SellerBlock } from '../../public/LegalDocs.tsx';
import type { CheckoutTarget } from './Checkout.tsx';

/** Put React nodes where a translated text has `{name}` placeholders (links inside a sentence). */
function withNodes(text: string, nodes: Record<string, ReactNode>): ReactNode[] {
  // Each placeholder appears once in a sentence, so its name is a stable key.
  return text.split(/(\{\w+\})/).map((part) => {
    const m = /^\{(\w+)\}$/.exec(part);
    return m?.[1] && m[1] in nodes ? <span key={m[1]}>{nodes[m[1]]}</span> : part;
  });
}

/**
 * The preliminary information form with this order's facts (plan, period, price with KDV, currency,
 * seller) and the acceptance the API requires before it creates an order; the documents open in a
 * new tab so the dialog stays.
 */
export function CheckoutLegal({ target, onAccept }: { target: CheckoutTarget; onAccept: () => void }) {
  const { t } = useI18n();
  const [accepted, setAccepted] = useState(false);
  const [missing, setMissing] = useState(false);
  const quote = useLoad(
    () => legalApi.quote({ plan: target.plan, period: target.period, currency: target.currency }),
    [target.plan, target.period, target.currency],
  );
  const seller = useLoad(() => legalApi.seller(), []);
  const link = (path: string, label: string) => (
    <a href={path} target="_blank" rel="noopener" className="font-medium text-indigo-700 underline">
      {label}
    </a>
  );
  if (quote.error) return <ErrorAlert error={quote.error} />;
  if (!quote.data) return <Loading />;
  return (
    <div className="space-y-4" data-testid="checkout-legal">
      <h3 className="text-sm font-semibold text-slate-900">{t('checkout.legal.title')}</h3>
      <OrderFacts quote={quote.data} />
      <SellerBlock seller={seller.data} />
      <p className="text-xs text-slate-500">{t('checkout.legal.refunds', { fullDays: REFUND_FULL_DAYS })}</p>
      <div>
        <Checkbox
          align="start"
          name="acceptLegal"
          checked={accepted}
          onChange={(v) => {
            setAccepted(v);
            if (v) setMissing(false);
          }}
          aria-invalid={missing ? true : undefined}
        >
          <span>
            {withNodes(t('checkout.legal.accept'), {
              preInfo: link(LEGAL_PATHS.pre_information, t('checkout.legal.preInfo')),
              contract: link(LEGAL_PATHS.distance_sales, t('checkout.legal.contract')),
            })}
          </span>
        </Checkbox>
        {missing && <p className="mt-1 text-xs text-red-600">{t('checkout.legal.required')}</p>}
      </div>
      <Button
        onClick={() => {
          if (!accepted) setMissing(true);
          else onAccept();
        }}
        data-testid="checkout-accept"
      >
        {t('checkout.legal.continue')}
      </Button>
    </div>
  );
}
