/** `matrix:` (src/scenario/matrix.ts): every combination, each named by its values, so each value must differ. */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import { formatKeyPath } from '../../src/input/errors.js';
import { labelNames } from '../../src/scenario/matrix.js';
import { originOf } from '../../src/scenario/origins.js';
import { GOOD_SCENARIO as GOOD, formattedError, thrownInputError } from '../helpers.js';

describe('a value listed twice in a matrix list', () => {
  it.each([
    // It made two runs named `test [count=8]`, with the same results.
    { what: 'a count', matrix: '  cluster.count: [8, 16, 8]\n', message: 'm.yaml:12:26: matrix["cluster.count"][2]: `8` is listed twice (also matrix["cluster.count"][0])\n  hint: each value labels its runs, so each must differ; remove one' },
    { what: 'a GPU', matrix: '  cluster.gpu: [h100-sxm, h100-sxm]\n', message: 'm.yaml:12:27: matrix["cluster.gpu"][1]: `h100-sxm` is listed twice (also matrix["cluster.gpu"][0])' },
    // 1e9 and 1000000000 are the same number, and print as the same label
    { what: 'one number written two ways', matrix: '  training.tokens: [1e9, 1000000000]\n', message: 'matrix["training.tokens"][1]: `1000000000` is listed twice (also matrix["training.tokens"][0])' },
    // two rows printed `tokens=1T`, both marked cheapest: spaces a label does not show
    { what: 'a value with a space after it', matrix: '  training.tokens: ["1T", "1T "]\n', message: 'm.yaml:12:27: matrix["training.tokens"][1]: `1T` is listed twice (also matrix["training.tokens"][0])' },
    { what: 'a value with a space before it', matrix: '  cluster.gpu: [h100-sxm, " h100-sxm"]\n', message: 'm.yaml:12:27: matrix["cluster.gpu"][1]: `h100-sxm` is listed twice (also matrix["cluster.gpu"][0])' },
    // echoed as a name is (a value of 400,000 characters was printed whole)
    { what: 'a value of 100,000 characters', matrix: `  training.tokens: ["${'a'.repeat(100_000)}", "${'a'.repeat(100_000)}"]\n`, message: `matrix["training.tokens"][1]: \`${'a'.repeat(256)}… (100000 characters)\` is listed twice (also matrix["training.tokens"][0])\n` },
  ])('$what: refused at the second', ({ matrix, message }) => {
    expect(formattedError(() => run(GOOD + 'matrix:\n' + matrix, { file: 'm.yaml' }))).toContain(message);
  });
  it('values that differ make one run each', () => {
    const names = run(GOOD + 'matrix:\n  cluster.count: [8, 16]\n  training.tokens: [1B, 1e9]\n').results.map((r) => r.name);
    expect(names).toEqual(['test [count=8, tokens=1B]', 'test [count=8, tokens=1000000000]', 'test [count=16, tokens=1B]', 'test [count=16, tokens=1000000000]']);
  });
});

