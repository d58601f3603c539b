// Runs the Electron packaging checks with vitest: npx vitest run -c test/electron/vitest.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: `${import.meta.dirname}/../..`,
  test: { include: ['test/electron/**/*.test.ts'], environment: 'node', testTimeout: 120_000 },
});
