import { turkishTaxIdProblem } from '@youarecoder/contract/tax-ids';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/**
 * Every setting the platform reads, with its default and a one-line description.
 * `.env.example` is generated from this; a test fails when the two drift apart.
 */
export const configShape = {
  NODE_ENV: z
    .enum(['development', 'production', 'test'])
    .default('development')
    .describe('development | production | test'),
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(8080)
    .describe('HTTP port of the portal, API and workspace gateway'),
  HOST: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Address to listen on; default 0.0.0.0 in production, 127.0.0.1 otherwise (development mail and the simulator stay on this machine)',
    ),
  PUBLIC_URL: z
    .url()
    .optional()
    .describe('Public URL of the portal (default http://localhost:PORT); https makes cookies Secure'),
  BASE_DOMAIN: z
    .string()
    .toLowerCase()
    .regex(
      /^(?=.{1,253}(:|$))[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/,
      'must be a host name with an optional port, e.g. example.com or localhost:8080',
    )
    .optional()
    .describe(
      'Workspaces are served at <workspace>--<company>.<BASE_DOMAIN>, port included unless 80/443 (needs wildcard DNS and certificate); default localhost:PORT',
    ),
  DATA_DIR: z
    .string()
    .default('./data')
    .describe('Folder for the embedded database, dev mail and workspaces'),
  DATABASE_URL: z
    .string()
    .optional()
    .describe('postgres://… of an external PostgreSQL; unset = embedded PostgreSQL in DATA_DIR/pg'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('Connections in the pool'),
  MIGRATE_ON_START: bool
    .optional()
    .describe('Run migrations at start (default: yes in development and on the embedded database)'),
  SMTP_URL: z
    .string()
    .optional()
    .describe('smtp(s)://user:pass@host:port; unset = mail written as .eml files in DATA_DIR/mail'),
  MAIL_FROM: z
    .string()
    .default('YouAreCoder <no-reply@youarecoder.localhost>')
    .describe('Sender of every email'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level'),
  TRUST_PROXY: bool
    .default(false)
    .describe('Trust X-Forwarded-* from a reverse proxy (set behind Traefik or Caddy)'),
  GATEWAY_FAST_PATH: bool
    .default(true)
    .describe(
      "The gateway's raw HTTP/1.1 fast path for workspace requests with a cached valid cookie (0 = all through node's HTTP server)",
    ),
  TERMS_VERSION: z
    .string()
    .default('2026-11-01')
    .describe('Version of the terms of service a signup accepts'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(720)
    .default(12)
    .describe('Session lifetime without "remember me"'),
  SESSION_REMEMBER_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .default(30)
    .describe('Session lifetime with "remember me"'),
  RATE_LIMIT_AUTH_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100000)
    .default(20)
    .describe('Login, signup and reset requests per IP per minute'),
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('When set, GET /metrics needs "Authorization: Bearer <this>"'),
  MAIL_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(90)
    .describe('Delivered or failed mail is deleted from the outbox after this many days'),
  IDE_CACHE_DIR: z
    .string()
    .optional()
    .describe(
      'Where `npm run setup:ide` installed Node 24 and code-server (default ~/.cache/youarecoder/ide)',
    ),
  IDE_AUTO_INSTALL: z
    .enum(['0', '1'])
    .default('1')
    .describe('1: when the IDE runtime is missing, `npm start` installs it in the background (0: never)'),
  STOP_WORKSPACES_ON_EXIT: z
    .enum(['0', '1'])
    .default('0')
    .describe(
      '1: on SIGTERM/SIGINT, stop every workspace this host runs (as a stop in the portal would, at most 30 s) before exiting; 0: they keep running and the next start adopts them. Same as `npm start -- --stop-workspaces`',
    ),
  WORKSPACE_DRIVER: z
    .enum(['auto', 'process', 'container'])
    .default('auto')
    .describe(
      'Runtime driver of workspaces: container (a podman pod per workspace, from its Pod manifest; needs root and `npm run setup:ide`), process (a code-server process per workspace on this host), auto (container when this host can, else process, saying why)',
    ),
  WORKSPACE_START_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(5)
    .max(600)
    .default(60)
    .describe('How long a workspace start may take before it fails'),
  PAYTR_MERCHANT_ID: z
    .string()
    .regex(/^\d{1,20}$/, 'must be the digits of the PayTR store number')
    .optional()
    .describe('PayTR store number; unset in development = the bundled PayTR simulator'),
  PAYTR_MERCHANT_KEY: z.string().min(8).optional().describe('PayTR merchant key (secret)'),
  PAYTR_MERCHANT_SALT: z.string().min(8).optional().describe('PayTR merchant salt (secret)'),
  PAYTR_API_BASE: z
    .url()
    .default('https://www.paytr.com')
    .describe('Base URL of PayTR (or of `npm run paytr-sim`, e.g. http://127.0.0.1:8788)'),
  PAYTR_TEST_MODE: bool.optional().describe('Send test_mode=1 to PayTR (default: on unless production)'),
  PAYTR_MAX_INSTALLMENT: z.coerce
    .number()
    .int()
    .refine((n) => n === 0 || n === 1 || (n >= 2 && n <= 12), 'must be 0, 1 or 2-12')
    .default(1)
    .describe('1 = single payment only (installments off); 0 = any PayTR allows; 2-12 = at most that many'),
  PAYTR_ORDER_TIMEOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(1440)
    .default(30)
    .describe('How long a PayTR payment page stays payable; later the status inquiry job settles the order'),
  PAYTR_RECURRING: z
    .enum(['0', '1'])
    .default('0')
    .describe(
      '1: store the card and renew automatically (needs PayTR permission); 0: renewal by payment link',
    ),
  PAYTR_RECURRING_FIELD: z
    .enum(['recurring_payment', 'recurring'])
    .default('recurring_payment')
    .describe('Name of the recurring flag on stored-card charges (differs between PayTR samples)'),
  PAYTR_RECONCILE_HOUR: z.coerce
    .number()
    .int()
    .min(0)
    .max(23)
    .default(5)
    .describe(
      "Istanbul hour (0-23) of the daily reconciliation with PayTR's transaction report (yesterday and the 3 days before)",
    ),
  PAYTR_SIM_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(8788)
    .describe(
      'Port of the PayTR simulator (`npm run paytr-sim`, or started by `npm start` without PayTR credentials)',
    ),
  PAYTR_CALLBACK_IPS: z
    .string()
    .optional()
    .describe(
      "Comma-separated addresses or CIDR ranges PayTR's notifications may come from (others are refused unread); unset: any",
    ),
  PAYTR_CALLBACK_REJECT_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .describe(
      'Rejected payment notifications (bad signature, malformed) stored per address in 15 minutes; more are refused unread',
    ),
  PAYTR_SIM_KEY: z
    .string()
    .min(8)
    .optional()
    .describe(
      'Merchant key of the bundled simulator (default: random at every start, so nobody can sign a notification for this platform; set it with PAYTR_SIM_SALT only for tests that sign their own)',
    ),
  PAYTR_SIM_SALT: z
    .string()
    .min(8)
    .optional()
    .describe('Merchant salt of the bundled simulator (default: random at every start; see PAYTR_SIM_KEY)'),
  PAYTR_SIM_CALLBACK_URL: z
    .url()
    .optional()
    .describe('Where the simulator posts payment notifications (default PUBLIC_URL/billing/paytr/callback)'),
  TCMB_URL: z
    .url()
    .default('https://www.tcmb.gov.tr/kurlar')
    .describe('Base of the TCMB exchange-rate bulletins (today.xml, YYYYMM/DDMMYYYY.xml)'),
  TCMB_RATE_TYPE: z
    .enum(['ForexBuying', 'ForexSelling', 'BanknoteBuying', 'BanknoteSelling'])
    .default('ForexBuying')
    .describe('Which TCMB rate converts USD prices and prints on invoices'),
  RATES_MAX_AGE_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(60)
    .default(7)
    .describe(
      'In production, prices in TRY and EUR stop (503, operators alerted) while the newest usable TCMB bulletin is older than this many days; USD prices go on',
    ),
  DUNNING_RETRY_DAYS: z
    .string()
    .regex(/^(off|none|\d+(\s*,\s*\d+)*)$/, 'must be ascending day numbers like 1,3,5, or off')
    .default('1,3,5')
    .describe(
      'Days after a declined stored-card renewal (counted from the period end) the card is charged again, ascending and below the grace period; off: no retries',
    ),
  CANCEL_REFUND_POLICY: z
    .enum(['none', 'prorated_credit'])
    .default('none')
    .describe(
      'What an immediate cancellation gives back: none, or prorated_credit (the unused whole days as a credit on the next payment)',
    ),
  INVOICE_PREFIX: z
    .string()
    .regex(/^[A-Z0-9]{3}$/, 'must be 3 capital letters or digits')
    .default('YAC')
    .describe('GIB invoice number prefix: PREFIX + year + 9-digit sequence'),
  VAT_RATE_BP: z.coerce
    .number()
    .int()
    .min(0)
    .max(10000)
    .default(2000)
    .describe('KDV rate in basis points (2000 = 20 %)'),
  SELLER_LEGAL_NAME: z
    .string()
    .default('YouAreCoder Yazılım A.Ş.')
    .describe('Seller name printed on invoices'),
  SELLER_TAX_OFFICE: z.string().default('Kozyatağı').describe('Seller tax office printed on invoices'),
  SELLER_TAX_NUMBER: z
    .string()
    .trim()
    .refine(
      (v) => turkishTaxIdProblem(v) === null,
      'must be a VKN (10 digits) or TCKN (11) with valid check digits',
    )
    // A placeholder with valid check digits for development; production must set the real one.
    .default('0000000019')
    .describe('Seller VKN (or TCKN) printed on invoices; required in production'),
  SELLER_ADDRESS: z.string().default('İstanbul, Türkiye').describe('Seller address printed on invoices'),
  SELLER_EMAIL: z
    .email()
    .default('support@youarecoder.com')
    .describe('Seller contact address named in the distance sales contract and the legal pages'),
  SELLER_PHONE: z.string().optional().describe('Seller phone named in the legal pages (optional)'),
  SELLER_MERSIS: z
    .string()
    .optional()
    .describe(
      'Seller MERSIS number named in the legal pages (optional; companies registered in Türkiye have one)',
    ),
  SECRETS_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional()
    .describe(
      'Key that seals secrets kept in the database (SSO client secrets); unset: DATA_DIR/secrets.key, made at first use. Set it, the same everywhere, when several machines share the database',
    ),
  SSO_ALLOW_HTTP_ISSUERS: bool
    .optional()
    .describe('Accept plain-http OpenID issuers (default: only outside production, for a local IdP)'),
  OPS_EMAIL: z
    .email()
    .optional()
    .describe('Operator alerts (held payment callbacks, exchange-rate outages, failing jobs) go here'),
  WORKER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .default(4)
    .describe('Jobs run at once by one worker process'),
} as const;

/** Zod schema of the environment. */
export const configSchema = z.object(configShape);
/** Raw parsed environment. */
export type RawConfig = z.infer<typeof configSchema>;
