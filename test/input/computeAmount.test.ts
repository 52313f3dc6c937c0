/**
 * src/input/computeAmount.ts: an amount of GPU-hours (`1800 GPU-hours`) where a value goes is told by what the key takes, never
 * as a rate. On the old code every row of the fields below failed: `--price "1800 GPU-hours"` and `usd_per_gpu_hour: 1800
 * GPU-hours` were told "a rate is written as its number, ...: write 1800" (a price of $1,800 per GPU-hour), `constraints.budget`
 * and `--usd` "this value is no rate per unit of time: write the number alone ..., not 1800 per hour" ($1,800), `1800 GPU-h`
 * "write 1800: its name says what it counts" (rateHint.ts timeWordIn read `hours` as the rate's time word; closing36).
 */
import { describe, expect, it } from 'vitest';
import { computeAmountWord } from '../../src/input/computeAmount.js';
import { evaluateExpression } from '../../src/input/expr.js';
import { InputError } from '../../src/input/errors.js';
import { parseYaml } from '../../src/input/yaml.js';
import { budgetTargetOf } from '../../src/cli/commands/budgetArgs.js';
import { scenarioError } from './scenarioError.js';

const CAP = 'to cap the GPU-hours, give a deadline on a GPU count (--deadline with --count; in a scenario, constraints.deadline with cluster.count): GPU-hours are the deadline\'s hours times the GPUs';
const PRICE = `write the price in US dollars per GPU-hour, the number alone (2.50 for $2.50 a GPU-hour); ${CAP}`;
const BUDGET = `write the dollars, the GPU-hours times the price per GPU-hour; ${CAP}`;
const OTHER = 'write the number alone: the key\'s name says what it counts';
const DURATION = 'write the time with a unit, e.g. `225 h`: a deadline\'s hours are the GPU-hours divided by the GPU count (1800 GPU-hours on 8 GPUs: 225 h)';

describe('computeAmountWord: an amount of accelerator time', () => {
  it.each<[string, string | undefined]>([
    ['1800 GPU-hours', 'GPU'], ['1800 GPU hours', 'GPU'], ['1800 gpu_hours', 'gpu'], ['1800 GPU-h', 'GPU'], ['1800 GPUh', 'GPU'],
    ['1800 GPU-hrs', 'GPU'], ['1800 GPUs-hours', 'GPUs'], ['1.8k GPU-hours', 'GPU'], ['1.8 million GPU-hours', 'GPU'], ['1,800 GPU-hours', 'GPU'],
    ['$1800 GPU-hours', 'GPU'], ['64 node-hours', 'node'], ['64 node-h', 'node'], ['1e6 accelerator-hours', 'accelerator'], ['2 chip-hours.', 'chip'],
    // A rate, a count of GPUs, a duration, a word that only ends in the accelerator's: none.
    ['1800 GPUs', undefined], ['1800 hours', undefined], ['2.5 per GPU-hour', undefined], ['2.5/GPU-hour', undefined], ['1800 GPU-hours per month', undefined],
    ['GPU-hours', undefined], ['1800 xgpu-hours', undefined],
  ])('%s: %s', (text, word) => {
    expect(computeAmountWord(text)).toBe(word);
  });
});

/** A scenario of `blocks` (YAML) after a model and its tokens, and the error its check tells. */
const scenario = (blocks: string) => scenarioError(`model: llama-65b\ntraining: {tokens: 1.4T}\n${blocks}`);
const CLUSTER = 'cluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n';
const told = (at: string, key: string, text: string, where: string, hint: string) => `s.yaml:${at}: ${key}: \`${text}\` is an amount of compute (GPU-hours), ${where}\n  hint: ${hint}`;

