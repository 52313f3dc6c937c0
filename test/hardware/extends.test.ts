/**
 * `extends:` in hardware profiles. The reference for a merged profile is the parent profile as
 * parsed on its own, with exactly the stated fields changed.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_HARDWARE_DIR, HardwareCatalog } from '../../src/cli/load/hardware.js';
import { parseHardwareProfile } from '../../src/hardware/profile.js';
import { runCli } from '../cli/run-cli.js';
import { loadProfile } from './helpers.js';
import { formattedError } from '../helpers.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-extends-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const CHEAP = `extends: h100-sxm
name: H100 SXM, our price
memory: {gb: 96}
prices:
  - {provider: Our contract, tier: specialist, usd_per_hour: 1.9, unit: gpu-hour, kind: reserved, term: 3y, date: "2026-05", confidence: datasheet, source: our purchase order}
`;

describe('extends', () => {
  it('changes only what the profile states: mappings merge, lists replace', () => {
    const h100 = loadProfile('h100-sxm');
    const cheap = new HardwareCatalog([{ dir: folder({ 'h100-cheap.yaml': CHEAP }), key: '--hardware-dir' }]).get('h100-cheap');
    expect(cheap.id).toBe('h100-cheap');
    expect(cheap.name).toBe('H100 SXM, our price');
    // HBM 'GB' are GiB (hardware/toProfile.ts memoryBytesOf: the vendor's binary-sized stacks).
    expect(cheap.memoryBytes).toBe(96 * 2 ** 30);
    // memory.bandwidth_tbps was not stated: the parent's.
    expect(cheap.memoryBandwidthBytesPerSecond).toBe(h100.memoryBandwidthBytesPerSecond);
    expect(cheap.prices.map((p) => p.usdPerHour)).toEqual([1.9]);
    expect(cheap.memoryStated).toBe('96 GB');
    const { id: _a, name: _b, memoryBytes: _c, memoryStated: _s, prices: _d, ...rest } = cheap;
    const { id: _e, name: _f, memoryBytes: _g, memoryStated: _t, prices: _h, ...parentRest } = h100;
    expect(rest).toEqual(parentRest);
  });

  it('a chain of parents', () => {
    const dir = folder({ 'h100-cheap.yaml': CHEAP, 'h100-cheaper.yaml': 'extends: h100-cheap\nname: cheaper\n' });
    const p = new HardwareCatalog([{ dir, key: '--hardware-dir' }]).get('h100-cheaper');
    expect([p.name, p.memoryBytes, p.prices[0]!.usdPerHour]).toEqual(['cheaper', 96 * 2 ** 30, 1.9]);
  });

  // The chain loading walked is recorded (ProfileLookup.parents), a parent merged once for two profiles included: what
  // cli/load/hardware.ts filesOf names as a profile's files (a report's inputs), which parsed every file's extends: again.
  it.each([
    { what: 'one parent', load: ['h100-cheap'], parents: [['h100-cheap', 'h100-sxm']] },
    { what: 'a chain', load: ['h100-cheaper'], parents: [['h100-cheap', 'h100-sxm'], ['h100-cheaper', 'h100-cheap']] },
    { what: 'a parent merged once for two', load: ['h100-cheaper', 'h100-also'], parents: [['h100-cheap', 'h100-sxm'], ['h100-cheaper', 'h100-cheap'], ['h100-also', 'h100-cheap']] },
    { what: 'no extends', load: ['h100-sxm'], parents: [] },
  ])('records the profile each extends, as merged: $what', ({ load, parents }) => {
    const texts: Record<string, string> = { 'h100-cheap': CHEAP, 'h100-cheaper': 'extends: h100-cheap\nname: cheaper\n', 'h100-also': 'extends: h100-cheap\nname: also\n', 'h100-sxm': readFileSync(join(BUNDLED_HARDWARE_DIR, 'h100-sxm.yaml'), 'utf8') };
    const lookup = { get: (id: string) => (texts[id] === undefined ? undefined : { text: texts[id]!, file: `${id}.yaml` }), ids: () => Object.keys(texts), merged: new Map(), parents: new Map<string, string>() };
    for (const id of load) parseHardwareProfile(texts[id]!, `${id}.yaml`, lookup);
    expect([...lookup.parents].sort()).toEqual(parents.sort());
  });

  it.each([
    { what: 'a bundled profile', dir: {} as Record<string, string>, id: 'h100-sxm', files: ['BUNDLED/h100-sxm.yaml'] },
    { what: 'a user profile over a bundled one', dir: { 'h100-cheap.yaml': CHEAP }, id: 'h100-cheap', files: ['DIR/h100-cheap.yaml', 'BUNDLED/h100-sxm.yaml'] },
    { what: 'a chain of two', dir: { 'h100-cheap.yaml': CHEAP, 'h100-cheaper.yaml': 'extends: h100-cheap\n' }, id: 'h100-cheaper', files: ['DIR/h100-cheaper.yaml', 'DIR/h100-cheap.yaml', 'BUNDLED/h100-sxm.yaml'] },
  ])("the catalog's filesOf: the profile's file, then its parents': $what", ({ dir, id, files }) => {
    const d = folder(dir);
    const catalog = new HardwareCatalog([{ dir: d, key: '--hardware-dir' }]);
    expect(catalog.filesOf(id)).toEqual(files.map((f) => f.replace('DIR', d).replace('BUNDLED', BUNDLED_HARDWARE_DIR)));
  });

  it.each([
    ['an unknown parent, with a suggestion', { 'x.yaml': 'name: x\nextends: h100-sx\n' }, 'x', /x\.yaml:2:1: extends: unknown hardware profile `h100-sx`\n  hint: did you mean `h100-sxm`\?/],
    ['a cycle', { 'a.yaml': 'extends: b\n', 'b.yaml': 'extends: a\n' }, 'a', /b\.yaml:1:1: extends: extends cycle: a → b → a/],
    ['itself', { 'a.yaml': 'extends: a\n' }, 'a', /a\.yaml:1:1: extends: extends cycle: a → a\n  hint: a profile cannot extend itself/],
    ['a bad value it states, at its line', { 'x.yaml': 'extends: h100-sxm\nmemory: {gb: -1}\n' }, 'x', /x\.yaml:2:10: memory\.gb: /],
    ['a misspelt key', { 'x.yaml': 'extends: h100-sxm\nmemry: {gb: 96}\n' }, 'x', /x\.yaml:2:1: memry: unknown key.*\n  hint: did you mean `memory`\?/],
    // what was found, as other messages say it (these were 'expected the id of another hardware profile' alone)
    ['a list of one id', { 'x.yaml': 'extends: [h100-sxm]\n' }, 'x', /\/x\.yaml:1:1: extends: expected the id of another hardware profile, such as h100-sxm, found a list of 1\n  hint: a profile extends one other: extends: h100-sxm$/],
    ['an empty text', { 'x.yaml': 'extends: ""\n' }, 'x', /\/x\.yaml:1:1: extends: expected the id of another hardware profile, such as h100-sxm, found ""$/],
    ['nothing', { 'x.yaml': 'extends:\n' }, 'x', /\/x\.yaml:1:1: extends: expected the id of another hardware profile, such as h100-sxm, found null$/],
    // It kept h100-sxm's 794.5 TFLOPS GEMM rate under a 100 TFLOPS peak: utilization: auto predicted 100.2% MFU.
    ['a lower peak under the parent\'s measured rates', { 'x.yaml': 'extends: h100-sxm\npeak_tflops: {bf16: 100}\n' }, 'x', /x\.yaml:1:1: achievable_matmul_tflops\.bf16: a measured rate of 794\.5 TFLOPS is above the dense peak, peak_tflops\.bf16: 100\n  hint: .*keeps the other's measured rates/],
    // A field missing from what the profile states is located at the nearest line it states (it was the `extends:` line, 1:1).
    ['a price the profile lists, missing a field', { 'x.yaml': 'extends: h100-sxm\nprices:\n  - {provider: Us, tier: specialist, usd_per_hour: 20, unit: instance-hour, kind: on-demand, date: "2026-05", confidence: datasheet, source: our quote}\n' }, 'x', /x\.yaml:3:5: prices\[0\]\.gpus_per_instance: gpus_per_instance goes with unit: instance-hour/],
    ['an id that is not the file name', { 'x.yaml': 'extends: h100-sxm\nid: y\n' }, 'x', /x\.yaml:2:1: id: id `y` does not match the file name `x`\n  hint: rename the file to y\.yaml, or set id: x$/],
    // hostile sweep 17: a file name that is no id. Stated no id, the profile takes it (extends.ts): this was "id: expected a
    // lower-case id such as h100-sxm" alone, at a key the file does not have; with an id stated, the hint offered
    // `set id: My-X`, an id the schema refuses.
    ['a file name that is no id, no id stated', { 'My GPU.yaml': 'extends: h100-sxm\n' }, 'My GPU', /My GPU\.yaml:1:1: id: expected a lower-case id such as h100-sxm, found "My GPU"\n  hint: the profile states no id, so its file's name is its id: rename My GPU\.yaml to a lower-case id such as h100-sxm\.yaml$/],
    ['a file name that is no id, an id stated', { 'My-X.yaml': 'extends: h100-sxm\nid: good\n' }, 'My-X', /My-X\.yaml:2:1: id: id `good` does not match the file name `My-X`\n  hint: rename the file to good\.yaml \(a profile's file name is its id\)$/],
    // A profile that extends nothing takes no id from its file's name: `mygpu.yaml`, H100's profile without its id line,
    // was told to rename itself to a lower-case id such as h100-sxm.yaml, which it already is (review of sweep 17).
    ['no extends, no id stated', { 'mygpu.yaml': readFileSync(join(BUNDLED_HARDWARE_DIR, 'h100-sxm.yaml'), 'utf8').replace(/^id: .*\n/m, '') }, 'mygpu', /mygpu\.yaml:\d+:1: id: required text is missing\n  hint: add id: mygpu \(a profile's id is its file's name\)$/],
    // ... and with a file name that is no id either, told to add one and name the file after it (6a54ec7 had left it no hint)
    ['no extends, no id stated, a file name that is no id', { 'My GPU.yaml': readFileSync(join(BUNDLED_HARDWARE_DIR, 'h100-sxm.yaml'), 'utf8').replace(/^id: .*\n/m, '') }, 'My GPU', /My GPU\.yaml:\d+:1: id: required text is missing\n  hint: add a lower-case id, such as id: h100-sxm, and name the file after it \(h100-sxm\.yaml\): a profile's id is its file's name$/],
    // (a hidden file, `.x.yaml`, is no profile: the folder's reading skips it, test/cli/load/files.test.ts)
    // a pattern's message tells what was found, as the others do (it was "expected a date YYYY-MM-DD, YYYY-MM or YYYY" alone)
    ['a date with a sign', { 'x.yaml': 'extends: h100-sxm\nprices:\n  - {provider: Us, tier: specialist, usd_per_hour: 2, unit: gpu-hour, kind: on-demand, date: "+2026-05-01", confidence: datasheet, source: our quote}\n' }, 'x', /x\.yaml:3:88: prices\[0\]\.date: expected a date YYYY-MM-DD, YYYY-MM or YYYY, found "\+2026-05-01"$/],
  ])('%s: a located error', (_what, files, id, expected) => {
    expect(formattedError(() => new HardwareCatalog([{ dir: folder(files), key: '--hardware-dir' }]).get(id))).toMatch(expected);
  });

  // The README's example profile (section Hardware) runs as shown, priced as the sentence under it says. It had no
  // `tier` and no `unit` (both required: every profile in a folder was refused, `flopcast hardware` too), and its
  // `confidence: uncertain` made the contract price no default for `kind: reserved`.
  const README_PROFILE = /^# hardware-profiles\/h100-ours\.yaml.*\n([\s\S]*?)^```$/m.exec(readFileSync(join(BUNDLED_HARDWARE_DIR, '..', 'README.md'), 'utf8'))?.[1];
  it.each([
    { pricing: '{kind: reserved, term: 3y}' },
    { pricing: '{kind: reserved, term: 3y, provider: Our contract}' },
  ])("the README's example profile runs as shown: pricing $pricing", async ({ pricing }) => {
    expect(README_PROFILE).toContain('extends: h100-sxm');
    const dir = folder({ 's.yaml': `model: gpt2\ntraining: {tokens: 1B}\ncluster: {gpu: h100-ours, count: 8, utilization: 0.4}\npricing: ${pricing}\n` });
    mkdirSync(join(dir, 'hardware-profiles'));
    writeFileSync(join(dir, 'hardware-profiles', 'h100-ours.yaml'), README_PROFILE!);
    const r = await runCli(['run', join(dir, 's.yaml'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [result] = JSON.parse(r.stdout).results;
    expect([result.gpu, result.usd_per_gpu_hour, result.price_kind]).toEqual(['h100-ours', 1.9, 'reserved']);
  });

  it('works from --hardware-dir and from a hardware-profiles/ folder next to the scenario', async () => {
    const hw = folder({ 'h100-cheap.yaml': CHEAP });
    const scenario = 'model: gpt3-175b\ntraining: {tokens: 300B}\ncluster: {gpu: h100-cheap, count: 1024, utilization: 0.4}\npricing: {kind: reserved, term: 3y}\n';
    const dir = folder({ 's.yaml': scenario });
    const viaFlag = await runCli(['run', join(dir, 's.yaml'), '--hardware-dir', hw, '--json']);
    expect(viaFlag.code, viaFlag.stderr).toBe(0);
    mkdirSync(join(dir, 'hardware-profiles'));
    writeFileSync(join(dir, 'hardware-profiles', 'h100-cheap.yaml'), CHEAP);
    const nextTo = await runCli(['run', join(dir, 's.yaml'), '--json']);
    expect(nextTo.code, nextTo.stderr).toBe(0);
    for (const r of [viaFlag, nextTo]) {
      const [result] = JSON.parse(r.stdout).results;
      expect(result.gpu).toBe('h100-cheap');
      expect(result.usd_per_gpu_hour).toBe(1.9);
      expect(result.peak_flops_per_gpu).toBe(989e12); // the parent's dense bf16 peak
    }
  });
});
