/**
 * `options:`: named alternatives over a shared base. The reference for each option is the same
 * scenario written out in full as its own file (what users had to do before), run on its own.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { run } from '../../src/index.js';
import { withFixedValues } from '../../src/scenario/options.js';
import { runCli } from '../cli/run-cli.js';
import { formattedError } from '../helpers.js';

const BASE = `name: base
model: gpt3-175b
training: {tokens: 300B, global_batch: 1536}
cluster:
  gpu: h100-sxm
  count: 512
  utilization: 0.4
pricing:
  kind: on_demand
  provider: CoreWeave
constraints: {deadline: 60 days}
`;

/** What each option's scenario is when written out in full. */
const WRITTEN_OUT: [string, string, Record<string, unknown>][] = [
  ['512 H100', '', {}],
  ['1,024 A100', 'cluster: {gpu: a100-sxm4-80gb, count: 1024}', { cluster: { gpu: 'a100-sxm4-80gb', count: 1024, utilization: 0.4 } }],
  ['512 MI300X at $1.85', 'cluster: {gpu: mi300x}\n    pricing: {usd_per_gpu_hour: 1.85}', { cluster: { gpu: 'mi300x', count: 512, utilization: 0.4 }, pricing: { usd_per_gpu_hour: 1.85 } }],
  ['256 B200 at 180 TFLOP/s', 'cluster: {gpu: b200, count: 256, achieved_tflops: 900}', { cluster: { gpu: 'b200', count: 256, achieved_tflops: 900 } }],
  ['H100, selective recompute', 'training: {recompute: selective}', { training: { tokens: '300B', global_batch: 1536, recompute: 'selective' } }],
];

const withOptions = BASE + 'options:\n' + WRITTEN_OUT.map(([name, over]) => `  - name: ${name}\n` + (over ? `    ${over}\n` : '')).join('');

/** A result without what names and compares it. */
const numbers = ({ name: _n, cheapest: _c, fastest: _f, pareto: _p, ...rest }: Record<string, unknown>) => rest;

describe('options', () => {
  it('each option gives what its scenario written out in full gives', () => {
    const results = run(withOptions, { file: 'opts.yaml' }).results;
    expect(results.map((r) => r.name)).toEqual(WRITTEN_OUT.map(([name]) => `base [${name}]`));
    const base = parse(BASE) as Record<string, unknown>;
    WRITTEN_OUT.forEach(([, , full], i) => {
      const alone = run(stringify({ ...base, ...full })).results[0]!;
      expect(numbers(results[i]!)).toEqual(numbers(alone));
    });
  });

  it('with a matrix: each option × each matrix cell, the option named first', () => {
    const text = withOptions + 'matrix:\n  training.precision: [bf16, fp16]\n';
    const results = run(text).results;
    expect(results).toHaveLength(WRITTEN_OUT.length * 2);
    expect(results.slice(0, 2).map((r) => r.name)).toEqual(['base [512 H100, precision=bf16]', 'base [512 H100, precision=fp16]']);
    // The matrix is applied after the option: a matrix key wins over an option's value.
    const gpus = run(withOptions + 'matrix:\n  cluster.gpu: [h200-sxm]\n').results.map((r) => r.gpu);
    expect(new Set(gpus)).toEqual(new Set(['h200-sxm']));
  });

  it('marks are computed among one file\'s options only', async () => {
    const one = (await runCli(['run', 'scenarios/four-clusters.yaml', '--json'])).stdout;
    const other = (await runCli(['run', 'scenarios/cluster-options.yaml', '--json'])).stdout;
    const both = await runCli(['run', 'scenarios/four-clusters.yaml', 'scenarios/cluster-options.yaml', '--json']);
    expect(both.code).toBe(0);
    const marks = (json: string) => (JSON.parse(json) as { results: { name: string; cheapest: boolean; fastest: boolean; pareto: boolean }[] }).results
      .map((r) => [r.name, r.cheapest, r.fastest, r.pareto]);
    expect(marks(both.stdout)).toEqual([...marks(one), ...marks(other)]);
    // Two comparisons, two cheapest: one per file.
    expect(marks(both.stdout).filter((m) => m[1]).length).toBe(2);
  });

  it('the bundled four-cluster comparison: one run per named option', () => {
    const results = run(readFileSync('scenarios/four-clusters.yaml', 'utf8'), { baseDir: 'scenarios' }).results;
    expect(results.map((r) => [r.gpu, r.count])).toEqual([['h100-sxm', 512], ['a100-sxm4-80gb', 1024], ['mi300x', 512], ['b200', 256]]);
    expect(results.filter((r) => r.cheapest)).toHaveLength(1);
  });
});