describe('a matrix key that names no scenario key, or an entry that is not a list', () => {
  const TOP = 'keys at this level: cluster, constraints, energy, model, overheads, pricing, training';
  const notVaried = (key: string, why: string) => `m.yaml:12:3: matrix.${key}: a matrix cannot vary \`${key}\`\n  hint: ${why}; vary an input, such as cluster.count: [512, 1024]`;
  it.each([
    // the key path printed `matrix.`; formatKeyPath writes an empty key as [""]
    { what: 'an empty key', matrix: '  "": [1]\n', message: `m.yaml:12:3: matrix[""]: \`\` is not a scenario key\n  hint: ${TOP}` },
    // the hint listed `matrix` and `options`, the two blocks a matrix may not vary (and `optionz` was "did you mean `options`?")
    // Hostile sweep 22: options and matrix were told '`options` is not a scenario key', of a key the scenario has; name,
    // description and $schema were varied, every cell the same run under another label ('a [name=a]'), all cheapest.
    // These five rows fail on the old code.
    { what: 'options', matrix: '  options: [a]\n', message: notVaried('options', 'each option runs with every matrix cell already') },
    { what: 'name', matrix: '  name: [a, b]\n', message: notVaried('name', 'the name labels the runs, and each cell is labelled by its values already') },
    { what: 'description', matrix: '  description: [a, b]\n', message: notVaried('description', 'a description changes no figure: every cell would be the same run') },
    { what: '$schema', matrix: '  $schema: [a, b]\n', message: notVaried('$schema', 'the schema line is for editors and changes no figure: every cell would be the same run') },
    { what: 'a misspelt options', matrix: '  optionz: [a]\n', message: `m.yaml:12:3: matrix.optionz: \`optionz\` is not a scenario key\n  hint: ${TOP}` },
    { what: 'matrix', matrix: '  matrix: [a]\n', message: notVaried('matrix', 'the matrix is what makes the combinations') },
    // an entry that is not a list was the schema's "expected a list" alone (hostile sweep 6): how to write it
    { what: 'a nested mapping', matrix: '  cluster:\n    count: [8, 16]\n', message: 'm.yaml:12:3: matrix.cluster: expected a list, found a mapping\n  hint: a matrix key is the dotted path to vary, one per line: cluster.count: [...]' },
    { what: 'a single value', matrix: '  cluster.count: 8\n', message: 'm.yaml:12:3: matrix["cluster.count"]: expected a list, found 8\n  hint: a matrix lists the values to compare: cluster.count: [8, b]; a single value goes in the scenario itself' },
    { what: 'values in text', matrix: '  cluster.gpu: h100-sxm, b200\n', message: 'm.yaml:12:3: matrix["cluster.gpu"]: expected a list, found "h100-sxm, b200"\n  hint: write the list in brackets: cluster.gpu: [h100-sxm, b200]' },
    // past a value there are no keys: the hint was 'keys at this level: ' and nothing after it
    { what: 'a key past a value', matrix: '  training.tokens.x: [1]\n', message: 'm.yaml:12:3: matrix["training.tokens.x"]: `training.tokens.x` is not a scenario key\n  hint: `training.tokens` is a value, not a section: vary it as training.tokens: [...]' },
    { what: 'a prototype key past a value', matrix: '  cluster.count.__proto__: [1]\n', message: 'm.yaml:12:3: matrix["cluster.count.__proto__"]: `cluster.count.__proto__` is not a scenario key\n  hint: `cluster.count` is a value, not a section: vary it as cluster.count: [...]' },
    // the hint wrote the value back whole (100,000 characters)
    { what: 'a long value in text', matrix: `  cluster.gpu: "a, ${'b'.repeat(100_000)}"\n`, message: `m.yaml:12:3: matrix["cluster.gpu"]: expected a list, found "a, ${'b'.repeat(34)}..."\n  hint: write the list in brackets: cluster.gpu: [a, ${'b'.repeat(253)}… (100003 characters)]` },
    // Hostile sweep 27: a mapping or a list among the values was the schema's "expected text, a number or true or false,
    // found a mapping", with no word of how to vary one; these three rows fail on the old code.
    { what: 'a mapping among the values', matrix: '  training.documents: [{tokens: 1024}, {tokens: 2048}]\n', message: 'm.yaml:12:24: matrix["training.documents"][0]: a matrix value is one value (text, a number or true or false), found a mapping\n  hint: vary a key inside it, training.documents.tokens: [...], or write each whole value as an option: options: [{training: {documents: ...}}, ...]' },
    { what: 'a list among the values', matrix: '  training.documents: [[{tokens: 1024, share: 1}]]\n', message: 'm.yaml:12:24: matrix["training.documents"][0]: a matrix value is one value (text, a number or true or false), found a list of 1\n  hint: write each whole value as an option: options: [{training: {documents: ...}}, ...]' },
    { what: 'a mapping where a value has no keys', matrix: '  cluster.count: [8, {a: 1}]\n', message: 'm.yaml:12:22: matrix["cluster.count"][1]: a matrix value is one value (text, a number or true or false), found a mapping\n  hint: write each whole value as an option: options: [{cluster: {count: ...}}, ...]' },
    { what: 'nothing', matrix: '  cluster.count:\n', message: 'm.yaml:12:3: matrix["cluster.count"]: expected a list, found null\n  hint: a matrix lists the values to compare: cluster.count: [a, b]; a single value goes in the scenario itself' },
  ])('$what', ({ matrix, message }) => {
    expect(formattedError(() => run(GOOD + 'matrix:\n' + matrix, { file: 'm.yaml' }))).toBe(message);
  });
});

