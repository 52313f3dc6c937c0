/** src/library/loaded.ts: what a caller's Sources loaders return is checked before the core reads it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { flopsWith, planWith, reportWith, runWith, sourcesFromTexts, type Sources } from '../../src/library/index.js';
import { loadedHardware, loadedShapes, loadedModel } from '../../src/library/loaded.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { InputError } from '../../src/input/errors.js';

const texts = (dir: string) => Object.fromEntries(readdirSync(join(PACKAGE_ROOT, dir)).filter((f) => f.endsWith('.yaml')).map((f) => [f.slice(0, -5), readFileSync(join(PACKAGE_ROOT, dir, f), 'utf8')]));
const models = texts('models');
const hardware = texts('hardware-profiles');
const base = sourcesFromTexts({ models, hardware, today: '2026-11-30' });
const SCENARIO = 'model: gpt2\ntraining: {tokens: 1B}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\npricing: {usd_per_gpu_hour: 2}\n';

function thrown(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('nothing thrown');
}

describe('the loaders of flopcast\'s own Sources pass', () => {
  // Every bundled preset and profile, as sourcesFromTexts loads them: the shapes refuse none of them.
  it('every preset and profile', () => {
    for (const id of Object.keys(models)) expect(loadedModel(id, base.loadModel(id))).toBe(base.loadModel(id));
    for (const id of Object.keys(hardware)) expect(loadedHardware(id, base.loadHardware(id))).toBe(base.loadHardware(id));
  });

  // The shapes are loose (a caller's extra field passes), so a field the conversions add and the shapes forget would go
  // unchecked: every key of every preset's Architecture and every profile, at every depth, must be one the shape names.
  it('every key they hold is one the shapes name', () => {
    const unnamed = (shape: z.ZodType, value: unknown, at: string): string[] => {
      const def = shape._zod.def as { type: string; innerType?: z.ZodType; element?: z.ZodType; valueType?: z.ZodType; shape?: Record<string, z.ZodType> };
      if (value === null || value === undefined || typeof value !== 'object') return [];
      if (def.type === 'optional' || def.type === 'nullable') return unnamed(def.innerType!, value, at);
      if (def.type === 'array') return (value as unknown[]).flatMap((v, i) => unnamed(def.element!, v, `${at}[${i}]`));
      if (def.type === 'record') return Object.entries(value).flatMap(([k, v]) => unnamed(def.valueType!, v, `${at}.${k}`));
      if (def.type !== 'object') return [`${at} (an object where the shape has ${def.type})`];
      return Object.entries(value).flatMap(([k, v]) => (k in def.shape! ? unnamed(def.shape![k]!, v, `${at}.${k}`) : [`${at}.${k}`]));
    };
    const missed = [
      ...Object.keys(models).flatMap((id) => unnamed(loadedShapes().architecture, base.loadModel(id), id)),
      ...Object.keys(hardware).flatMap((id) => unnamed(loadedShapes().hardware, base.loadHardware(id), id)),
    ];
    expect(missed).toEqual([]);
  });
});

// hostile sweep 17: a custom loader's junk was a TypeError from deep inside ("Cannot read properties of undefined
// (reading 'denseLayers')"). Each row fails on the old code (a TypeError or SyntaxError, not an InputError).
describe('a loader that returns junk is an InputError naming the loader and what was wrong', () => {
  const gpt2 = () => base.loadModel('gpt2');
  const h100 = () => base.loadHardware('h100-sxm');
  it.each([
    ['loadModel', undefined, 'returned nothing'],
    ['loadModel', 'layers: 12', 'returned text'],
    ['loadModel', Promise.resolve(1), 'returned a Promise'],
    ['loadModel', [], 'returned a list'],
    ['loadModel', {}, 'returned an object whose name is missing'],
    ['loadModel', () => ({ ...gpt2(), layers: '12' }), 'returned an object whose layers is wrong (expected number, received string)'],
    ['loadModel', () => ({ ...gpt2(), moe: {} }), 'returned an object whose moe.experts is missing'],
    // review fix4: fields the core reads that the shapes left out (hybrid: "Cannot convert undefined to a BigInt";
    // assumptions: "(arch.assumptions ?? []).map is not a function"; tdp: "reading 'confidence'"; memoryStated: "reading 'replace'").
    ['loadModel', () => ({ ...gpt2(), hybrid: {} }), 'returned an object whose hybrid.pattern is missing'],
    ['loadModel', () => ({ ...gpt2(), assumptions: 5 }), 'returned an object whose assumptions is wrong (expected array, received number)'],
    ['loadHardware', () => ({ ...h100(), tdp: undefined }), 'returned an object whose tdp is missing'],
    ['loadHardware', () => ({ ...h100(), memoryStated: undefined }), 'returned an object whose memoryStated is missing'],
    ['loadHardware', null, 'returned null'],
    ['loadHardware', {}, 'returned an object whose id is missing'],
    ['loadHardware', () => ({ ...h100(), peakFlopsPerSecond: null }), 'returned an object whose peakFlopsPerSecond is wrong (expected record, received null)'],
  ] as const)('%s returning %j', (loader, junk, message) => {
    const value = typeof junk === 'function' ? (junk as () => unknown)() : junk;
    const sources = { ...base, today: base.today, [loader]: () => value } as unknown as Sources;
    const calls = [() => flopsWith(sources, 'gpt2'), () => runWith(sources, SCENARIO), () => planWith(sources, { model: 'gpt2', gpu: 'h100-sxm', count: 8, globalBatch: 64 }),
      () => reportWith(sources, SCENARIO, { format: 'markdown' }, { version: 'test', inputs: [] })];
    for (const call of loader === 'loadModel' ? calls : calls.slice(1)) {
      const e = thrown(call);
      expect(e.message).toContain(`sources.${loader}(\``);
      expect(e.message).toContain(message);
    }
  });
});

// Leftovers of closing23: a caller's own profile was held to the shape the core reads, not to the LIMITS a profile file
// is (src/input/limits.ts, through hardware/schema.ts): a link latency of 5 s, memory of 1e-300 bytes, a price of a
// millionth of a cent or a measured rate above the peak ran. Now the file's schema judges it (toHardwareFile), told at
// the profile's key with the file's key and unit. Each row fails on the old code (nothing thrown: the run went on).
describe('a caller\'s own profile is held to the rules of a profile file', () => {
  const h100 = () => base.loadHardware('h100-sxm');
  it.each([
    ['a link latency of 5 s', () => ({ ...h100(), scaleOut: { ...h100().scaleOut, latencySeconds: 5 } }), 'scaleOut.latencySeconds', 'scale_out.latency_us, in µs'],
    ['memory of 1e-300 bytes', () => ({ ...h100(), memoryBytes: 1e-300 }), 'memoryBytes', 'memory.gib, in GiB'],
    ['a price of a millionth of a cent', () => ({ ...h100(), prices: h100().prices.map((p, i) => (i === 2 ? { ...p, usdPerHour: 1e-8 } : p)) }), 'prices[2].usdPerHour', 'prices[2].usd_per_hour, in USD per the stated unit'],
    ['a TDP of a milliwatt', () => ({ ...h100(), tdpWatts: 0.001 }), 'tdpWatts', 'tdp_w, in W'],
    ['a GEMM rate above the bf16 peak', () => ({ ...h100(), achievableMatmulFlopsPerSecond: 2e15 }), 'achievableMatmulFlopsPerSecond', 'achievable_matmul_tflops.bf16, in TFLOPS'],
    ['a price date that is no day', () => ({ ...h100(), prices: h100().prices.map((p, i) => (i === 0 ? { ...p, date: '2026-02-30' } : p)) }), 'prices[0].date', undefined],
    ['a provider with a line break', () => ({ ...h100(), prices: h100().prices.map((p, i) => (i === 0 ? { ...p, provider: 'Evil\nerror: fake' } : p)) }), 'prices[0].provider', undefined],
  ] as const)('%s', (_, make, key, asFile) => {
    const sources = { ...base, today: base.today, loadHardware: () => make() } as unknown as Sources;
    const e = thrown(() => runWith(sources, SCENARIO));
    // told where the scenario names the GPU, as the shape's errors are
    expect(e.details.keyPath).toBe('cluster.gpu');
    expect(e.message).toContain(`sources.loadHardware(\`h100-sxm\`) returned a profile whose ${key} breaks a hardware profile's rule${asFile ? ` (a profile file's ${asFile})` : ''}: `);
  });

  it('every bundled profile, back in the file\'s form, passes the file\'s schema', () => {
    for (const id of Object.keys(hardware)) expect(() => loadedHardware(id, base.loadHardware(id))).not.toThrow();
  });
});
