import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderEnvExample } from './env-example.ts';
import { ConfigError, loadConfig, redactedConfig } from './index.ts';
import { configShape } from './schema.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const keyOf = (problem: string) => problem.split(':')[0];
/** Placeholder PayTR credentials (production refuses to run without them). */
const PAYTR = {
  PAYTR_MERCHANT_ID: '123456',
  PAYTR_MERCHANT_KEY: 'k'.repeat(16),
  PAYTR_MERCHANT_SALT: 's'.repeat(16),
  // And the seller printed on invoices (production refuses the development placeholders).
  SELLER_LEGAL_NAME: 'Örnek Yazılım A.Ş.',
  SELLER_TAX_NUMBER: '6153928400',
  SELLER_ADDRESS: 'Kadıköy, İstanbul',
};

describe('loadConfig', () => {
  it('names every bad variable at once, and the message lists them all', () => {
    const env = {
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      DATABASE_POOL_SIZE: '0',
      TRUST_PROXY: 'maybe',
      DATABASE_URL: 'mysql://db/x',
      SMTP_URL: 'http://mail.example.com',
    };
    const problems = problemsOf(env);
    expect(problems.map(keyOf).sort()).toEqual(Object.keys(env).sort());
    try {
      loadConfig(env);
    } catch (err) {
      for (const key of Object.keys(env)) expect((err as Error).message).toContain(`- ${key}: `);
    }
  });

  it('reports schema errors and production rules together, not one fix at a time', () => {
    const problems = problemsOf({ NODE_ENV: 'production', PORT: '-1', PUBLIC_URL: 'http://yac.example.com' });
    expect(problems.map(keyOf).sort()).toEqual([
      'PAYTR_MERCHANT_ID',
      'PORT',
      'PUBLIC_URL',
      'SELLER_ADDRESS',
      'SELLER_LEGAL_NAME',
      'SELLER_TAX_NUMBER',
      'SMTP_URL',
    ]);
  });

  it('refuses a seller tax number whose check digit is wrong (the development placeholder is valid)', () => {
    expect(problemsOf({ SELLER_TAX_NUMBER: '0000000000' }).map(keyOf)).toEqual(['SELLER_TAX_NUMBER']);
    expect(loadConfig({}).SELLER_TAX_NUMBER).toBe('0000000019');
  });

  it('in production refuses a plain-http PUBLIC_URL and a missing SMTP_URL', () => {
    const problems = problemsOf({ NODE_ENV: 'production', PUBLIC_URL: 'http://yac.example.com', ...PAYTR });
    expect(problems).toContain('PUBLIC_URL: must be https in production (cookies would travel in clear)');
    expect(problems.some((p) => p.startsWith('SMTP_URL: must be set in production'))).toBe(true);
    expect(problemsOf({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25', ...PAYTR })).toEqual([
      'PUBLIC_URL: must be set in production',
    ]);
  });

  it('in production accepts https and SMTP, and makes cookies Secure', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://yac.example.com/',
      SMTP_URL: 'smtps://u:p@mail:465',
      ...PAYTR,
    });
    expect(c.isProduction).toBe(true);
    expect(c.paytrSimulated).toBe(false);
    expect(c.paytrTestMode).toBe(false);
    expect(c.publicUrl).toBe('https://yac.example.com');
    expect(c.secureCookies).toBe(true);
    expect(c.HOST).toBe('0.0.0.0');
  });

  it('reads PAYTR_CALLBACK_IPS as addresses and CIDR ranges, and names a bad entry', () => {
    expect(loadConfig({ PAYTR_CALLBACK_IPS: '203.0.113.0/24, 2001:db8::1' }).PAYTR_CALLBACK_IPS).toBeTruthy();
    expect(problemsOf({ PAYTR_CALLBACK_IPS: '203.0.113.0/24, paytr.com' })).toEqual([
      'PAYTR_CALLBACK_IPS: "paytr.com" is not an IP address or CIDR range',
    ]);
  });

  it('the development defaults need nothing set; empty strings count as unset', () => {
    const c = loadConfig({ PORT: '', SMTP_URL: '', DATA_DIR: 'some/dir' });
    expect(c.NODE_ENV).toBe('development');
    expect(c.PORT).toBe(8080);
    expect(c.publicUrl).toBe('http://localhost:8080');
    expect(c.secureCookies).toBe(false);
    // Development listens on the loopback only, unless told otherwise.
    expect(c.HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(c.SMTP_URL).toBeUndefined();
    expect(c.dataDir.startsWith('/')).toBe(true);
    expect(c.migrateOnStart).toBe(true);
    expect(c.TRUST_PROXY).toBe(false);
    // The gateway's fast path is on unless turned off.
    expect(c.GATEWAY_FAST_PATH).toBe(true);
    expect(loadConfig({ GATEWAY_FAST_PATH: '0' }).GATEWAY_FAST_PATH).toBe(false);
  });

  it('production with an external database does not migrate on start unless told to', () => {
    const base = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://yac.example.com',
      SMTP_URL: 'smtp://mail:25',
      DATABASE_URL: 'postgres://db/yac',
      ...PAYTR,
    };
    expect(loadConfig(base).migrateOnStart).toBe(false);
    expect(loadConfig({ ...base, MIGRATE_ON_START: 'yes' }).migrateOnStart).toBe(true);
  });

  it('PayTR credentials come all three or none, and production needs them', () => {
    expect(problemsOf({ PAYTR_MERCHANT_ID: '123456' })).toEqual([
      'PAYTR_MERCHANT_ID, PAYTR_MERCHANT_KEY, PAYTR_MERCHANT_SALT: set all three or none',
    ]);
    const dev = loadConfig({});
    expect(dev.paytrSimulated).toBe(true);
    expect(dev.paytrTestMode).toBe(true);
    expect(loadConfig({ ...PAYTR, PAYTR_TEST_MODE: '0' }).paytrTestMode).toBe(false);
    const shown = JSON.stringify(redactedConfig(loadConfig(PAYTR)));
    expect(shown).not.toContain('k'.repeat(16));
    expect(shown).not.toContain('s'.repeat(16));
  });

  it('redacts the passwords of DATABASE_URL and SMTP_URL', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://yac:s3cret@db:5432/yac',
      SMTP_URL: 'smtp://mailer:hunter2@mail:587',
    });
    const shown = JSON.stringify(redactedConfig(c));
    expect(shown).not.toContain('s3cret');
    expect(shown).not.toContain('hunter2');
    expect(shown).toContain('postgres://yac:***@db:5432/yac');
  });
});

