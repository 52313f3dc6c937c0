/** src/library/loaded.ts: what a caller's Sources loaders return is checked before the core reads it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flopsWith, planWith, runWith, sourcesFromTexts, type Sources } from '../../src/library/index.js';
import { loadedHardware, loadedModel } from '../../src/library/loaded.js';
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
    ['loadHardware', null, 'returned null'],
    ['loadHardware', {}, 'returned an object whose id is missing'],
    ['loadHardware', () => ({ ...h100(), peakFlopsPerSecond: null }), 'returned an object whose peakFlopsPerSecond is wrong (expected record, received null)'],
  ] as const)('%s returning %j', (loader, junk, message) => {
    const value = typeof junk === 'function' ? (junk as () => unknown)() : junk;
    const sources = { ...base, today: base.today, [loader]: () => value } as unknown as Sources;
    const calls = [() => flopsWith(sources, 'gpt2'), () => runWith(sources, SCENARIO), () => planWith(sources, { model: 'gpt2', gpu: 'h100-sxm', count: 8, globalBatch: 64 })];
    for (const call of loader === 'loadModel' ? calls : calls.slice(1)) {
      const e = thrown(call);
      expect(e.message).toContain(`sources.${loader}(\``);
      expect(e.message).toContain(message);
    }
  });
});
