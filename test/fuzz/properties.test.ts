/**
 * Property tests on the pure core (issue 4, bullet 4): scaling laws of the estimate, monotonicity
 * of the FLOP count, parameter counts, and the CLI's JSON being exact, round-tripping and
 * deterministic. Seeded and reproducible: see ./config.ts.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { HardwareCatalog } from '../../src/cli/load/hardware.js';
import { presetIds } from '../../src/cli/load/model.js';
import { analyse } from '../../src/flops/analyse.js';
import { peakFlops } from '../../src/hardware/profile.js';
import { estimateRun, type RunInputs } from '../../src/estimate/run.js';
import { countParams } from '../../src/model/params.js';
import type { ModelInput } from '../../src/model/schema.js';
import { runCli } from '../cli/run-cli.js';
import { arch } from '../helpers.js';
import { SCENARIOS_DIR, bundledScenarios, checkJsonText, checkRunJson, RUN_JSON_NULLABLE } from '../reliability/helpers.js';
import { SEED, runs, timeoutFor } from './config.js';
import { join } from 'node:path';

const n = runs(40);
const opts = { seed: SEED, numRuns: n };
let tried = 0;
const started = Date.now();
afterAll(() => console.log(`flopcast fuzz (properties): seed ${SEED}, ${tried} inputs tried, 0 failed, ${((Date.now() - started) / 1000).toFixed(1)} s`));

const catalog = new HardwareCatalog([]);
const GPUS = catalog.ids().filter((id) => catalog.get(id).tdpWatts !== null && (() => { try { peakFlops(catalog.get(id), 'bf16'); return true; } catch { return false; } })());

/** Small but varied dense and MoE models, as users write them. */
const MODEL: fc.Arbitrary<ModelInput> = fc
  .record({
    layers: fc.integer({ min: 1, max: 128 }),
    heads: fc.constantFrom(1, 2, 4, 8, 16, 32, 64),
    dHead: fc.constantFrom(32, 64, 80, 128),
    ffMult: fc.integer({ min: 1, max: 8 }),
    vocab: fc.integer({ min: 2, max: 256_000 }),
    seq_len: fc.integer({ min: 1, max: 32_768 }),
    ffn: fc.constantFrom('gelu' as const, 'swiglu' as const),
    tied: fc.boolean(),
    bias: fc.boolean(),
    position: fc.constantFrom('learned' as const, 'rotary' as const),
  })
  .map((m) => ({
    layers: m.layers, d_model: m.heads * m.dHead, heads: m.heads, d_ff: m.ffMult * m.heads * m.dHead, vocab: m.vocab, seq_len: m.seq_len,
    ffn: m.ffn, tied_embeddings: m.tied, bias: m.bias, position: m.position,
  }));

const modelFlops = (m: ModelInput, tokens = 1e9) => analyse(arch(m), { tokens }).totals.model;

function inputs(m: ModelInput, gpu: string, count: number, mfu: number, tokens: number, price: number): RunInputs {
  const hardware = catalog.get(gpu);
  return {
    name: 'p', label: '', analysis: analyse(arch(m), { tokens }), hardware, precision: 'bf16', peakFlopsPerSecond: peakFlops(hardware, 'bf16'),
    gpuCount: count, throughput: { kind: 'utilization', mfu }, globalBatchTokens: null, price: { usdPerGpuHour: price, source: 'test', kind: 'given', providers: [] }, fixedUsd: 1000,
    energy: { pue: 1.2, usdPerKwh: 0.1, kgCo2PerKwh: 0.4, powerFraction: 1 },
  };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));

