import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{dsl,engine,server,studio,procedures,bench}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
  },
});
