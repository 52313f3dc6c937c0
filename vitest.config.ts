import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The suite is pure functions and in-process CLI runs that restore what they spy on, so test
    // files can share a worker's module graph: this halves the run on a 2-core machine.
    pool: 'threads',
    isolate: false,
    testTimeout: 20_000,
  },
});