// A nested mapping that is one of a union's shapes chooses as a block's alternatives do
// (src/scenario/matrix.ts ALTERNATIVES): an option's or a matrix's `global_batch: {tokens: ...}` over the base's
// `{sequences: ...}` (and the reverse), or `compare_with`'s price over its provider, replaces the base's choice.
// Before, the two merged and were refused ("training.global_batch.tokens: unknown key `tokens`, did you mean
// `tokens`?"). The reference is the scenario written out with the option's value, run on its own.
describe('an option or matrix key that replaces a nested choice among alternatives', () => {
  const OWNED = 'pricing: {kind: owned, capex_usd_per_node: 300k, gpus_per_node: 8, amortization_years: 4, compare_with: COMPARE}\n';
  const base = (batch: string, compare = '{provider: Lambda}') =>
    `name: b\nmodel: gpt3-175b\ntraining: {tokens: 300B, global_batch: ${batch}}\ncluster: {gpu: h100-sxm, count: 512, utilization: 0.4}\n` + OWNED.replace('COMPARE', compare);
  it.each([
    { what: 'option tokens over sequences', file: base('{sequences: 1536}') + 'options:\n  - name: o\n    training: {global_batch: {tokens: 4M}}\n', alone: base('{tokens: 4M}') },
    { what: 'option sequences over tokens', file: base('{tokens: 4M}') + 'options:\n  - name: o\n    training: {global_batch: {sequences: 1024}}\n', alone: base('{sequences: 1024}') },
    { what: 'matrix tokens over sequences', file: base('{sequences: 1536}') + 'matrix:\n  training.global_batch.tokens: [4M]\n', alone: base('{tokens: 4M}') },
    { what: 'option price over provider', file: base('1536') + 'options:\n  - name: o\n    pricing: {compare_with: {usd_per_gpu_hour: 2.5}}\n', alone: base('1536', '{usd_per_gpu_hour: 2.5}') },
    { what: 'matrix provider over price', file: base('1536', '{usd_per_gpu_hour: 2.5, provider: my quote}') + 'matrix:\n  pricing.compare_with.provider: [Lambda]\n', alone: base('1536') },
    // A price given replaces the owned cluster's keys too (it was 'capex_usd_per_node only applies to kind: owned').
    { what: 'option price over an owned cluster', file: base('1536') + 'options:\n  - name: o\n    pricing: {usd_per_gpu_hour: 2.5}\n', alone: base('1536').replace(/pricing: .*\n/, 'pricing: {usd_per_gpu_hour: 2.5}\n') },
  ])('$what', ({ file, alone }) => {
    const [got] = run(file, { file: 'n.yaml' }).results;
    const [want] = run(alone, { file: 'n.yaml' }).results;
    expect(numbers({ ...got!, name: '' })).toEqual(numbers({ ...want!, name: '' }));
  });
  it('both given in one option are still refused', () => {
    const file = base('{sequences: 1536}') + 'options:\n  - name: o\n    training: {global_batch: {tokens: 4M, sequences: 8}}\n';
    expect(formattedError(() => run(file, { file: 'n.yaml' }))).toContain('are alternatives: give one, not both');
  });
});