// Hostile sweep 19: a key below a value the scenario writes as one value (a preset id, a number) replaced that value by
// a mapping of the one key: `model.layers` over `model: gpt3-175b` was 'model.d_model: required number is missing' at
// line 2, `cluster.utilization.expected` over 0.4 'cluster.utilization.low: ... found nothing' at the base's line. Both
// rows fail on the old code.
describe('a matrix key below a value the scenario writes as one value', () => {
  it.each([
    { what: 'a key of a preset model', matrix: '  model.layers: [8, 16]\n', message: 'm.yaml:12:3: matrix["model.layers"]: `model` is "gpt3-175b" in the scenario, one value with no keys to vary\n  hint: vary it whole (model: [...]), or write it in the scenario as a mapping' },
    { what: 'a key of a number', matrix: '  cluster.utilization.expected: [0.3]\n', message: 'm.yaml:12:3: matrix["cluster.utilization.expected"]: `cluster.utilization` is 0.4 in the scenario, one value with no keys to vary\n  hint: vary it whole (cluster.utilization: [...]), or write it in the scenario as a mapping' },
  ])('$what', ({ matrix, message }) => {
    expect(formattedError(() => run(GOOD + 'matrix:\n' + matrix, { file: 'm.yaml' }))).toBe(message);
  });
  it('a shape\'s key over the value written for another shape replaces it, as before', () => {
    const base = GOOD.replace('  tokens: 300B\n', '  tokens: 300B\n  global_batch: 1024\n');
    expect(run(base + 'matrix:\n  training.global_batch.tokens: [4M]\n').results[0]!.steps).toBe(run(base.replace('global_batch: 1024', 'global_batch: {tokens: 4M}')).results[0]!.steps);
  });
  it('a key of a mapping the scenario leaves out is set', () => {
    expect(run(GOOD + 'matrix:\n  training.global_batch.sequences: [1024]\n').results[0]!.steps).toBe(run(GOOD.replace('  tokens: 300B\n', '  tokens: 300B\n  global_batch: 1024\n')).results[0]!.steps);
  });
});

describe('a matrix value with a control character', () => {
  const MESSAGE = 'a matrix value labels its runs, and this one holds a control character (newline, tab, escape sequence, ...); use one line of plain text';
  // It was refused as the run's name, at `matrix`, with the hint for a name too long ('shorter matrix values, or a shorter name').
  it.each([
    { what: 'an escape sequence', matrix: '  cluster.gpu: [h100-sxm, "b200\\e[2J"]\n', at: 'm.yaml:12:27: matrix["cluster.gpu"][1]' },
    { what: 'a newline', matrix: '  training.tokens: [1T, "2T\\nerror: fake"]\n', at: 'm.yaml:12:25: matrix["training.tokens"][1]' },
    { what: 'a bidi override', matrix: '  cluster.gpu: ["\\u202eb200"]\n', at: 'm.yaml:12:17: matrix["cluster.gpu"][0]' },
  ])('$what: refused at the value', ({ matrix, at }) => {
    expect(formattedError(() => run(GOOD + 'matrix:\n' + matrix, { file: 'm.yaml' }))).toBe(`${at}: ${MESSAGE}`);
  });
});

// A matrix key chooses among alternatives as an option's key does (src/scenario/matrix.ts
// dropReplacedAlternatives): each cell gives what the scenario written out with that value gives.
// `cluster.achieved_tflops` over the base's utilization was 'give exactly one of utilization,
// achieved_tflops and tokens_per_second_per_gpu' at the base's `cluster:`, as if the file gave both.
describe('a matrix key that replaces the base\'s choice among alternatives', () => {
  const BASE = GOOD.replace('  usd_per_gpu_hour: 2\n', '  kind: on_demand\n  provider: CoreWeave\n') + 'overheads: {checkpoint: {cost: 30 seconds, interval: 1 hour}, failures: {gpu_mtbf: 1000 days, restart: 10 minutes}}\n';
  it.each([
    { what: 'achieved_tflops over utilization', matrix: 'cluster.achieved_tflops: [300]', from: '  utilization: 0.4\n', to: '  achieved_tflops: 300\n' },
    { what: 'tokens_per_second_per_gpu over utilization', matrix: 'cluster.tokens_per_second_per_gpu: [400]', from: '  utilization: 0.4\n', to: '  tokens_per_second_per_gpu: 400\n' },
    { what: 'tokens_per_param over tokens', matrix: 'training.tokens_per_param: [20]', from: '  tokens: 300B\n', to: '  tokens_per_param: 20\n' },
    { what: 'usd_per_gpu_hour over kind and provider', matrix: 'pricing.usd_per_gpu_hour: [3]', from: '  kind: on_demand\n  provider: CoreWeave\n', to: '  usd_per_gpu_hour: 3\n' },
    { what: 'goodput over checkpoint and failures', matrix: 'overheads.goodput: [0.8]', from: 'overheads: {checkpoint: {cost: 30 seconds, interval: 1 hour}, failures: {gpu_mtbf: 1000 days, restart: 10 minutes}}\n', to: 'overheads: {goodput: 0.8}\n' },
  ])('$what', ({ matrix, from, to }) => {
    const [cell] = run(BASE + `matrix:\n  ${matrix}\n`).results;
    const [alone] = run(BASE.replace(from, to)).results;
    const { name: _a, ...got } = cell!;
    const { name: _b, ...want } = alone!;
    expect(got).toEqual(want);
  });
  it('two alternatives both varied are still refused', () => {
    expect(formattedError(() => run(GOOD + 'matrix:\n  training.tokens: [1T]\n  training.tokens_per_param: [20]\n'))).toContain('training: give exactly one of tokens and tokens_per_param');
  });
});

