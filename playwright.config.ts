import { randomBytes } from 'node:crypto';
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 18181);
const baseURL = `http://localhost:${port}`;
// The platform's simulator gets these (random for this run) instead of its own random ones, because the
// admin spec signs a notification itself; the test workers inherit them through the environment.
process.env.E2E_PAYTR_SIM_KEY ||= randomBytes(12).toString('hex');
process.env.E2E_PAYTR_SIM_SALT ||= randomBytes(12).toString('hex');

/**
 * End-to-end tests against the whole platform started as `npm start` would (embedded PostgreSQL in a
 * fresh e2e data dir, development mail written to files and shown on /dev/mail), driven in Debian's
 * Chromium — never a downloaded browser.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/playwright.json' }],
  ],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 900 } } },
  ],
  webServer: {
    // The platform's log goes to a file in the data folder (kept after the run; scripts/test.mjs prints
    // its end when a test fails): what the server did is there to read after a failure in CI.
    command:
      'node e2e/reset-data.mjs e2e/.data && mkdir -p e2e/.data && node scripts/start.mjs > e2e/.data/server.log 2>&1',
    url: `${baseURL}/readyz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      PUBLIC_URL: baseURL,
      DATA_DIR: 'e2e/.data',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      SMTP_URL: '',
      DATABASE_URL: '',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000',
      // Payments go to the bundled PayTR simulator on its own port (a developer's own one keeps 8788).
      PAYTR_SIM_PORT: String(process.env.E2E_PAYTR_SIM_PORT ?? 18788),
      PAYTR_SIM_KEY: process.env.E2E_PAYTR_SIM_KEY,
      PAYTR_SIM_SALT: process.env.E2E_PAYTR_SIM_SALT,
      // Never the real TCMB from tests: nothing answers here, so the bundled recorded bulletin is used.
      TCMB_URL: 'http://127.0.0.1:9',
    },
  },
});
