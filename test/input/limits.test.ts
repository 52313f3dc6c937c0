/**
 * src/input/limits.ts: the bounds on figures no run has (a PUE of 50, memory of 1e11 TB/s, a utilisation of 1e-12,
 * 2^53 − 1 GPUs), each refused with exit 2, the bound and its reason, in a scenario, a profile and a flag alike, and shown
 * by the JSON Schema. Every refusal below ran on the old code (exit 0, figures of trillions of days or none at all).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BANDWIDTH_UNITS, LIMIT_REASONS, LIMITS, maxBandwidth } from '../../src/input/limits.js';
import { parseHardwareProfile } from '../../src/hardware/index.js';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';
import { hardwareJsonSchema } from '../../src/hardware/jsonSchema.js';
import { GOOD_SCENARIO, thrownInputError } from '../helpers.js';
import { profileText } from '../hardware/helpers.js';
import { runCli } from '../cli/run-cli.js';
import { scenarioError } from './scenarioError.js';

/** A bound as messages write a whole number: its thousands grouped (`<= 10,000,000`, as the bound's hint says it). */
const grouped = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 20 });

const line = (from: string, to: string) => {
  expect(GOOD_SCENARIO).toContain(from);
  return GOOD_SCENARIO.replace(from, to);
};

describe('bounds of a scenario', () => {
  it.each([
    ['PUE 50', line('  usd_per_gpu_hour: 2\n', '  usd_per_gpu_hour: 2\nenergy: {pue: 50}\n'), 'energy.pue: expected a value <= 3, found 50', LIMIT_REASONS.pue],
    ['PUE as text', line('  usd_per_gpu_hour: 2\n', '  usd_per_gpu_hour: 2\nenergy: {pue: "5 * 10"}\n'), 'energy.pue: expected a value <= 3, found "5 * 10"', LIMIT_REASONS.pue],
    ['PUE below 1', line('  usd_per_gpu_hour: 2\n', '  usd_per_gpu_hour: 2\nenergy: {pue: 0.9}\n'), 'energy.pue: expected a value >= 1, found 0.9', LIMIT_REASONS.pue],
    ['an owned cluster\'s PUE', line('  usd_per_gpu_hour: 2\n', '  kind: owned\n  capex_usd_per_gpu: 30k\n  amortization_years: 4\n  pue: 50\n'), 'pricing.pue: expected a value <= 3, found 50', LIMIT_REASONS.pue],
    ['utilization 1e-12', line('utilization: 0.4', 'utilization: 1e-12'), 'cluster.utilization: expected a value >= 0.001, found 1e-12', LIMIT_REASONS.utilization],
    ['a range\'s low utilisation', line('utilization: 0.4', 'utilization: [1e-12, 0.5]'), 'cluster.utilization[0]: expected a value >= 0.001, found 1e-12', LIMIT_REASONS.utilization],
    ['achieved TFLOPS 1e-12', line('utilization: 0.4', 'achieved_tflops: 1e-12'), 'cluster.achieved_tflops: expected a value >= 0.001, found 1e-12', undefined],
    ['2^53 − 1 GPUs', line('count: 1024', 'count: 9007199254740991'), `cluster.count: expected a value <= ${grouped(LIMITS.gpuCount)}, found 9007199254740991`, LIMIT_REASONS.gpuCount],
    ['GPUs as text', line('count: 1024', 'count: 2^40'), `cluster.count: expected a value <= ${grouped(LIMITS.gpuCount)}, found "2^40"`, LIMIT_REASONS.gpuCount],
    // Sweep 32: a parallel degree counts GPUs (the count's bound); tp: 1e9 was told by the layout rules ("tp = 1000000000 does not divide ...").
    ['tp 1e9', line('  utilization: 0.4\n', '  utilization: 0.4\n  parallelism: {tp: 1e9}\n'), `cluster.parallelism.tp: expected a value <= ${grouped(LIMITS.gpuCount)}, found 1000000000`, LIMIT_REASONS.parallelDegree],
    ['a shard group as text', line('  utilization: 0.4\n', '  utilization: 0.4\n  parallelism: {shard_group: "2^40"}\n'), `cluster.parallelism.shard_group: expected a value <= ${grouped(LIMITS.gpuCount)}, found "2^40"`, LIMIT_REASONS.parallelDegree],
    ['a network of 1e30 GB/s', line('  utilization: 0.4\n', '  utilization: 0.4\n  network: {scale_out: {bandwidth_gbps: 1e30}}\n'), `cluster.network.scale_out.bandwidth_gbps: expected a value <= ${grouped(1e17 / 1e9)}, found 1e30`, LIMIT_REASONS.bandwidth],
    ['amortisation over 1e308 years', line('  usd_per_gpu_hour: 2\n', '  kind: owned\n  capex_usd_per_gpu: 30k\n  amortization_years: 1e308\n'), `pricing.amortization_years: expected a value <= ${grouped(LIMITS.amortizationYears)}, found 1e308`, LIMIT_REASONS.amortizationYears],
    ['a price of 1e-320', line('usd_per_gpu_hour: 2', 'usd_per_gpu_hour: 1e-320'), `pricing.usd_per_gpu_hour: expected 0 or at least ${LIMITS.minUsdPerGpuHour}, found 1e-320`, LIMIT_REASONS.price],
    ['a range\'s low price', line('usd_per_gpu_hour: 2', 'usd_per_gpu_hour: [0.00001, 2]'), `pricing.usd_per_gpu_hour[0]: expected 0 or at least ${LIMITS.minUsdPerGpuHour}, found 0.00001`, LIMIT_REASONS.price],
    ['a rental compared with at 1e-320', line('  usd_per_gpu_hour: 2\n', '  kind: owned\n  capex_usd_per_gpu: 30k\n  amortization_years: 4\n  compare_with: {usd_per_gpu_hour: 1e-320}\n'), `pricing.compare_with.usd_per_gpu_hour: expected 0 or at least ${LIMITS.minUsdPerGpuHour}, found 1e-320`, LIMIT_REASONS.price],
    // polish 23: a purchase or electricity price of 1e-320 was accepted (an owned cluster at $0.0000 per GPU-hour).
    ['a purchase of 1e-320 per GPU', line('  usd_per_gpu_hour: 2\n', '  kind: owned\n  capex_usd_per_gpu: 1e-320\n  amortization_years: 4\n'), `pricing.capex_usd_per_gpu: expected a value >= ${LIMITS.minUsdPerGpu}, found 1e-320`, LIMIT_REASONS.purchase],
    ['a server of 8 GPUs bought for $4', line('  usd_per_gpu_hour: 2\n', '  kind: owned\n  capex_usd_per_node: 4\n  gpus_per_node: 8\n  amortization_years: 4\n'), `pricing.capex_usd_per_node: expected at least ${LIMITS.minUsdPerGpu} per GPU, found 4 per server of 8 GPUs`, LIMIT_REASONS.purchase],
    ['an owned cluster\'s electricity at 1e-320', line('  usd_per_gpu_hour: 2\n', '  kind: owned\n  capex_usd_per_gpu: 30k\n  amortization_years: 4\n  usd_per_kwh: 1e-320\n'), `pricing.usd_per_kwh: expected 0 or at least ${LIMITS.minUsdPerKwh}, found 1e-320`, LIMIT_REASONS.electricity],
    // sweep 33: kg_co2_per_kwh: 1e21 printed 4.200e17 t of CO2; grams per kWh written as kilograms is the slip.
    ['carbon in grams per kWh', line('  usd_per_gpu_hour: 2\n', '  usd_per_gpu_hour: 2\nenergy: {kg_co2_per_kwh: 373}\n'), `energy.kg_co2_per_kwh: expected a value <= ${grouped(LIMITS.maxKgCo2PerKwh)}, found 373`, LIMIT_REASONS.carbon],
    ['electricity per Wh', line('  usd_per_gpu_hour: 2\n', '  usd_per_gpu_hour: 2\nenergy: {usd_per_kwh: 0.00008}\n'), `energy.usd_per_kwh: expected 0 or at least ${LIMITS.minUsdPerKwh}, found 0.00008`, LIMIT_REASONS.electricity],
    ['a utilisation above 1, for comparison', line('utilization: 0.4', 'utilization: 1.2'), 'cluster.utilization: expected a value <= 1, found 1.2', undefined],
    // A link latency of 1e300 µs overflowed the step time, blamed on cluster.utilization (LIMITS.linkLatencyMicroseconds).
    ['a scale-out latency of 1e300 µs', line('  utilization: 0.4\n', '  utilization: 0.4\n  network: {scale_out: {latency_us: 1e300}}\n'), `cluster.network.scale_out.latency_us: expected a value <= ${grouped(LIMITS.linkLatencyMicroseconds)}, found 1e300`, LIMIT_REASONS.latency],
    ['a scale-up latency of 5 s, as text', line('  utilization: 0.4\n', '  utilization: 0.4\n  network: {scale_up: {latency_us: "5 * 10^6"}}\n'), `cluster.network.scale_up.latency_us: expected a value <= ${grouped(LIMITS.linkLatencyMicroseconds)}, found "5 * 10^6"`, LIMIT_REASONS.latency],
    ['a network of 1e30 Gb/s', line('  utilization: 0.4\n', '  utilization: 0.4\n  network: {scale_up: {bandwidth_gbit_s: 1e30}}\n'), `cluster.network.scale_up.bandwidth_gbit_s: expected a value <= ${grouped(8e17 / 1e9)}, found 1e30`, LIMIT_REASONS.bandwidth],
    // sweep32: a percentage where the value is no ratio was read (64 GPUs, $2.50 an hour); fail on the old code (exit 0).
    ['GPUs as a percentage', line('count: 1024', 'count: 6400%'), 'cluster.count: expected an integer, found the percentage `6400%`', 'a count of whole things is no percentage: write the number itself'],
    ['a price as a percentage', line('usd_per_gpu_hour: 2', 'usd_per_gpu_hour: 250%'), 'pricing.usd_per_gpu_hour: expected a number, found the percentage `250%`', 'this value is no share of anything: write the number itself'],
  ])('%s', async (_, text, message, hint) => {
    const e = scenarioError(text);
    if (typeof message === 'string') expect(e).toContain(message);
    else expect(e).toMatch(message);
    if (hint) expect(e).toContain(`hint: ${hint}`);
    // The command line: exit 2, the same words, no stack.
    const r = await runCli(['run', scenarioFile(text)]);
    expect(r.code).toBe(2);
    if (typeof message === 'string') expect(r.stderr).toContain(message);
    else expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  // Above the peak, as utilization: 1.2 is (refused by its schema), at resolve time (the peak is the profile's): H100 SXM's
  // dense bf16 peak is 989 TFLOP/s (its profile); GPT-3 175B at 2,048 tokens: 6 × 174.6e9 + 12 × 96 × 12,288 × 2,048
  // ≈ 1.077e12 FLOPs a token, so 1,000 tokens/s per GPU is about 109% of it.
  it.each([
    ['achieved TFLOPS above the peak', line('utilization: 0.4', 'achieved_tflops: 1200'), 'cluster.achieved_tflops: 1,200 TFLOP/s per GPU implies 121.3% MFU: above the bf16 peak'],
    ['a range\'s high achieved TFLOPS above the peak', line('utilization: 0.4', 'achieved_tflops: [400, 1200]'), 'cluster.achieved_tflops: 1,200 TFLOP/s per GPU implies 121.3% MFU: above the bf16 peak'],
    ['tokens/s above the peak', line('utilization: 0.4', 'tokens_per_second_per_gpu: 1000'), /cluster\.tokens_per_second_per_gpu: 1,000 tokens\/s per GPU implies 10\d\.\d% MFU: above the bf16 peak\n {2}hint: no GPU runs faster than its peak/],
    ['above even the fp8 GEMMs\' peak', line('utilization: 0.4', 'achieved_tflops: 2000').replace('tokens: 300B', 'tokens: 300B\n  gemm_precision: fp8'), /cluster\.achieved_tflops: 2,000 TFLOP\/s per GPU implies 202\.2% MFU \(101\.1% of the fp8 peak in hardware FLOPs\): above the fp8 peak/],
  ])('refused when the run resolves: %s', async (_, text, message) => {
    const r = await runCli(['run', scenarioFile(text)]);
    expect(r.code).toBe(2);
    if (typeof message === 'string') expect(r.stderr).toContain(message);
    else expect(r.stderr).toMatch(message);
  });
  it.each([
    ['at the bf16 peak', line('utilization: 0.4', 'achieved_tflops: 989')],
    ['above the bf16 peak with fp8 GEMMs (peak 1,979)', line('utilization: 0.4', 'achieved_tflops: 1200').replace('tokens: 300B', 'tokens: 300B\n  gemm_precision: fp8')],
  ])('achieved TFLOPS %s runs', async (_, text) => {
    const r = await runCli(['run', scenarioFile(text)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.each([
    ['PUE 3', line('  usd_per_gpu_hour: 2\n', '  usd_per_gpu_hour: 2\nenergy: {pue: 3}\n')],
    ['utilization 0.001', line('utilization: 0.4', 'utilization: 0.001')],
    [`${LIMITS.gpuCount} GPUs`, line('count: 1024', `count: ${LIMITS.gpuCount}`)],
    [`amortisation over ${LIMITS.amortizationYears} years`, line('  usd_per_gpu_hour: 2\n', `  kind: owned\n  capex_usd_per_gpu: 30k\n  amortization_years: ${LIMITS.amortizationYears}\n`)],
    ['a price of 0 (compute already paid for)', line('usd_per_gpu_hour: 2', 'usd_per_gpu_hour: 0')],
    [`a price of ${LIMITS.minUsdPerGpuHour}`, line('usd_per_gpu_hour: 2', `usd_per_gpu_hour: ${LIMITS.minUsdPerGpuHour}`)],
    ['a link latency of one second (farther than any two points on Earth over fibre)', line('  utilization: 0.4\n', `  utilization: 0.4\n  network: {scale_out: {latency_us: ${LIMITS.linkLatencyMicroseconds}}}\n`)],
    ['a network of 100 PB/s', line('  utilization: 0.4\n', '  utilization: 0.4\n  network: {scale_out: {bandwidth_gbps: 1e8}}\n')],
    [`a purchase of ${LIMITS.minUsdPerGpu} per GPU`, line('  usd_per_gpu_hour: 2\n', `  kind: owned\n  capex_usd_per_gpu: ${LIMITS.minUsdPerGpu}\n  amortization_years: 4\n`)],
    [`a server of 8 GPUs at ${8 * LIMITS.minUsdPerGpu}`, line('  usd_per_gpu_hour: 2\n', `  kind: owned\n  capex_usd_per_node: ${8 * LIMITS.minUsdPerGpu}\n  gpus_per_node: 8\n  amortization_years: 4\n`)],
    [`carbon at ${LIMITS.maxKgCo2PerKwh} kg per kWh`, line('  usd_per_gpu_hour: 2\n', `  usd_per_gpu_hour: 2\nenergy: {kg_co2_per_kwh: ${LIMITS.maxKgCo2PerKwh}}\n`)],
    ['carbon-free power', line('  usd_per_gpu_hour: 2\n', '  usd_per_gpu_hour: 2\nenergy: {kg_co2_per_kwh: 0}\n')],
    ['free electricity (power not counted)', line('  usd_per_gpu_hour: 2\n', '  kind: owned\n  capex_usd_per_gpu: 30k\n  amortization_years: 4\n  usd_per_kwh: 0\n')],
    [`electricity at ${LIMITS.minUsdPerKwh} per kWh`, line('  usd_per_gpu_hour: 2\n', `  usd_per_gpu_hour: 2\nenergy: {usd_per_kwh: ${LIMITS.minUsdPerKwh}}\n`)],
  ])('the bound itself runs: %s', (_, text) => {
    expect(scenarioError(text)).toBe('no error');
  });
});

describe('bounds of a hardware profile', () => {
  const H100 = profileText('h100-sxm');
  it.each([
    ['bandwidth_tbps: 3.35', 'bandwidth_tbps: 1e11', 'memory.bandwidth_tbps', maxBandwidth('TB/s')],
    ['bandwidth_gbps: 450', 'bandwidth_gbps: 1e9', 'scale_up.bandwidth_gbps', maxBandwidth('GB/s')],
    ['bandwidth_bidirectional_gbps: 900', 'bandwidth_bidirectional_gbps: 1e9', 'scale_up.bandwidth_bidirectional_gbps', maxBandwidth('GB/s', 2)],
    ['bandwidth_gbit_s: 400', 'bandwidth_gbit_s: 1e9', 'scale_out.bandwidth_gbit_s', maxBandwidth('Gb/s')],
  ])('%s -> %s', (from, to, keyPath, max) => {
    expect(H100).toContain(from);
    const e = thrownInputError(() => parseHardwareProfile(H100.replace(from, to), 'h.yaml'));
    expect(e.details.keyPath).toBe(keyPath);
    expect(e.message).toMatch(new RegExp(`^expected a value <= ${grouped(max)}, found `));
    expect(e.details.hint).toBe(LIMIT_REASONS.bandwidth);
  });

  // Near-zero capacities and prices: `gb: 1e-320` was accepted, a GPU on which nothing fits.
  it.each([
    ['memory: {gb: 80,', 'memory: {gb: 1e-320,', 'memory.gb', `expected a value >= ${LIMITS.minMemoryGb}, found 1e-320`, LIMIT_REASONS.memory],
    ['memory: {gb: 80,', 'memory: {gib: 0.05,', 'memory.gib', `expected a value >= ${LIMITS.minMemoryGb}, found 0.05`, LIMIT_REASONS.memory],
    ['tdp_w: 700', 'tdp_w: 1e-320', 'tdp_w', `expected a value >= ${LIMITS.minTdpWatts}, found 1e-320`, LIMIT_REASONS.tdp],
    ['usd_per_hour: 98.32,', 'usd_per_hour: 1e-320,', 'prices[0].usd_per_hour', `expected at least ${LIMITS.minUsdPerGpuHour} per GPU-hour, found 1e-320 per instance of 8 GPUs is 1.25e-321 per GPU-hour`, LIMIT_REASONS.price],
    ['sources:', 'purchase_usd:\n  - {seller: s, usd: 1e-320, date: "2025-01-01", confidence: secondary source, source: s}\nsources:', 'purchase_usd[0].usd', `expected a value >= ${LIMITS.minUsdPerGpu}, found 1e-320`, LIMIT_REASONS.purchase],
    ['usd_per_hour: 98.32,', 'usd_per_hour: 0.0004,', 'prices[0].usd_per_hour', `expected at least ${LIMITS.minUsdPerGpuHour} per GPU-hour, found 0.0004 per instance of 8 GPUs is 0.00005 per GPU-hour`, LIMIT_REASONS.price],
  ])('%s -> %s', (from, to, keyPath, message, hint) => {
    expect(H100).toContain(from);
    const e = thrownInputError(() => parseHardwareProfile(H100.replace(from, to), 'h.yaml'));
    expect(e.details.keyPath).toBe(keyPath);
    expect(e.message).toBe(message);
    expect(e.details.hint).toBe(hint);
  });
  it.each([
    ['memory: {gb: 80,', `memory: {gb: ${LIMITS.minMemoryGb},`],
    ['tdp_w: 700', `tdp_w: ${LIMITS.minTdpWatts}`],
    ['usd_per_hour: 98.32,', `usd_per_hour: ${8 * LIMITS.minUsdPerGpuHour},`],
    ['sources:', `purchase_usd:\n  - {seller: s, usd: ${LIMITS.minUsdPerGpu}, date: "2025-01-01", confidence: secondary source, source: s}\nsources:`],
  ])('the bound itself is accepted: %s -> %s', (from, to) => {
    expect(() => parseHardwareProfile(H100.replace(from, to), 'h100-sxm.yaml')).not.toThrow();
  });

  it.each([
    ['latency_us: 3', 'latency_us: 1e7', 'scale_up.latency_us'],
    ['latency_us: 5', 'latency_us: 1e300', 'scale_out.latency_us'],
  ])('%s -> %s', (from, to, keyPath) => {
    expect(H100).toContain(from);
    const e = thrownInputError(() => parseHardwareProfile(H100.replace(from, to), 'h.yaml'));
    expect(e.details.keyPath).toBe(keyPath);
    expect(e.message).toMatch(new RegExp(`^expected a value <= ${grouped(LIMITS.linkLatencyMicroseconds)}, found `));
    expect(e.details.hint).toBe(LIMIT_REASONS.latency);
  });
  it('the latency bound itself is accepted', () => {
    expect(() => parseHardwareProfile(H100.replace('latency_us: 5', `latency_us: ${LIMITS.linkLatencyMicroseconds}`), 'h100-sxm.yaml')).not.toThrow();
  });
  // Light in fibre: c / 1.47 ≈ 2.04e5 km/s; half the Earth's 40,075 km circumference is about 98 ms one way, so one
  // second is ten times the farthest reach on Earth, and 10^5 times the bundled fabrics' 3 to 10 µs.
  it('the latency limit is one second, ten times the farthest one-way reach over fibre on Earth', () => {
    const farthestSeconds = 40_075 / 2 / (299_792.458 / 1.47);
    expect(farthestSeconds).toBeCloseTo(0.098, 3);
    expect(LIMITS.linkLatencyMicroseconds * 1e-6).toBeGreaterThan(10 * farthestSeconds * 0.99);
    expect(LIMITS.linkLatencyMicroseconds).toBe(1e6);
  });

  it('the limit is 100 PB/s in every unit', () => {
    expect(maxBandwidth('TB/s')).toBe(1e5);
    expect(maxBandwidth('GB/s')).toBe(1e8);
    expect(maxBandwidth('Gb/s')).toBe(8e8);
    expect(Object.keys(BANDWIDTH_UNITS)).toEqual(['TB/s', 'GB/s', 'Gb/s']);
  });
});

describe('the GPU count of a flag: the bound of cluster.count', () => {
  it.each([
    [['plan', '--model', 'llama-3-8b', '--gpu', 'h100-sxm', '--count', '9007199254740991', '--global-batch', '512']],
    [['budget', '--model', 'llama-3-8b', '--tokens', '1T', '--gpu', 'h100-sxm', '--count', '2e7']],
  ])('%j', async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: --count: \\S+ is above the limit of ${LIMITS.gpuCount}\\n  hint: ${LIMIT_REASONS.gpuCount.replace(/[()]/g, '\\$&')}\\n$`));
  });
});

// Sweep 32: a parallel degree of a flag is held to the GPU count's bound and told as typed; `--tp 1e9` was "tp =
// 1000000000 does not divide the 64 GPUs", the layout rules echoing the parsed number. Each row fails on the old code.
describe('the parallel degree of a flag: the bound of cluster.count, told as typed', () => {
  it.each([['--tp', '1e9'], ['--cp', '1e12'], ['--ep', '1e8'], ['--shard-group', '20000000']])('%s %s', async (flag, typed) => {
    const r = await runCli(['plan', '--model', 'llama-3-8b', '--gpu', 'h100-sxm', '--count', '64', '--global-batch', '512', flag, typed]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${flag}: ${typed} is above the limit of ${LIMITS.gpuCount}\n  hint: ${LIMIT_REASONS.parallelDegree}\n`);
  });
  it('the bound itself is a layout question', async () => {
    const r = await runCli(['plan', '--model', 'llama-3-8b', '--gpu', 'h100-sxm', '--count', '64', '--global-batch', '512', '--tp', String(LIMITS.gpuCount)]);
    expect(r.stderr).toContain(`impossible layout: tp = ${LIMITS.gpuCount} does not divide the 64 GPUs`);
  });
});

describe('the JSON Schemas show the bounds', () => {
  const numberForm = (node: unknown): Record<string, unknown> => ((node as { anyOf: Record<string, unknown>[] }).anyOf.find((b) => b.type === 'number' || b.type === 'integer'))!;
  it('scenario', () => {
    const s = scenarioJsonSchema() as { properties: Record<string, { properties: Record<string, unknown> }> };
    expect(numberForm(s.properties.energy!.properties.pue)).toMatchObject({ minimum: 1, maximum: LIMITS.pue });
    expect(numberForm(s.properties.pricing!.properties.pue)).toMatchObject({ minimum: 1, maximum: LIMITS.pue });
    expect(numberForm(s.properties.cluster!.properties.count)).toMatchObject({ maximum: LIMITS.gpuCount });
    const parallelism = s.properties.cluster!.properties.parallelism as { properties: Record<string, unknown> };
    for (const degree of ['tp', 'pp', 'dp', 'cp', 'ep', 'etp', 'shard_group']) expect(numberForm(parallelism.properties[degree]), degree).toMatchObject({ maximum: LIMITS.gpuCount });
    const network = s.properties.cluster!.properties.network as { properties: Record<'scale_up' | 'scale_out', { properties: { latency_us: unknown } }> };
    for (const link of ['scale_up', 'scale_out'] as const) expect(numberForm(network.properties[link].properties.latency_us)).toMatchObject({ exclusiveMinimum: 0, maximum: LIMITS.linkLatencyMicroseconds });
    const util = s.properties.cluster!.properties.utilization as { anyOf: { anyOf?: unknown[] }[] };
    expect(numberForm(util.anyOf[1]!.anyOf![0])).toMatchObject({ minimum: LIMITS.minRate, maximum: 1 });
  });
  it('an owned electricity price states both bounds and their premise once', () => {
    // The description joined the two refusals' hints, each opening with the same premise (leftover32's mend).
    const s = JSON.stringify(scenarioJsonSchema());
    const owned = /"description":"kind: owned: electricity price per kWh[^"]*"/.exec(s)?.[0] ?? '';
    expect(owned).toContain(`less than $${LIMITS.minUsdPerKwh} is a unit slip`);
    expect(owned).toContain(`more than $${LIMITS.maxUsdPerKwh} is a unit slip`);
    expect(owned.split('electricity costs cents per kWh').length - 1).toBe(1);
  });
  it('hardware', () => {
    const h = hardwareJsonSchema() as { properties: { memory: { properties: { bandwidth_tbps: unknown } } } & Record<'scale_up' | 'scale_out', { properties: { latency_us: unknown } }> };
    expect(h.properties.memory.properties.bandwidth_tbps).toMatchObject({ maximum: maxBandwidth('TB/s') });
    for (const link of ['scale_up', 'scale_out'] as const) expect(h.properties[link].properties.latency_us).toMatchObject({ maximum: LIMITS.linkLatencyMicroseconds });
  });
});

let files = 0;
const dir = mkdtempSync(join(tmpdir(), 'flopcast-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function scenarioFile(text: string): string {
  const path = join(dir, `s${files++}.yaml`);
  writeFileSync(path, text);
  return path;
}