// Hostile sweep 12: below the key an option or matrix wrote, originOf returned the key itself, so an error about one
// entry of an option's list (training.recompute_modules[1]) pointed at the option's `recompute_modules` key; it now
// names the same place under the origin (where the file has nothing there, as under a matrix scalar, the YAML locate
// falls back to the nearest node it has: the key). The first two rows fail on the old code; the last is the key itself.
describe('originOf: a path below a key an option or matrix wrote', () => {
  const origins = new Map<string, (string | number)[]>([
    ['training.recompute_modules', ['options', 1, 'training', 'recompute_modules']],
    ['cluster.gpu', ['matrix', 'cluster.gpu', 0]],
  ]);
  it.each([
    { path: ['training', 'recompute_modules', 1], origin: ['options', 1, 'training', 'recompute_modules', 1] },
    { path: ['cluster', 'gpu', 'x'], origin: ['matrix', 'cluster.gpu', 0, 'x'] },
    { path: ['training', 'recompute_modules'], origin: ['options', 1, 'training', 'recompute_modules'] },
  ])('$path', ({ path, origin }) => {
    expect(originOf(path, origins)).toEqual(origin);
  });

  // Hostile sweep 29: a mapping a matrix entry wrote into (training.offload, by `training.offload.optimizer: [0.5, 1]`)
  // was told at `training:`, line 3 column 1, keyed training.offload, which the file does not hold. The first row fails on
  // the old code; a whole section stays the base's.
  const matrixInside = new Map<string, (string | number)[]>([['training.offload.optimizer', ['matrix', 'training.offload.optimizer', 1]]]);
  it.each([
    { path: ['training', 'offload'], origin: ['matrix', 'training.offload.optimizer', 1] },
    { path: ['training'], origin: ['training'] },
    { path: ['training', 'stack'], origin: ['training', 'stack'] },
  ])('a mapping a matrix entry wrote into: $path', ({ path, origin }) => {
    expect(originOf(path, matrixInside)).toEqual(origin);
  });
  // Polish 29: that combination infeasible (it stopped the file), as a stack without the schedule a matrix entry gives.
  it('run tells a stack\'s refusal of a matrix\'s offload fraction at the matrix entry, that combination infeasible', () => {
    const text = GOOD.replace('training:\n', 'training:\n  stack: deepspeed\n') + 'matrix:\n  training.offload.optimizer: [1, 0.5]\n';
    const r = run(text, { file: 'm.yaml' });
    expect(r.results).toHaveLength(1);
    const line = text.split('\n').findIndex((l) => l.includes('[1, 0.5]')) + 1;
    expect(r.infeasible?.map((x) => x.error)).toEqual([expect.stringMatching(new RegExp(`^m\\.yaml:${line}:\\d+: ${formatKeyPath(['matrix', 'training.offload.optimizer', 1]).replace(/[.[\]"]/g, '\\$&')}: stack deepspeed offloads the whole optimizer state, not a fraction`))]);
  });
});

