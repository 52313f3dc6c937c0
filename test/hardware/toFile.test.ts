/**
 * src/hardware/toFile.ts: a typed profile back in the file's form is toHardwareProfile's inverse. Every bundled profile
 * written back (toHardwareFile) passes the file's schema and converts to the same typed profile, but for what the file
 * form does not keep (the memory written in GiB, so its stated "80 GB"; the bidirectional bandwidth, display only). A
 * unit or key mapped wrong either way (latency in ms, a price per instance left per GPU) fails here. And profileKeyOf
 * names each file key's typed key and unit.
 */
import { describe, expect, it } from 'vitest';
import { HardwareProfileSchema } from '../../src/hardware/schema.js';
import { toHardwareProfile } from '../../src/hardware/toProfile.js';
import { profileKeyOf, toHardwareFile } from '../../src/hardware/toFile.js';
import { loadProfile, profileFiles } from './helpers.js';

describe('toHardwareFile: the inverse of toHardwareProfile', () => {
  it.each(profileFiles().map((f) => f.replace(/\.yaml$/, '')))('%s', (id) => {
    const profile = loadProfile(id);
    const parsed = HardwareProfileSchema.safeParse(toHardwareFile(profile));
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues[0])).toBe(true);
    const back = toHardwareProfile(parsed.data!);
    // Not kept by the file form (toFile.ts): the memory's stated text and the bidirectional sum.
    const drop = (p: Record<string, any>) => ({ ...p, memoryStated: undefined, scaleUp: { ...p.scaleUp, bidirectionalBytesPerSecond: undefined } });
    expect(JSON.parse(JSON.stringify(drop(back)))).toEqual(JSON.parse(JSON.stringify(drop(profile))));
  });
});

describe('profileKeyOf: a file key, its typed key and unit', () => {
  it.each([
    { path: ['scale_out', 'latency_us'], key: 'scaleOut.latencySeconds', file: 'scale_out.latency_us', unit: 'µs' },
    { path: ['memory', 'gib'], key: 'memoryBytes', file: 'memory.gib', unit: 'GiB' },
    { path: ['prices', 2, 'usd_per_hour'], key: 'prices[2].usdPerHour', file: 'prices[2].usd_per_hour', unit: 'USD per the stated unit' },
    { path: ['peak_tflops', 'bf16'], key: 'peakFlopsPerSecond.bf16', file: 'peak_tflops.bf16', unit: 'TFLOPS' },
    // A key the table does not name is the same in both.
    { path: ['memory', 'source'], key: 'memory.source', file: 'memory.source' },
    { path: ['prices', 0, 'date'], key: 'prices[0].date', file: 'prices[0].date' },
  ])('$file', ({ path, ...want }) => expect(profileKeyOf(path)).toEqual(want));
});