describe(`invariants of the core (seed ${SEED})`, () => {
  it('at fixed utilisation, doubling the GPUs halves wall-clock and keeps GPU-hours, energy and cost', () => {
    fc.assert(fc.property(MODEL, fc.constantFrom(...GPUS), fc.integer({ min: 1, max: 2 ** 20 }), fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 1e3, max: 1e14, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }),
      (m, gpu, count, mfu, tokens, price) => {
        tried++;
        const a = estimateRun(inputs(m, gpu, count, mfu, tokens, price));
        const b = estimateRun(inputs(m, gpu, 2 * count, mfu, tokens, price));
        return close(b.wallClockSeconds * 2, a.wallClockSeconds) && close(b.gpuHours, a.gpuHours) && close(b.cost.totalUsd, a.cost.totalUsd) && close(b.energyKwh!, a.energyKwh!);
      }), opts);
  });

  it('FLOPs grow with layers, width (heads fixed), tokens and top-k', () => {
    fc.assert(fc.property(MODEL, fc.integer({ min: 1, max: 16 }), fc.constantFrom(16, 32), fc.double({ min: 1, max: 1e15, noNaN: true }), (m, more, widen, tokens) => {
      tried++;
      const base = modelFlops(m, tokens);
      const deeper = modelFlops({ ...m, layers: m.layers + more }, tokens);
      const wider = modelFlops({ ...m, d_model: m.d_model + m.heads * widen }, tokens);
      const longer = modelFlops(m, tokens * 2);
      return deeper > base && wider > base && longer > base;
    }), opts);
    fc.assert(fc.property(MODEL, fc.integer({ min: 2, max: 64 }), fc.integer({ min: 1, max: 63 }), (m, experts, k) => {
      tried++;
      const topK = Math.min(k, experts - 1);
      const moe = (top_k: number) => modelFlops({ ...m, moe: { experts, top_k, d_ff_expert: m.d_ff! } });
      return moe(topK + 1) > moe(topK);
    }), opts);
  });

  it('tied embeddings never have more parameters than untied', () => {
    fc.assert(fc.property(MODEL, (m) => {
      tried++;
      return countParams(arch({ ...m, tied_embeddings: true })).total <= countParams(arch({ ...m, tied_embeddings: false })).total;
    }), opts);
  });
});

describe(`CLI JSON: exact, round-trips, deterministic (seed ${SEED})`, () => {
  // Few distinct inputs exist (presets × conventions, subsets of six scenarios): cap the long run.
  const jsonRuns = Math.min(500, Math.max(5, Math.ceil(n / 4)));

  it('flops --json', { timeout: timeoutFor(jsonRuns, 100) }, async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...presetIds()), fc.oneof(fc.integer({ min: 1, max: 2 ** 53 - 1 }), fc.constantFrom(1, 300e9, 15.6e12)), fc.constantFrom('full', 'causal'), fc.constantFrom('none', 'selective', 'full'),
      async (model, tokens, attention, recompute) => {
        tried++;
        const args = ['flops', model, '--tokens', String(tokens), '--attention', attention, '--recompute', recompute, '--json'];
        const a = await runCli(args);
        const b = await runCli(args);
        expect(a.code, a.stderr).toBe(0);
        checkJsonText(a.stdout, new Set());
        expect(b.stdout).toBe(a.stdout);
      }), { ...opts, numRuns: jsonRuns });
  });

  it('run --json', { timeout: timeoutFor(jsonRuns, 200) }, async () => {
    await fc.assert(fc.asyncProperty(fc.subarray(bundledScenarios(), { minLength: 1, maxLength: 3 }), fc.constantFrom(undefined, 'cost', 'time', 'energy'), async (files, sort) => {
      tried++;
      const args = ['run', ...files.map((f) => join(SCENARIOS_DIR, f)), '--json', ...(sort ? ['--sort', sort] : [])];
      const a = await runCli(args);
      const b = await runCli(args);
      expect(a.code, a.stderr).toBe(0);
      checkRunJson(a.stdout);
      checkJsonText(a.stdout, RUN_JSON_NULLABLE);
      expect(b.stdout).toBe(a.stdout);
    }), { ...opts, numRuns: Math.min(jsonRuns, 150) });
  });
});