describe('bad options: located errors', () => {
  const opts = (lines: string) => BASE + 'options:\n' + lines;
  it.each([
    ['an unknown key in a block', '  - name: a\n    cluster: {gpus: 8}\n', /^o\.yaml:14:15: options\[0\]\.cluster\.gpus: `cluster\.gpus` is not a scenario key\n  hint: `gpus` is a common name for `count` \(the number of GPUs; the GPU itself is `gpu`\): write `count`/],
    ['an unknown nested key', '  - name: a\n    cluster:\n      parallelism: {tq: 8}\n', /^o\.yaml:15:21: options\[0\]\.cluster\.parallelism\.tq: `cluster\.parallelism\.tq` is not a scenario key\n  hint: did you mean `tp`\?/],
    // Sweep 15: 'an option cannot set `cluster.count`', though an option sets it, written nested.
    ['a dotted path at an option', '  - name: a\n    cluster.count: 16\n', /^o\.yaml:14:5: options\[0\]\["cluster\.count"\]: unknown key `cluster\.count`\n  hint: a key is one name, not a path \(only matrix keys are dotted paths\): write it nested, cluster: \{count: \.\.\.\}$/],
    ['a dotted path in an option\'s block', '  - name: a\n    cluster: {parallelism.tp: 2}\n', /^o\.yaml:14:15: options\[0\]\.cluster\["parallelism\.tp"\]: `cluster\.parallelism\.tp` is not a scenario key\n  hint: a key is one name, not a path \(only matrix keys are dotted paths\): write it nested, parallelism: \{tp: \.\.\.\}$/],
    ['a block an option cannot override', '  - name: a\n    model: llama-3-8b\n', /^o\.yaml:14:5: options\[0\]\.model: an option cannot set `model`\n  hint: an option overrides training, cluster, pricing/],
    ['a misspelt block', '  - name: a\n    clusters: {count: 8}\n', /^o\.yaml:14:5: options\[0\]\.clusters: an option cannot set `clusters`\n  hint: .*did you mean `cluster`\?/],
    ['a duplicate name', '  - name: 512 H100\n  - name: 512 H100\n    cluster: {count: 1024}\n', /^o\.yaml:14:5: options\[1\]\.name: duplicate option name `512 H100`\n  hint: options\[0\] \(line 13\) has the same name/],
    // both rows printed `512 H100`
    ['a duplicate name with a space after it', '  - name: 512 H100\n  - name: "512 H100 "\n    cluster: {count: 1024}\n', /^o\.yaml:14:5: options\[1\]\.name: duplicate option name `512 H100`\n  hint: options\[0\] \(line 13\) has the same name/],
    // both rows printed `H100` / `café`: a zero-width space, or the accent as its own code point
    ['a duplicate name but for a zero-width space', '  - name: H100\n  - name: "H100\\u200b"\n    cluster: {count: 1024}\n', /^o\.yaml:14:5: options\[1\]\.name: duplicate option name `H100`\n  hint: options\[0\] \(line 13\) has the same name/],
    ['a duplicate name but for how its accent is encoded', '  - name: "caf\\u00e9"\n  - name: "cafe\\u0301"\n    cluster: {count: 1024}\n', /^o\.yaml:14:5: options\[1\]\.name: duplicate option name `café`\n  hint: options\[0\] \(line 13\) has the same name/],
    // Hostile sweep 22: the report's HTML shows a run of spaces as one, and a no-break space as a space everywhere:
    // both rows printed `a b` / `512 H100` (these two fail on the old code).
    ['a duplicate name but for two spaces', '  - name: "a b"\n  - name: "a  b"\n    cluster: {count: 1024}\n', /^o\.yaml:14:5: options\[1\]\.name: duplicate option name `a b`\n  hint: options\[0\] \(line 13\) has the same name/],
    ['a duplicate name but for a no-break space', '  - name: 512 H100\n  - name: "512\\u00a0H100"\n    cluster: {count: 1024}\n', /^o\.yaml:14:5: options\[1\]\.name: duplicate option name `512 H100`\n  hint: options\[0\] \(line 13\) has the same name/],
    ['a name of a zero-width space alone', '  - name: "\\u200b"\n', /^o\.yaml:13:5: options\[0\]\.name: expected a non-empty text, found only invisible characters \(zero-width spaces or joiners\)$/],
    // a cluster size as a name is a number to YAML: it was "expected a non-empty text", nothing said of what was found
    ['a name YAML reads as a number', '  - name: 512\n  - name: "1024"\n', /^o\.yaml:13:5: options\[0\]\.name: expected text, found 512\n  hint: YAML reads it as the number 512: quote it to make it text$/],
    ['a name YAML reads as a boolean', '  - name: yes\n  - name: true\n', /^o\.yaml:14:5: options\[1\]\.name: expected text, found true\n  hint: YAML reads it as true: quote it to make it text$/],
    ['a missing name', '  - cluster: {count: 8}\n', /^o\.yaml:13:5: options\[0\]\.name: required name is missing/],
    // Sweep 16: the key path was the run's (cluster.count), the base's key, though the place was the option's.
    ['a bad value, at the option', '  - name: a\n  - name: b\n    cluster: {count: -8}\n', /^o\.yaml:15:15: options\[1\]\.cluster\.count: expected a value > 0, found -8/],
    ['an unknown GPU, at the option', '  - name: a\n  - name: b\n    cluster: {gpu: h100-sxn}\n', /^o\.yaml:15:15: options\[1\]\.cluster\.gpu: unknown GPU `h100-sxn`\n  hint: did you mean `h100-sxm`\?/],
    // Review B: the matrix's value is the run's where an option sets the key too, and so is the blame (it was the
    // option's, options[0].cluster.count, which holds 64); fails on the old code.
    ['a bad matrix value over an option\'s', '  - name: a\n    cluster: {count: 64}\nmatrix:\n  cluster.count: [512, 0]\n', /^o\.yaml:16:24: matrix\["cluster\.count"\]\[1\]: expected a value > 0, found 0$/],
    // Hostile sweep 19: a mapping an option writes over one value (utilization 0.4) is the option's whole: a key it lacks
    // was blamed on the base's line (o.yaml:7:16: cluster.utilization.low); fails on the old code.
    ['a range over a number, lacking a key', '  - name: a\n    cluster: {utilization: {expected: 0.5}}\n', /^o\.yaml:14:\d+: options\[0\]\.cluster\.utilization\.low: /],
    ['a block that is not a mapping', '  - name: a\n    cluster: 8\n', /^o\.yaml:14:5: options\[0\]\.cluster: expected a mapping of cluster keys to override, found 8$/],
    ['an option that is not a mapping', '  - 512 H100\n', /^o\.yaml:13:5: options\[0\]: expected a mapping with a name and the overrides, found "512 H100"$/],
    // a name is checked where it is written (it was reported at `matrix`, line 1, with no matrix in the file)
    ['an escape sequence in a name', '  - name: "\\e[31mred"\n', /^o\.yaml:13:5: options\[0\]\.name: name holds a control character/],
    ['a name too long', `  - name: ${'x'.repeat(300)}\n`, /^o\.yaml:13:5: options\[0\]\.name: name is 300 characters; the limit is 256/],
    // sweep33: a name the limit takes that makes its run's name too long (`base [xxx...]`) is the option's: it was
    // blamed on `matrix`, at line 1, in a file with no matrix; fails on the old code.
    ['a name making the run name too long', `  - name: ${'x'.repeat(256)}\n`, /^o\.yaml:13:5: options\[0\]\.name: run name is 263 characters; the limit is 256\n  hint: a shorter option name, or a shorter scenario name/],
    // Hostile sweep 22: counts of runs were ungrouped ("125000 runs"), unlike the rest of the output (report/format.ts int).
    ['options × matrix past the limit', `  - name: a\n  - name: b\nmatrix:\n  cluster.count: [${Array.from({ length: 1001 }, (_, i) => i + 1).join(', ')}]\n`, /^o\.yaml:12:1: options: options × matrix make 2,002 runs; the limit is 2,000\n/],
    ['a matrix past the limit', `  - name: a\nmatrix:\n  cluster.count: [${Array.from({ length: 500 }, (_, i) => i + 1).join(', ')}]\n  training.tokens: [${Array.from({ length: 250 }, (_, i) => `${i + 1}B`).join(', ')}]\n`, /: matrix expands to 125,000 runs; the limit is 2,000\n/],
  ])('%s', (_what, lines, expected) => {
    expect(formattedError(() => run(opts(lines), { file: 'o.yaml' }))).toMatch(expected);
  });

  it('options that are not a list', () => {
    expect(formattedError(() => run(BASE + 'options: {name: a}\n', { file: 'o.yaml' }))).toMatch(/^o\.yaml:12:1: options: expected a list of options, each a mapping with a name, found a mapping\n/);
    // the hint is one line (the CLI shows a newline in a hint as \n): it was a three-line YAML example
    expect(formattedError(() => run(BASE + 'options: []\n', { file: 'o.yaml' }))).toBe('o.yaml:12:1: options: expected a list of options, each a mapping with a name, found a list of 0\n  hint: e.g. options: [{name: 512 H100, cluster: {gpu: h100-sxm, count: 512}}]; leave options out for the base scenario alone');
  });

  // hostile sweep 17: `options:` or `matrix:` left empty (YAML null: a list commented out under the key) ran the base
  // alone, exit 0, where an empty `energy:` is refused and `options: []` is; fail on the old code.
  it.each([
    ['options: ~', 'o.yaml:12:1: options: expected a list of options, each a mapping with a name, found null\n  hint: e.g. options: [{name: 512 H100, cluster: {gpu: h100-sxm, count: 512}}]; leave options out for the base scenario alone'],
    ['options:\n#  - name: a', 'o.yaml:12:1: options: expected a list of options, each a mapping with a name, found null\n  hint: e.g. options: [{name: 512 H100, cluster: {gpu: h100-sxm, count: 512}}]; leave options out for the base scenario alone'],
    ['matrix: ~', 'o.yaml:12:1: matrix: expected a mapping, found null'],
    ['matrix:', 'o.yaml:12:1: matrix: expected a mapping, found null'],
    // leftovers of closing23: `matrix: {}` varied nothing and ran the base alone, exit 0, where `options: []` is refused
    ['matrix: {}', 'o.yaml:12:1: matrix: expected a mapping of keys to vary, each a list of values, found an empty mapping\n  hint: e.g. matrix: {cluster.count: [512, 1024]}; leave matrix out for the base scenario alone'],
  ])('%j, left empty: refused', (lines, message) => {
    expect(formattedError(() => run(BASE + lines + '\n', { file: 'o.yaml' }))).toBe(message);
  });

  it('a matrix key may not be `options`', () => {
    expect(formattedError(() => run(BASE + 'matrix:\n  options: [a]\n', { file: 'o.yaml' }))).toMatch(/a matrix cannot vary `options`\n  hint: each option runs with every matrix cell already/);
  });
});

