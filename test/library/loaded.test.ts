/** src/library/loaded.ts: what a caller's Sources loaders return is checked before the core reads it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { flopsWith, planWith, reportWith, runWith, sourcesFromTexts, type Sources } from '../../src/library/index.js';
import { ArchitectureShape, HardwareShape, loadedHardware, loadedModel } from '../../src/library/loaded.js';
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
      ...Object.keys(models).flatMap((id) => unnamed(ArchitectureShape, base.loadModel(id), id)),
      ...Object.keys(hardware).flatMap((id) => unnamed(HardwareShape, base.loadHardware(id), id)),
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
