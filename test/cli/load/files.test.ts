/** src/cli/load/files.ts: reading an input, a regular file only (standard input by its path is told of `-`). */
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../run-cli.js';

// Hostile sweep 19: standard input named by its path (`cat s.yaml | flopcast run /dev/stdin`) was told "a FIFO (named
// pipe), not a regular file | give a regular file", with no word of `-`; fails on the old code.
describe('standard input by its path, a pipe', () => {
  const S = 'model: gpt2\ntraining: {tokens: 1B, global_batch: 8}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n';
  it.each([
    [['run', '/dev/stdin'], 'hint: standard input is read as `-`: flopcast run -, report -, plan - or budget -'],
    [['plan', '/dev/fd/0'], 'hint: standard input is read as `-`: flopcast run -, report -, plan - or budget -'],
    [['flops', '/dev/stdin'], 'hint: only a scenario is read from standard input (as `-`): save the model to a file and give its path'],
  ])('%j', (args, hint) => {
    const r = spawnCli(args, { input: S });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(hint);
  });
});
