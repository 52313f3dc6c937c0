/**
 * The library's run and report hold the command's limit on layout searches (src/scenario/runLimits.ts, src/input/limits.ts
 * plannedRunsPerInvocation): a scenario of more runs at `utilization: auto` than the limit is refused before any is
 * computed, in the words `flopcast run FILE` uses. The library computed them all (70 planner searches, where the command,
 * and the page for a link, refused).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/input/limits.js';
import { report, run } from '../../src/index.js';
import { formattedError } from '../helpers.js';
import { runCli } from '../cli/run-cli.js';

// Even, so that two options × over / 2 counts make it too (review34).
const over = LIMITS.plannedRunsPerInvocation + 6 + (LIMITS.plannedRunsPerInvocation % 2);
// `over` runs, each a layout search: one GPU count a run (8, 16, ...), or two options × half as many counts.
const sweep = (counts: number, options = '') =>
  `model: gpt2\ntraining: {tokens: 1B, global_batch: 512}\ncluster: {gpu: h100-sxm, count: 8, utilization: auto}\n${options}matrix:\n  cluster.count: [${Array.from({ length: counts }, (_, i) => 8 * (i + 1)).join(', ')}]\n`;
const MESSAGE = `matrix: ${over} runs search parallel layouts (utilization: auto or a parallelism), counted up to this file; the limit is ${LIMITS.plannedRunsPerInvocation}\n  hint: give utilization as a number for a wide sweep, or split it into several commands`;

describe('more layout searches than the limit', () => {
  it.each([
    ['a matrix', sweep(over)],
    ['options × a matrix', sweep(over / 2, 'options: [{name: a}, {name: b, training: {tokens: 2B}}]\n')],
  ])('%s: run and report refuse it as flopcast run does', async (_, text) => {
    expect(formattedError(() => run(text, { file: 'sweep.yaml' }))).toBe(`sweep.yaml: ${MESSAGE}`);
    expect(formattedError(() => report(text, { file: 'sweep.yaml' }))).toBe(`sweep.yaml: ${MESSAGE}`);
    const file = join(mkdtempSync(join(tmpdir(), 'flopcast-limits-')), 'sweep.yaml');
    writeFileSync(file, text);
    const cli = await runCli(['run', file, '--json']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(`error: ${file}: ${MESSAGE}\n`);
  });

  it('at a given utilisation, no search: the same sweep runs', () => {
    expect(run(sweep(over).replace('utilization: auto', 'utilization: 0.4')).results).toHaveLength(over);
  });
});
