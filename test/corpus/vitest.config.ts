// The hardening suites (bad-input corpus, soak) are run apart from the default config:
//   npx vitest run --config test/corpus/vitest.config.ts          (corpus, < 90 s)
//   (the soak has its own: test/soak/vitest.config.ts)
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: path.resolve(import.meta.dirname, '../..'),
  test: {
    include: ['test/corpus/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