// Every field of a scenario that reads a price or a rate (src/scenario/pricingSchema.ts, schema.ts), with the amount in it.
describe('a scenario field that reads a price or a rate, given an amount of GPU-hours', () => {
  it.each<[string, string, string]>([
    [`${CLUSTER}pricing: {usd_per_gpu_hour: 1800 GPU-hours}\n`, told('4:11', 'pricing.usd_per_gpu_hour', '1800 GPU-hours', 'where a price goes', PRICE), 'a price per GPU-hour'],
    [`${CLUSTER}pricing: {kind: owned, capex_usd_per_gpu: 30k, compare_with: {usd_per_gpu_hour: 1800 GPU-hours}}\n`, told('4:63', 'pricing.compare_with.usd_per_gpu_hour', '1800 GPU-hours', 'where a price goes', PRICE), "the rental an owned cluster is compared with"],
    [`${CLUSTER}constraints: {budget: 1800 GPU-hours}\n`, told('4:15', 'constraints.budget', '1800 GPU-hours', 'where a budget in US dollars goes', BUDGET), 'a budget (run\'s --budget too)'],
    [`${CLUSTER}pricing: {kind: owned, capex_usd_per_gpu: 30k, hosting_usd_per_gpu_year: 1800 GPU-hours}\n`, told('4:48', 'pricing.hosting_usd_per_gpu_year', '1800 GPU-hours', 'which this value is not', OTHER), 'a cost per GPU-year'],
    [`${CLUSTER}pricing: {kind: owned, capex_usd_per_gpu: 1800 GPU-hours}\n`, told('4:24', 'pricing.capex_usd_per_gpu', '1800 GPU-hours', 'which this value is not', OTHER), 'a purchase price'],
    [`${CLUSTER}pricing: {usd_per_gpu_hour: 2, fixed_usd: 1800 GPU-hours}\n`, told('4:32', 'pricing.fixed_usd', '1800 GPU-hours', 'which this value is not', OTHER), 'fixed costs'],
    [`${CLUSTER}energy: {usd_per_kwh: 1800 GPU-hours}\n`, told('4:10', 'energy.usd_per_kwh', '1800 GPU-hours', 'which this value is not', OTHER), 'a price of energy'],
    // A duration is wall-clock: a deadline's hours are the GPU-hours over the GPUs (the old code: "unknown name `GPU`").
    [`${CLUSTER}constraints: {deadline: 1800 GPU-hours}\n`, told('4:15', 'constraints.deadline', '1800 GPU-hours', 'where a wall-clock duration goes', DURATION), 'a deadline (run\'s and budget\'s --deadline too)'],
    ['cluster: {gpu: h100-sxm, count: 8, tokens_per_second_per_gpu: 1800 GPU-hours}\n', told('3:36', 'cluster.tokens_per_second_per_gpu', '1800 GPU-hours', 'which this value is not', OTHER), 'a throughput per second'],
  ])('%#: %j (%s)', (blocks, error) => {
    expect(scenario(blocks)).toBe(error);
  });
});

// The command line's: run's and budget's --price (its key path says per hour), budget's --usd (a dollar amount).
describe('an option that reads a price or a budget, given an amount of GPU-hours', () => {
  it.each<[string, string]>([['1800 GPU-hours', 'GPU-hours'], ['1,800 GPU-hours', 'GPU-hours'], ['$1800 GPU-hours', 'GPU-hours'], ['64 node-hours', 'node-hours'], ['1800 GPU-h', 'GPU-hours']])('--price %s', (text, unit) => {
    const e = thrown(() => evaluateExpression(text, {}, { kind: 'number', keyPath: '--price' }));
    expect(e.message).toBe(`\`${text}\` is an amount of compute (${unit}), where a price goes`);
    expect(e.details.hint).toBe(PRICE);
  });
  it('--deadline 1800 GPU-hours', () => {
    const e = thrown(() => budgetTargetOf({ deadline: '1800 GPU-hours' }));
    expect(e.message).toBe('`1800 GPU-hours` is an amount of compute (GPU-hours), where a wall-clock duration goes');
    expect(e.details.hint).toBe(DURATION);
  });
  it.each(['1800 GPU-hours', '1800 GPUh'])('--usd %s', (text) => {
    const e = thrown(() => budgetTargetOf({ usd: text }));
    expect(e.message).toBe(`\`${text}\` is an amount of compute (GPU-hours), where a budget in US dollars goes`);
    expect(e.details.hint).toBe(BUDGET);
  });
});

// A value inside a flow mapping cut by its comma (yamlStructure.ts): the same hint as the value alone.
describe('an amount of GPU-hours cut by its thousands comma', () => {
  it.each<[string, string]>([
    ['pricing: {usd_per_gpu_hour: 1,800 GPU-hours}\n', PRICE],
    ['matrix: {pricing.usd_per_gpu_hour: [2, 1,800 GPU-hours]}\n', `${PRICE}; for 2 values, a space after each comma: [1, 800 GPU-hours]`],
  ])('%j', (text, hint) => {
    const e = thrown(() => parseYaml(text, 's.yaml'));
    expect(e.details.hint).toBe(hint);
  });
});

function thrown(f: () => unknown): InputError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('no error');
}
