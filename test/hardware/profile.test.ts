/** parseHardwareProfile errors, peakFlops, selectPrice and listSummary. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/errors.js';
import { listSummary, parseHardwareProfile, peakFlops, selectPrice, type HardwareProfile, type Precision, type PriceQuery } from '../../src/hardware/index.js';
import { loadProfile, profileText } from './helpers.js';

const FILE = 'hardware-profiles/h100-sxm.yaml';
const H100 = profileText('h100-sxm');

/** The InputError thrown by parsing the H100 file after one textual edit. */
function errorAfter(from: string, to: string, file = FILE): InputError {
  expect(H100).toContain(from);
  try {
    parseHardwareProfile(H100.replace(from, to), file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}
const lineOf = (needle: string) => H100.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('parseHardwareProfile errors', () => {
  it('names file, line, column, key path and the nearest key for a typo', () => {
    const e = errorAfter('peak_tflops:', 'peak_tflop:');
    expect(e.details).toMatchObject({ file: FILE, line: lineOf('peak_tflops:'), col: 1, keyPath: 'peak_tflop' });
    expect(e.details.hint).toBe('did you mean `peak_tflops`?');
    expect(e.format()).toMatch(/^hardware-profiles\/h100-sxm\.yaml:\d+:1: peak_tflop: unknown key `peak_tflop`\n {2}hint: did you mean `peak_tflops`\?$/);
  });

  it('catches a typo in a nested precision key', () => {
    const e = errorAfter('  bf16: 989\n', '  bf61: 989\n');
    expect(e.details).toMatchObject({ keyPath: 'peak_tflops.bf61', line: lineOf('  bf16: 989'), col: 3 });
    expect(e.details.hint).toBe('did you mean `bf16`?');
  });

  it.each([
    ['bandwidth_tbps: 3.35', 'bandwidth_tbps: "3.35 TB/s"', 'memory.bandwidth_tbps', 'TB/s'],
    ['bandwidth_gbps: 450', 'bandwidth_gbps: 450GB/s', 'scale_up.bandwidth_gbps', 'GB/s'],
    ['bandwidth_gbit_s: 400', 'bandwidth_gbit_s: "400G"', 'scale_out.bandwidth_gbit_s', 'Gb/s'],
    ['  bf16: 989\n', '  bf16: 989 TFLOPS\n', 'peak_tflops.bf16', 'TFLOPS'],
    ['tdp_w: 700', 'tdp_w: 700 W', 'tdp_w', 'watts'],
  ])('explains a unit written into a number: %s -> %s', (from, to, keyPath, unit) => {
    const e = errorAfter(from, to);
    expect(e.details.keyPath).toBe(keyPath);
    expect(e.message).toMatch(/^expected number, found "/);
    expect(e.details.line).toBe(lineOf(from.trim()));
    expect(e.details.hint).toContain(unit);
  });

  it.each([
    ['id: h100-sxm', 'id: h100', 'id', /does not match the file name `h100-sxm`/],
    ['kind: capacity-block', 'kind: capacity-blok', 'prices[2].kind', /expected one of/],
    ['kind: reserved, term: 1y', 'kind: reserved', 'prices[4].term', /required for kind: reserved/],
    ['kind: capacity-block,', 'kind: capacity-block, term: 1y,', 'prices[2].term', /term only applies to kind: reserved/],
    ['bandwidth_tbps: 3.35', 'bandwidth_tbps: -3.35', 'memory.bandwidth_tbps', /expected a value > 0/],
    ['{gb: 80,', '{gb: 80, gib: 80,', 'memory', /exactly one of memory.gb and memory.gib/],
    ['date: "2025-03-17"', 'date: "17/03/2025"', 'prices[0].date', /YYYY-MM-DD/],
    ['confidence: datasheet', 'confidence: vendor', 'memory.confidence', /expected one of/],
  ] as const)('%s -> %s fails at %s', (from, to, keyPath, message) => {
    const e = errorAfter(from, to);
    expect(e.details.keyPath).toBe(keyPath);
    expect(e.message).toMatch(message);
    expect(e.details.file).toBe(FILE);
    expect(e.details.line).toBeGreaterThan(0);
  });

  it('suggests the nearest price kind', () => {
    expect(errorAfter('kind: capacity-block', 'kind: capacity-blok').details.hint).toBe('did you mean `capacity-block`?');
  });
});

describe('peakFlops', () => {
  it('returns FLOP/s', () => {
    expect(peakFlops(loadProfile('h100-sxm'), 'bf16')).toBe(989e12);
  });

  it.each([
    ['v100-sxm2-32gb', 'bf16', 'use fp16', 'fp64, fp32, fp16'],
    ['t4', 'bf16', 'use fp16', 'fp64, fp32, fp16'],
    ['tpu-v4', 'fp16', 'use bf16', 'bf16'],
    ['a100-sxm4-80gb', 'fp8', 'use bf16', 'fp64, fp32, tf32, bf16, fp16'],
    ['h100-sxm', 'fp4', 'use fp8', 'fp64, fp32, tf32, bf16, fp16, fp8'],
  ] as [string, Precision, string, string][])('%s has no %s: hint says "%s" and lists %s', (id, precision, advice, supported) => {
    const p = loadProfile(id);
    let error: unknown;
    try {
      peakFlops(p, precision);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const e = error as InputError;
    expect(e.message).toContain(`no published ${precision} peak`);
    expect(e.details.hint).toContain(advice);
    expect(e.details.hint).toContain(`supports: ${supported}`);
  });
});

describe('selectPrice', () => {
  const h100 = loadProfile('h100-sxm');
  it.each([
    [{ kind: 'on-demand' }, 'Vast.ai marketplace (cheapest listing)', 1.65],
    [{ kind: 'on-demand', provider: 'lambda' }, 'Lambda (H100 SXM, as quoted by CliffCenter)', 2.99], // 2026-05-18 beats 2026-05-07
    [{ kind: 'on-demand', provider: 'AWS' }, 'AWS (after June-2025 P5 price cut, per codesota tracker)', 6.88], // newest AWS price
    [{ kind: 'reserved' }, 'Google Cloud a3-highgpu, us-central1', 4.86],
    [{ kind: 'reserved', term: '1y' }, 'Google Cloud a3-highgpu, us-central1', 7.67],
    [{ kind: 'capacity-block' }, 'AWS EC2 Capacity Blocks p5.48xlarge, us-east-1', 4.916],
  ] as [PriceQuery, string, number][])('%o -> %s at $%s/h', (query, provider, usd) => {
    const price = selectPrice(h100, query);
    expect(price.provider).toBe(provider);
    expect(price.usdPerHour).toBe(usd);
  });

  it('breaks a price tie with the most recent date', () => {
    const base = h100.prices[0]!;
    const tied: HardwareProfile = {
      ...h100,
      prices: [
        { ...base, provider: 'old', usdPerHour: 2, date: '2024-01-01' },
        { ...base, provider: 'new', usdPerHour: 2, date: '2025-06' },
        { ...base, provider: 'dear', usdPerHour: 3, date: '2026-01-01' },
      ],
    };
    expect(selectPrice(tied, { kind: 'on-demand' }).provider).toBe('new');
  });

  it.each([
    ['h100-sxm', { kind: 'spot' }, /no spot price/, 'available kinds: on-demand, capacity-block, reserved (1y), reserved (3y)'],
    ['h100-sxm', { kind: 'on-demand', provider: 'azure' }, /no on-demand price from a provider matching "azure"/, 'RunPod (H100 SXM)'],
    ['h100-sxm', { kind: 'reserved', term: '1y', provider: 'AWS' }, /no reserved price from a provider matching "AWS"/, 'Google Cloud a3-highgpu'],
    ['gb300', { kind: 'on-demand' }, /lists no hourly prices/, 'No public hourly price located'],
  ] as [string, PriceQuery, RegExp, string][])('%s %o fails clearly', (id, query, message, hint) => {
    let error: unknown;
    try {
      selectPrice(loadProfile(id), query);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(message);
    expect((error as InputError).details.hint).toContain(hint);
  });
});

describe('listSummary', () => {
  const rows = listSummary(['h100-sxm', 'gb300', 'tpu-v4', 'mi300x'].map(loadProfile));
  it('gives one row per profile, sorted by vendor, year, id', () => {
    expect(rows.map((r) => r.id)).toEqual(['mi300x', 'tpu-v4', 'h100-sxm', 'gb300']);
  });
  it('reports TFLOPS, memory and the cheapest on-demand price', () => {
    expect(rows.find((r) => r.id === 'h100-sxm')).toEqual({
      id: 'h100-sxm',
      vendor: 'NVIDIA',
      name: 'H100 SXM5 80GB (Hopper)',
      year: 2022,
      memoryGB: 80, // the vendor's figure, as listed (the model reads it as 80 GiB: src/hardware/schema.ts memoryBytesOf)
      memoryStated: '80 GB',
      bf16Tflops: 989,
      fp8Tflops: 1979,
      onDemandUsdPerHour: 1.65,
    });
    expect(rows.find((r) => r.id === 'gb300')!.onDemandUsdPerHour).toBeNull();
    expect(rows.find((r) => r.id === 'tpu-v4')).toMatchObject({ memoryStated: '32 GiB', fp8Tflops: null });
  });
});
