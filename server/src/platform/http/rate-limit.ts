import type { Config } from '../../config/index.ts';

/**
 * Route config for the per-IP limit on login, signup and reset. Counted in this process's
 * memory: with several API processes behind a balancer each allows this many.
 */
export function authRateLimit(config: Config) {
  return { rateLimit: { max: config.RATE_LIMIT_AUTH_PER_MINUTE, timeWindow: 60_000 } };
}