// A value fixed for every run (plan's --count is cluster.count): written into the base, taken out of the
// matrix and the options that would override it. Each expected value is the input with that done by hand.
describe('withFixedValues', () => {
  const COUNT = [['cluster', 'count', 128]] as const;
  it.each([
    ['the base', { cluster: { gpu: 'g', count: 8 } }, COUNT, { cluster: { gpu: 'g', count: 128 } }],
    ['the base without the key', { training: { tokens: 1 } }, [['training', 'seq_len', 2048]] as const, { training: { tokens: 1, seq_len: 2048 } }],
    ['the base without the block: one is made', { options: [{ name: 'a', cluster: { count: 16, gpu: 'g' } }] }, COUNT, { cluster: { count: 128 }, options: [{ name: 'a', cluster: { gpu: 'g' } }] }],
    ['a matrix of that key alone: dropped', { cluster: { count: 8 }, matrix: { 'cluster.count': [16, 32] } }, COUNT, { cluster: { count: 128 } }],
    ['a matrix with another key: kept', { cluster: { count: 8 }, matrix: { 'cluster.count': [16], 'cluster.gpu': ['a', 'b'] } }, COUNT, { cluster: { count: 128 }, matrix: { 'cluster.gpu': ['a', 'b'] } }],
    ['an empty matrix the value is not in: left', { cluster: { count: 8 }, matrix: {} }, COUNT, { cluster: { count: 128 }, matrix: {} }],
    ['each option', { cluster: { count: 8 }, options: [{ name: 'a', cluster: { count: 16, gpu: 'g' } }, { name: 'b', training: { seq_len: 4 } }] }, COUNT, { cluster: { count: 128 }, options: [{ name: 'a', cluster: { gpu: 'g' } }, { name: 'b', training: { seq_len: 4 } }] }],
    ['two values', { cluster: { count: 8 }, training: { seq_len: 4 }, options: [{ name: 'a', training: { seq_len: 8 } }] }, [['cluster', 'count', 128], ['training', 'seq_len', 2048]] as const, { cluster: { count: 128 }, training: { seq_len: 2048 }, options: [{ name: 'a', training: {} }] }],
    // A key of a set of alternatives replaces the others, in the base, each option and the matrix (run's --price, --utilization, --tokens, --goodput).
    ['a price over kind and provider', { pricing: { kind: 'on_demand', provider: ['x'], fixed_usd: 5 }, options: [{ name: 'a', pricing: { provider: 'y', fixed_usd: 1 } }], matrix: { 'pricing.provider': ['p', 'q'], 'cluster.gpu': ['a'] } },
      [['pricing', 'usd_per_gpu_hour', 2]] as const, { pricing: { fixed_usd: 5, usd_per_gpu_hour: 2 }, options: [{ name: 'a', pricing: { fixed_usd: 1 } }], matrix: { 'cluster.gpu': ['a'] } }],
    ['a price over an owned cluster and a term', { pricing: { kind: 'owned', capex_usd_per_node: 3, gpus_per_node: 8, amortization_years: 4, usd_per_kwh: 0.1, pue: 1.2, compare_with: 'on_demand' }, options: [{ name: 'a', pricing: { kind: 'reserved', term: '1y' } }] },
      [['pricing', 'usd_per_gpu_hour', 2]] as const, { pricing: { usd_per_gpu_hour: 2 }, options: [{ name: 'a', pricing: {} }] }],
    ['a utilisation over achieved_tflops', { cluster: { count: 8, achieved_tflops: 150 }, options: [{ name: 'a', cluster: { tokens_per_second_per_gpu: 9 } }] }, [['cluster', 'utilization', 'auto']] as const,
      { cluster: { count: 8, utilization: 'auto' }, options: [{ name: 'a', cluster: {} }] }],
    ['tokens over tokens_per_param', { training: { tokens_per_param: 20 }, matrix: { 'training.tokens_per_param': [10, 20] } }, [['training', 'tokens', 5]] as const, { training: { tokens: 5 } }],
    ['a goodput over checkpoint and failures', { overheads: { checkpoint: { cost: '1 min' }, failures: { gpu_mtbf: '5y', restart: '10 min' } } }, [['overheads', 'goodput', 0.9]] as const, { overheads: { goodput: 0.9 } }],
    // what is not a mapping is the schema's to refuse, where it is written
    ['a block that is not a mapping', { cluster: 'h100', options: [{ name: 'a', cluster: 8 }], matrix: 5 }, COUNT, { cluster: 'h100', options: [{ name: 'a', cluster: 8 }], matrix: 5 }],
    ['a scenario that is not a mapping', 'text', COUNT, 'text'],
  ])('%s', (_, value, fixed, expected) => {
    const copy = structuredClone(value);
    expect(withFixedValues(value, fixed)).toEqual(expected);
    expect(value).toEqual(copy); // a copy: the input is left as it was
  });
});
