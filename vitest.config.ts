import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS entry for type-graphql and Apollo; make test and source files use the very
    // same module instead of its .mjs twin, or schema objects cross "realms".
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['reflect-metadata'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each test file creates and drops its own database on the PostgreSQL server.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
