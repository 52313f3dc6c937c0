import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn node on dist/; keep parallelism modest on 2-core machines.
    pool: 'forks',
    testTimeout: 20_000,
  },
});
