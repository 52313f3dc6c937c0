/**
 * labelledWarnings (src/report/warnings.ts): each warning once, prefixed with the options it is about when it is
 * about some of several only. The `run` table, Markdown and CSV printed a reserved option's commitment warning
 * bare, one per matrix cell, told apart only by their figures; the report named them. Both read the one rule now.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelledWarnings } from '../../src/report/warnings.js';
import { runCli } from '../cli/run-cli.js';

describe('labelledWarnings', () => {
  it.each([
    ['one option: bare', [{ label: 'a', warnings: ['w'] }], ['w']],
    ['every option: bare, once', [{ label: 'a', warnings: ['w'] }, { label: 'b', warnings: ['w'] }], ['w']],
    ['some options: named', [{ label: 'a', warnings: ['w', 'x'] }, { label: 'b', warnings: ['w'] }, { label: 'c', warnings: ['x'] }], ['a, b: w', 'a, c: x']],
    ['none', [{ label: 'a', warnings: [] }, { label: 'b', warnings: [] }], []],
  ])('%s', (_, options, expected) => expect(labelledWarnings(options)).toEqual(expected));
});

describe('run: a warning about some options names them, in every text format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-warnings-'));
  const file = join(dir, 'reserve.yaml');
  // The report test's file (test/report/report.test.ts): a 1y reservation of 512 GPUs at $1.5 obliges 512 × 8,760 × 1.5 = $6.73M, over $5M.
  writeFileSync(file, 'name: reserve\nmodel: llama-3-70b\ntraining:\n  tokens: 1T\ncluster:\n  gpu: h100-sxm\n  count: 512\n  utilization: 0.4\npricing:\n  usd_per_gpu_hour: 3\nconstraints:\n  budget: 5M\noptions:\n  - name: reserved\n    pricing: {usd_per_gpu_hour: 1.5, kind: reserved, term: 1y}\n  - name: ondemand\n');
  it.each([
    ['table', [], 'stdout', /\nwarning: reserved: the commitment obliges \$6\.73M \(the whole term\), over the \$5M budget/],
    ['markdown', ['--format', 'markdown'], 'stdout', /\nwarning: reserved: the commitment obliges \$6\.73M/],
    ['csv', ['--format', 'csv'], 'stderr', /^warning: reserve \[reserved\]: the commitment obliges \$6\.73M/m],
  ] as const)('%s', async (_, flags, stream, pattern) => {
    const r = await runCli(['run', file, ...flags]);
    expect(r.code).toBe(0);
    expect(r[stream]).toMatch(pattern);
  });
});
