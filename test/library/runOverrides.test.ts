/**
 * The library's `run` takes the values `flopcast run FILE` takes over every run's (src/library/runOverrides.ts): the
 * CLI's output for the same flags is the independent reference (argv parsing, the file loader, the JSON rendering), and
 * the figures are checked against the values given (every run at the count and price given, its cost their product).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError, report, run, type RunOverrides, type RunResultJson } from '../../src/index.js';
import { formattedError } from '../helpers.js';
import { runCli } from '../cli/run-cli.js';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const text = (f: string) => readFileSync(SCENARIOS + f, 'utf8');

async function cliRun(file: string, flags: string[]): Promise<{ results: RunResultJson[] }> {
  const r = await runCli(['run', SCENARIOS + file, ...flags, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { results: RunResultJson[] };
}

describe('run(scenario, { count, price, ... }) = flopcast run FILE --count ... --json', () => {
  it.each([
    // A matrix of GPUs × counts: --count is every cell's count, --price every cell's price (the file's kind and provider dropped).
    { file: 'cluster-options.yaml', options: { count: 2048, price: 2.5, deadline: '90 days', budget: '30M' }, flags: ['--count', '2048', '--price', '2.5', '--deadline', '90 days', '--budget', '30M'] },
    // Options that give their own GPU and utilisation: the given ones win in each.
    { file: 'four-clusters.yaml', options: { gpu: 'b200', utilization: 0.35, goodput: 0.9, tokens: '1T' }, flags: ['--gpu', 'b200', '--utilization', '0.35', '--goodput', '0.9', '--tokens', '1T'] },
    { file: 'llama-65b.yaml', options: { utilization: 'auto', tokens: '1.4T' }, flags: ['--utilization', 'auto', '--tokens', '1.4T'] },
  ] satisfies { file: string; options: RunOverrides; flags: string[] }[])('$file $options', async ({ file, options, flags }) => {
    const name = file.replace(/\.yaml$/, '');
    const mine = run(text(file), { baseDir: SCENARIOS, file: SCENARIOS + file, name, ...options });
    const cli = await cliRun(file, flags);
    // The price's source names what gave it: the option `price` here, the flag `--price` there.
    const asCli = mine.results.map((r) => (r.price_source === 'price' ? { ...r, price_source: '--price' } : r));
    expect({ ...mine, results: asCli }).toEqual(cli);
    for (const r of mine.results) {
      if ('count' in options) expect(r.count).toBe(options.count);
      if ('gpu' in options) expect(r.gpu).toBe(options.gpu);
      if ('price' in options && options.price !== undefined) {
        expect(r.usd_per_gpu_hour).toBe(options.price);
        expect(r.price_source).toBe('price');
        expect(r.cost.compute_usd).toBeCloseTo(r.gpu_hours * options.price, 6);
      }
    }
  });
});

describe('a bad value is told at its option, as the CLI tells it at its flag', () => {
  it.each([
    { options: { count: -5 }, message: 'count: expected a value > 0, found -5' },
    { options: { count: Number.NaN }, message: 'count: expected a number or text, found NaN (not a number)' },
    { options: { price: [1, 2] }, message: 'price: expected a number or text, found a list' },
    { options: { gpu: 5 }, message: 'gpu: expected a name, found a number (5)' },
    { options: { gpu: 'h100' }, message: 'gpu: unknown GPU `h100`\n  hint: did you mean `h100-nvl`, `h100-sxm` or `h100-pcie`?' },
    { options: { deadline: '90' }, message: 'deadline: a duration needs a unit, found 90\n  hint: add a unit: 90 days (or hours, weeks, seconds)' },
    // Text read as the flag's text is (scenario/overrides.ts overrideValue): a plain number a number, past the largest
    // refused as written (review34: 'found "0"', and the goodput's fraction hint lost on '1.5').
    { options: { count: '0' }, message: 'count: expected a value > 0, found 0' },
    { options: { count: '1e400' }, message: 'count: 1e400 is too large (beyond the largest number, about 1.8e308)' },
    { options: { goodput: '1.5' }, message: 'goodput: expected a value <= 1, found 1.5\n  hint: a fraction: write 0.015 if 1.5 percent is meant' },
  ])('$options', ({ options, message }) => {
    expect(formattedError(() => run(text('cluster-options.yaml'), options as never))).toBe(message);
  });

  it('is not taken by report, which has no such flags', () => {
    expect(() => report(text('cluster-options.yaml'), { count: 2048 } as never)).toThrow(InputError);
    expect(formattedError(() => report(text('cluster-options.yaml'), { count: 2048 } as never))).toMatch(/^count: unknown option `count`/);
  });
});
