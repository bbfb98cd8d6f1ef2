import path from 'node:path';
import { GRACE_DAYS } from '@youarecoder/contract/billing-rules';
import { ipList } from '../platform/ip-list.ts';
import { configSchema, type RawConfig } from './schema.ts';

/** A comma-separated setting as its entries (blanks dropped). */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The validated, derived configuration. The only place that reads process.env is loadConfig's caller. */
export interface Config extends RawConfig {
  /** Where to listen: HOST, or its default for the environment. */
  HOST: string;
  publicUrl: string;
  secureCookies: boolean;
  dataDir: string;
  isProduction: boolean;
  isDevelopment: boolean;
  migrateOnStart: boolean;
  /** test_mode sent to PayTR. */
  paytrTestMode: boolean;
  /** No PayTR credentials: the bundled simulator stands in (development and tests only). */
  paytrSimulated: boolean;
  /** Plain-http OpenID issuers are accepted (a local IdP in development and tests). */
  ssoAllowHttp: boolean;
  /** DUNNING_RETRY_DAYS as numbers (empty: no retries). */
  dunningRetryDays: number[];
}

/**
 * DUNNING_RETRY_DAYS as day numbers, or the problem with them: ascending, from 1, and before the
 * grace period ends (on its last day the company is suspended, so a retry then would come too late).
 */
export function parseRetryDays(value: string): { days: number[]; problem: string | null } {
  if (/^(off|none)$/.test(value.trim())) return { days: [], problem: null };
  const days = splitList(value).map(Number);
  if (days.some((d) => !Number.isInteger(d) || d < 1))
    return { days: [], problem: 'must be whole day numbers from 1' };
  if (days.some((d, i) => i > 0 && d <= (days[i - 1] as number)))
    return { days: [], problem: 'must be strictly ascending, e.g. 1,3,5' };
  if (days.some((d) => d >= GRACE_DAYS))
    return { days: [], problem: `must be below the grace period of ${GRACE_DAYS} days` };
  return { days, problem: null };
}

/** Thrown with every problem of the environment at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parse and check the environment; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  const problems: string[] = [];
  const badKeys = new Set<string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      badKeys.add(String(issue.path[0]));
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
    }
  }
  // The cross-field checks run on the raw strings too, so that one start lists every problem
  // rather than revealing them one fix at a time.
  const str = (k: string) => (badKeys.has(k) ? undefined : (cleaned[k] as string | undefined));
  const isProduction = (parsed.success ? parsed.data.NODE_ENV : str('NODE_ENV')) === 'production';
  const givenUrl = str('PUBLIC_URL');
  if (isProduction) {
    if (!cleaned.PUBLIC_URL) problems.push('PUBLIC_URL: must be set in production');
    else if (givenUrl && !givenUrl.startsWith('https://'))
      problems.push('PUBLIC_URL: must be https in production (cookies would travel in clear)');
    if (!cleaned.SMTP_URL)
      problems.push('SMTP_URL: must be set in production (mail would only be written to disk)');
    // Invoices carry the seller's identity: the development placeholders must never reach a customer.
    for (const k of ['SELLER_LEGAL_NAME', 'SELLER_TAX_NUMBER', 'SELLER_ADDRESS'])
      if (!cleaned[k]) problems.push(`${k}: must be set in production (it is printed on every invoice)`);
  }
  const dbUrl = str('DATABASE_URL');
  if (dbUrl && !/^postgres(ql)?:\/\//.test(dbUrl))
    problems.push('DATABASE_URL: must start with postgres:// or postgresql://');
  const smtpUrl = str('SMTP_URL');
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl))
    problems.push('SMTP_URL: must start with smtp:// or smtps://');
  const paytrSet = ['PAYTR_MERCHANT_ID', 'PAYTR_MERCHANT_KEY', 'PAYTR_MERCHANT_SALT'].filter(
    (k) => cleaned[k],
  );
  if (paytrSet.length > 0 && paytrSet.length < 3)
    problems.push('PAYTR_MERCHANT_ID, PAYTR_MERCHANT_KEY, PAYTR_MERCHANT_SALT: set all three or none');
  try {
    ipList(splitList(cleaned.PAYTR_CALLBACK_IPS as string | undefined));
  } catch (err) {
    problems.push(`PAYTR_CALLBACK_IPS: ${(err as Error).message}`);
  }
  if (!!cleaned.PAYTR_SIM_KEY !== !!cleaned.PAYTR_SIM_SALT)
    problems.push('PAYTR_SIM_KEY, PAYTR_SIM_SALT: set both or neither');
  if (isProduction && paytrSet.length === 0)
    problems.push(
      'PAYTR_MERCHANT_ID: PayTR credentials must be set in production (the simulator is for development)',
    );
  const retry = parseRetryDays(str('DUNNING_RETRY_DAYS') ?? '1,3,5');
  if (retry.problem) problems.push(`DUNNING_RETRY_DAYS: ${retry.problem}`);
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const raw = parsed.data;
  const publicUrl = (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, '');
  return {
    ...raw,
    // Development listens on the loopback unless told otherwise: its mail page and defaults are not for
    // the network.
    HOST: raw.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    dataDir: path.resolve(raw.DATA_DIR),
    isProduction,
    isDevelopment: raw.NODE_ENV === 'development',
    migrateOnStart: raw.MIGRATE_ON_START ?? (!isProduction || !raw.DATABASE_URL),
    paytrTestMode: raw.PAYTR_TEST_MODE ?? !isProduction,
    paytrSimulated: !raw.PAYTR_MERCHANT_ID,
    ssoAllowHttp: raw.SSO_ALLOW_HTTP_ISSUERS ?? !isProduction,
    dunningRetryDays: retry.days,
  };
}

/** Values that must never reach a log. */
export function redactedConfig(config: Config): Record<string, unknown> {
  const hide = (u?: string) => u?.replace(/\/\/([^:@/]*):([^@/]*)@/, '//$1:***@');
  return {
    ...config,
    DATABASE_URL: hide(config.DATABASE_URL),
    SMTP_URL: hide(config.SMTP_URL),
    METRICS_TOKEN: config.METRICS_TOKEN ? '***' : undefined,
    PAYTR_MERCHANT_KEY: config.PAYTR_MERCHANT_KEY ? '***' : undefined,
    PAYTR_MERCHANT_SALT: config.PAYTR_MERCHANT_SALT ? '***' : undefined,
    SECRETS_KEY: config.SECRETS_KEY ? '***' : undefined,
  };
}