describe('.env.example', () => {
  it('is what renderEnvExample() produces from the schema (run `npm run env:example` after changing it)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../../.env.example', import.meta.url)), 'utf8');
    expect(committed).toBe(renderEnvExample());
  });

  it('documents every setting of the schema', () => {
    const rendered = renderEnvExample();
    for (const key of Object.keys(configShape)) expect(rendered).toMatch(new RegExp(`^(# )?${key}=`, 'm'));
    for (const schema of Object.values(configShape)) expect(schema.description).toBeTruthy();
  });
});

describe('billing knobs of issue 11', () => {
  it('DUNNING_RETRY_DAYS: ascending days below the grace period; off disables; defaults to 1,3,5', () => {
    expect(loadConfig({}).dunningRetryDays).toEqual([1, 3, 5]);
    expect(loadConfig({ DUNNING_RETRY_DAYS: '2, 4' }).dunningRetryDays).toEqual([2, 4]);
    expect(loadConfig({ DUNNING_RETRY_DAYS: 'off' }).dunningRetryDays).toEqual([]);
    for (const bad of ['3,1', '1,1', '0,2', '1,7', 'soon'])
      expect(problemsOf({ DUNNING_RETRY_DAYS: bad }).map(keyOf), bad).toEqual(['DUNNING_RETRY_DAYS']);
  });

  it('CANCEL_REFUND_POLICY defaults to none; RATES_MAX_AGE_DAYS to 7', () => {
    const c = loadConfig({});
    expect(c.CANCEL_REFUND_POLICY).toBe('none');
    expect(c.RATES_MAX_AGE_DAYS).toBe(7);
    expect(problemsOf({ CANCEL_REFUND_POLICY: 'cash' }).map(keyOf)).toEqual(['CANCEL_REFUND_POLICY']);
  });
});
