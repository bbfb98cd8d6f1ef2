import { randomBytes } from 'node:crypto';
import { startPaytrSim } from './server.ts';

const env = process.env;
const defaults = !env.PAYTR_MERCHANT_ID || !env.PAYTR_MERCHANT_KEY || !env.PAYTR_MERCHANT_SALT;
const merchantId = env.PAYTR_MERCHANT_ID || '100000';
// Random unless given: fixed ones in the repository would let anyone sign a notification for a platform
// that trusts this simulator.
const merchantKey = env.PAYTR_MERCHANT_KEY || randomBytes(12).toString('hex');
const merchantSalt = env.PAYTR_MERCHANT_SALT || randomBytes(12).toString('hex');
const callbackUrl = env.PAYTR_SIM_CALLBACK_URL || undefined;
const retrySeconds = Number(env.PAYTR_SIM_RETRY_SECONDS || '60');
if (!Number.isFinite(retrySeconds) || retrySeconds <= 0) {
  console.error('PAYTR_SIM_RETRY_SECONDS must be a positive number');
  process.exit(1);
}

const sim = await startPaytrSim({
  host: env.PAYTR_SIM_HOST || '127.0.0.1',
  port: Number(env.PAYTR_SIM_PORT || '8788'),
  merchantId,
  merchantKey,
  merchantSalt,
  callbackUrl,
  retryIntervalMs: Math.round(retrySeconds * 1000),
  log: (msg, extra) => console.log(`[paytr-sim] ${msg}${extra ? ` ${JSON.stringify(extra)}` : ''}`),
});

console.log(`PayTR simulator listening on ${sim.url}`);
if (defaults) {
  console.log(
    `Made up for this run: merchant id ${merchantId}, key ${merchantKey}, salt ${merchantSalt}` +
      ' (set PAYTR_MERCHANT_ID, PAYTR_MERCHANT_KEY and PAYTR_MERCHANT_SALT to change them)',
  );
}
if (!callbackUrl) {
  console.warn('PAYTR_SIM_CALLBACK_URL is not set: payment notifications cannot be delivered until it is');
  console.warn(`  (or POST ${sim.url}/__sim/config {"callbackUrl": "..."})`);
} else {
  console.log(`Notifications go to ${callbackUrl}, retried every ${retrySeconds} s until answered OK`);
}
console.log(
  `Point the platform at it with PAYTR_API_BASE=${sim.url} and the same merchant id, key and salt.`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