// Hostile sweep 16: an error about a value an option or the matrix wrote was placed there (line and column, by originOf)
// but keyed as the run's value, `cluster.count`: the base's key, which may hold a good value. A caller's object has no
// line, so nothing said which option or matrix entry was wrong. Every row fails on the old code (keyPath cluster.count,
// cluster.gpu, training.tokens).
describe('blameOrigin: a scenario object\'s error names the option or matrix entry that wrote the value', () => {
  const object = (extra: Record<string, unknown>) => ({
    name: 't', model: 'gpt2', training: { tokens: '1B' }, cluster: { gpu: 'h100-sxm', count: 64, utilization: 0.4 }, pricing: { usd_per_gpu_hour: 2 }, ...extra,
  });
  it.each([
    { what: 'an option\'s count', extra: { options: [{ name: 'a' }, { name: 'b', cluster: { count: 0 } }] }, keyPath: 'options[1].cluster.count' },
    { what: 'an option\'s GPU', extra: { options: [{ name: 'a' }, { name: 'b', cluster: { gpu: 'nope' } }] }, keyPath: 'options[1].cluster.gpu' },
    { what: 'a matrix entry', extra: { matrix: { 'training.tokens': ['1B', -1] } }, keyPath: formatKeyPath(['matrix', 'training.tokens', 1]) },
  ])('$what', ({ extra, keyPath }) => {
    expect(thrownInputError(() => run(object(extra))).details.keyPath).toBe(keyPath);
  });
  it('a key the base wrote keeps its path', () => {
    expect(thrownInputError(() => run(object({ cluster: { gpu: 'h100-sxm', count: 0, utilization: 0.4 }, options: [{ name: 'a', pricing: { usd_per_gpu_hour: 3 } }] }))).details.keyPath).toBe('cluster.count');
  });
});

// Hostile sweep 27: a matrix over training.documents.tokens and training.tokens labelled both `tokens=` (`tokens=1024,
// tokens=1T`); a key is named by as many segments as tell it from another that ends alike, and by its last alone otherwise.
describe('the names matrix keys label their runs by', () => {
  it.each([
    [['cluster.count'], ['count']],
    [['cluster.count', 'training.seq_len'], ['count', 'seq_len']],
    [['training.documents.tokens', 'training.tokens'], ['documents.tokens', 'training.tokens']],
    [['training.tokens', 'training.documents.tokens', 'cluster.count'], ['training.tokens', 'documents.tokens', 'count']],
  ])('%j', (keys, names) => expect(keys.map((k) => labelNames(keys).get(k))).toEqual(names));
  it('a run of both is labelled so', () => {
    const r = run(`${GOOD}matrix:\n  training.documents.tokens: [256]\n  training.tokens: [1T]\n`);
    expect(JSON.stringify(r)).toContain('documents.tokens=256, training.tokens=1T');
  });
});

describe('a mapping in a matrix list (scenario/matrix.ts checkEntries)', () => {
  const GOOD_SCENARIO_TEXT = 'model: llama-3.1-8b\ntraining: {tokens: 1B, global_batch: 64}\ncluster: {gpu: h100-sxm, count: 8, utilization: auto}\nmatrix:\n';
  it.each([
    // It was told "expected text, a number or true or false, found a mapping" with no hint (offload hostile sweep).
    ['  training.offload: [{optimizer: 0.5}, {optimizer: 1}]\n', 's.yaml:5:22: matrix["training.offload"][0]: a matrix value is one value (text, a number or true or false), found a mapping\n  hint: vary a key inside it, training.offload.optimizer: [...], or write each whole value as an option: options: [{training: {offload: ...}}, ...]'],
    ['  training.global_batch: [{tokens: 4M}]\n', 's.yaml:5:27: matrix["training.global_batch"][0]: a matrix value is one value (text, a number or true or false), found a mapping\n  hint: vary a key inside it, training.global_batch.tokens: [...], or write each whole value as an option: options: [{training: {global_batch: ...}}, ...]'],
    // A list where a value goes has no key inside it to vary.
    ['  cluster.count: [[8]]\n', 's.yaml:5:19: matrix["cluster.count"][0]: a matrix value is one value (text, a number or true or false), found a list of 1\n  hint: write each whole value as an option: options: [{cluster: {count: ...}}, ...]'],
  ])('%s', (matrix, want) => {
    expect(formattedError(() => run(GOOD_SCENARIO_TEXT + matrix, { file: 's.yaml' }))).toBe(want);
  });
});
