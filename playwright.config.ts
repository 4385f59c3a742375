import { defineConfig } from '@playwright/test';

// Browser journeys against the portal's production build (`yarn build:all` first; ./portal test
// does it), served by the backend as in production, on SQLite in memory, in Debian's chromium.
const port = Number(process.env.PORTAL_E2E_PORT ?? 7017);
const baseURL = `http://127.0.0.1:${port}`;
// The team-member journey signs in as a catalog User through the test-person provider, which
// answers only on a development backend (NODE_ENV=development), with no switch to allow it
// in production mode; so that journey gets its own backend, from the same production build
// and config, in development mode. The others keep running against production mode.
// The journeys read the port from the environment (support.ts, teamMemberBaseURL).
process.env.PORTAL_E2E_PEOPLE_PORT ??= String(port + 1);
const peopleBaseURL = `http://127.0.0.1:${process.env.PORTAL_E2E_PEOPLE_PORT}`;
// The live-health journey's portal reads the SLOs from the Prometheus that journey's
// `./portal preview` starts on fixed ports, and publishes where no other journey cleans up.
process.env.PORTAL_E2E_PREVIEW_PORT ??= String(port + 2);
process.env.PORTAL_E2E_PREVIEW_PROMETHEUS_PORT ??= '19090';
const previewBaseURL = `http://127.0.0.1:${process.env.PORTAL_E2E_PREVIEW_PORT}`;
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const serve = [
  'bash scripts/serve-production-build.sh',
  '--config app-config.yaml',
  '--config packages/app/e2e-tests/app-config.e2e.yaml',
].join(' ');

const previewServer = {
  command: serve,
  url: `${previewBaseURL}/.backstage/health/v1/readiness`,
  reuseExistingServer: false,
  timeout: 120_000,
  stdout: 'ignore',
  stderr: 'pipe',
  env: {
    PORTAL_E2E_PORT: process.env.PORTAL_E2E_PREVIEW_PORT,
    NODE_ENV: 'production',
    PORTAL_PRODUCTION_BUILD_DIR: '.data/production-build-preview',
    // What ./portal preview tells a developer to set (docs/preview.md).
    APP_CONFIG_slo_prometheus_baseUrl: `http://127.0.0.1:${process.env.PORTAL_E2E_PREVIEW_PROMETHEUS_PORT}`,
    APP_CONFIG_commerce_publish_local_directory:
      './.data/e2e-preview-repositories',
  },
} as const;

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  outputDir: 'test-results/e2e',
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      // Headless in a sandbox-less container with no network but loopback.
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
  webServer: [
    {
      command: serve,
      url: `${baseURL}/.backstage/health/v1/readiness`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORTAL_E2E_PORT: String(port),
        NODE_ENV: 'production',
      },
    },
    {
      command: serve,
      url: `${peopleBaseURL}/.backstage/health/v1/readiness`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORTAL_E2E_PORT: process.env.PORTAL_E2E_PEOPLE_PORT,
        NODE_ENV: 'development',
        // Its own unpacked copy: the other backend runs from the default one.
        PORTAL_PRODUCTION_BUILD_DIR: '.data/production-build-people',
      },
    },
    // Only for the opt-in live-health journey (preview.journey.test.ts).
    ...(process.env.PORTAL_E2E_PREVIEW === '1' ? [previewServer] : []),
  ],
});
