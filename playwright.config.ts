import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/e2e/chromium';

// Two projects: the web host driven in Chromium (always), and the real Electron app
// (skips with a printed reason when the Electron binary cannot start).
export default defineConfig({
  testDir: 'test',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  outputDir: 'test-results/playwright-artifacts',
  use: {
    launchOptions: chromiumLaunchOptions(),
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'web', testMatch: /e2e\/.*\.spec\.ts$/ },
    { name: 'electron', testMatch: /electron\/.*\.spec\.ts$/ },
  ],
});
