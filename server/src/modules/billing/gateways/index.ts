import type { Config } from '../../../config/index.ts';
import { randomAlnum } from '../../../platform/ids.ts';
import type { PaymentGateway } from './gateway.ts';
import { createPaytrGateway } from './paytr/paytr.client.ts';

export * from './gateway.ts';

/** Merchant credentials of a PayTR store (or of the simulator standing in for one). */
export interface MerchantCredentials {
  readonly merchantId: string;
  readonly merchantKey: string;
  readonly merchantSalt: string;
}

/**
 * Fixed credentials of the simulator for the test suite's own in-process simulators, which sign
 * notifications themselves. Never what `npm start` uses: see simulatorCredentials().
 */
export const SIMULATOR_CREDENTIALS: MerchantCredentials = Object.freeze({
  merchantId: '100000',
  merchantKey: 'simkey0000000000',
  merchantSalt: 'simsalt000000000',
});

/**
 * The credentials of the simulator `npm start` runs: PAYTR_SIM_KEY and PAYTR_SIM_SALT when set (tests
 * that sign notifications of their own), otherwise random for this start, shared by the simulator and
 * the platform it serves. Constants in the repository would let anyone sign a notification that marks an
 * order paid.
 */
export function simulatorCredentials(config: Config): MerchantCredentials {
  if (config.PAYTR_SIM_KEY && config.PAYTR_SIM_SALT)
    return { merchantId: '100000', merchantKey: config.PAYTR_SIM_KEY, merchantSalt: config.PAYTR_SIM_SALT };
  return { merchantId: '100000', merchantKey: randomAlnum(16), merchantSalt: randomAlnum(16) };
}

/** Where the bundled simulator listens when the platform starts it. */
export function simulatorUrl(config: Config): string {
  return `http://127.0.0.1:${config.PAYTR_SIM_PORT}`;
}

/** The payment gateway of this configuration: PayTR with the store's credentials, or the simulator. */
export function createPaymentGateway(
  config: Config,
  o: { apiBase?: string; fetch?: typeof fetch; simulator?: MerchantCredentials } = {},
): PaymentGateway {
  const simulated = config.paytrSimulated;
  const sim = o.simulator ?? SIMULATOR_CREDENTIALS;
  return createPaytrGateway({
    kind: simulated ? 'simulator' : 'paytr',
    merchantId: simulated ? sim.merchantId : (config.PAYTR_MERCHANT_ID as string),
    merchantKey: simulated ? sim.merchantKey : (config.PAYTR_MERCHANT_KEY as string),
    merchantSalt: simulated ? sim.merchantSalt : (config.PAYTR_MERCHANT_SALT as string),
    apiBase: o.apiBase ?? (simulated ? simulatorUrl(config) : config.PAYTR_API_BASE),
    testMode: config.paytrTestMode,
    maxInstallment: config.PAYTR_MAX_INSTALLMENT,
    recurringField: config.PAYTR_RECURRING_FIELD,
    fetch: o.fetch,
  });
}
