// The soak runs apart (minutes, not seconds):
//   SOAK_MINUTES=2 npx vitest run --config test/soak/vitest.config.ts     (CI, ≤ 5 min)
//   SOAK_MINUTES=20 npx vitest run --config test/soak/vitest.config.ts    (by hand)
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: path.resolve(import.meta.dirname, '../..'),
  test: {
    include: ['test/soak/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30 * 60_000,
    hookTimeout: 60_000,
  },
});
