/** report()'s options (src/library/report.ts): generatedAt is a time, as the report states it. */
import { describe, expect, it } from 'vitest';
import { report, run } from '../../src/index.js';
import { runCli } from '../cli/run-cli.js';
import { GOOD_SCENARIO, thrownInputError } from '../helpers.js';

describe('report({ generatedAt })', () => {
  // Any text was printed as the time the report was made ('generated yesterday', '<b>x</b>' escaped).
  it.each(['yesterday', '2026-13-01', '2026-02-30T00:00:00Z', '2026-11-30T24:00:00Z', '2026-11-30 07:00', '<b>x</b>'])('%j: refused', (generatedAt) => {
    const e = thrownInputError(() => report(GOOD_SCENARIO, { generatedAt }));
    expect(e.located()).toBe(`generatedAt: expected an ISO 8601 time such as 2026-11-30T07:00:00Z or 2026-11-30, found ${JSON.stringify(generatedAt)}`);
  });
  it.each(['2026-11-30', '2026-11-30T07:00Z', '2026-11-30T07:00:00Z', '2026-11-30T07:00:00.123+05:30'])('%j: stated', (generatedAt) => {
    expect(report(GOOD_SCENARIO, { generatedAt, format: 'markdown' }).text).toContain(generatedAt);
  });
  // Hostile sweep 21: a Date, what a JavaScript caller has at hand, was "expected a name, found an object", and any
  // value not text "expected a name": what a time is, and for a Date how to give it.
  it.each([
    { value: new Date(Date.UTC(2026, 10, 30)), found: 'a Date', hint: 'give it as text: date.toISOString()' },
    { value: new Date(NaN), found: 'a Date', hint: 'give it as text: date.toISOString()' },
    { value: 1796000000000, found: 'a number (1796000000000)', hint: undefined },
    { value: true, found: 'a boolean', hint: undefined },
  ])('$found: refused, what a time is', ({ value, found, hint }) => {
    const e = thrownInputError(() => report(GOOD_SCENARIO, { generatedAt: value as unknown as string }));
    expect(e.located()).toBe(`generatedAt: expected an ISO 8601 time such as 2026-11-30T07:00:00Z or 2026-11-30, found ${found}`);
    expect(e.details.hint).toBe(hint);
  });
});

// Hostile sweep 22: a matrix combination that could not run (fp8 on an A100) made the library's run() and report()
// throw its error, where `flopcast run --json` gives the other combinations' results and lists it; and the CLI's report
// left it out without a word ("Recommended: X, the only option", "1 option"), while stderr said it was "marked
// infeasible in the output".
describe('a combination that could not run', () => {
  const SCENARIO = 'name: inf\nmodel: gpt2\ntraining: {tokens: 10B, global_batch: 64}\ncluster: {gpu: a100-sxm4-80gb, count: 8, utilization: 0.4}\npricing: {usd_per_gpu_hour: 2}\nmatrix:\n  training.precision: [bf16, fp8]\n';
  const ERROR = '<scenario>:7:30: matrix["training.precision"][1]: A100 80GB SXM4 (Ampere) has no published fp8 peak';
  const HINT = 'use bf16 (without fp8 units, training runs in bf16); a100-sxm4-80gb supports: fp64, fp32, tf32, bf16, fp16';
  it('run() gives the others\' results and lists it, as run --json does', () => {
    const r = run(SCENARIO);
    expect(r.results.map((x) => x.name)).toEqual(['inf [precision=bf16]']);
    expect(r.infeasible).toEqual([{ name: 'inf [precision=fp8]', error: ERROR, hint: HINT }]);
  });
  it('report() says it could not run, and recommends among the rest', () => {
    const text = report(SCENARIO, { format: 'markdown' }).text;
    expect(text).toContain('**Recommended: inf \\[precision=bf16\\], the only option that could run (1 could not: see the warnings).**');
    expect(text).toContain('> - infeasible: inf \\[precision=fp8\\]: \\<scenario\\>'.replace('\\<scenario\\>', '&lt;scenario&gt;'));
    expect(text).toContain(`; hint: ${HINT}`);
    expect(report(SCENARIO).text).toContain('infeasible: inf [precision=fp8]: &lt;scenario&gt;:7:30: ');
  });
  it('every combination failing is still the first one\'s error', () => {
    const all = SCENARIO.replace('global_batch: 64}', 'global_batch: 64, precision: fp8}').replace('training.precision: [bf16, fp8]', 'cluster.count: [8, 16]');
    expect(() => run(all)).toThrow(/has no published fp8 peak/);
  });
  it('the CLI\'s report lists it; its CSV says it on stderr, with the error and hint', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-infeasible-report-'));
    const f = join(dir, 'inf.yaml');
    writeFileSync(f, SCENARIO);
    const md = join(dir, 'r.md');
    const r = await runCli(['report', f, '--out', md]);
    expect(r.code).toBe(0);
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('the only option that could run (1 could not: see the warnings)');
    expect(text).toContain(`> - infeasible: inf \\[precision=fp8\\]: `);
    const csv = await runCli(['run', f, '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stderr).toContain(`warning: infeasible: inf [precision=fp8]: ${f}:7:30: matrix["training.precision"][1]: A100 80GB SXM4 (Ampere) has no published fp8 peak; hint: ${HINT}\n`);
    expect(csv.stderr).toContain('could not run and is left out of the CSV, which holds results only: inf [precision=fp8]');
  });
});
