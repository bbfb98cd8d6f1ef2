import type { Config } from '../../../config/index.ts';
import type { PaymentGateway } from './gateway.ts';
import { createPaytrGateway } from './paytr/paytr.client.ts';

export * from './gateway.ts';

/**
 * Credentials of the bundled PayTR simulator (not secrets: it runs on the loopback in development
 * and tests, and `npm run paytr-sim` uses the same defaults).
 */
export const SIMULATOR_CREDENTIALS = Object.freeze({
  merchantId: '100000',
  merchantKey: 'simkey0000000000',
  merchantSalt: 'simsalt000000000',
});

/** Where the bundled simulator listens when the platform starts it. */
export function simulatorUrl(config: Config): string {
  return `http://127.0.0.1:${config.PAYTR_SIM_PORT}`;
}

/** The payment gateway of this configuration: PayTR with the store's credentials, or the simulator. */
export function createPaymentGateway(
  config: Config,
  o: { apiBase?: string; fetch?: typeof fetch } = {},
): PaymentGateway {
  const simulated = config.paytrSimulated;
  return createPaytrGateway({
    kind: simulated ? 'simulator' : 'paytr',
    merchantId: simulated ? SIMULATOR_CREDENTIALS.merchantId : (config.PAYTR_MERCHANT_ID as string),
    merchantKey: simulated ? SIMULATOR_CREDENTIALS.merchantKey : (config.PAYTR_MERCHANT_KEY as string),
    merchantSalt: simulated ? SIMULATOR_CREDENTIALS.merchantSalt : (config.PAYTR_MERCHANT_SALT as string),
    apiBase: o.apiBase ?? (simulated ? simulatorUrl(config) : config.PAYTR_API_BASE),
    testMode: config.paytrTestMode,
    maxInstallment: config.PAYTR_MAX_INSTALLMENT,
    recurringField: config.PAYTR_RECURRING_FIELD,
    fetch: o.fetch,
  });
}
