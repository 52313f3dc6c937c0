import { describe, expect, it } from 'vitest';
import { allGatherSeconds, allReduceSeconds, allToAllSeconds, linkFor, reduceScatterSeconds, resolveNetwork, sendSeconds } from '../../src/perf/network.js';
import { CALIBRATIONS } from '../../src/perf/calibration.js';
import { InputError } from '../../src/input/errors.js';
import { loadProfile } from './helpers.js';

const link = { bandwidthBytesPerSecond: 100e9, latencySeconds: 0 };
describe('collective times (nccl-tests PERFORMANCE.md)', () => {
  it.each([
    ['all-reduce 2(n−1)/n·S/B', allReduceSeconds(1e9, 8, link), (2 * 7 / 8) * 1e9 / 100e9],
    ['reduce-scatter (n−1)/n·S/B', reduceScatterSeconds(1e9, 8, link), (7 / 8) * 1e9 / 100e9],
    ['all-gather (n−1)/n·S/B', allGatherSeconds(1e9, 4, link), (3 / 4) * 1e9 / 100e9],
    ['all-to-all (n−1)/n·S/B', allToAllSeconds(1e9, 2, link), 0.5 * 1e9 / 100e9],
    ['p2p S/B', sendSeconds(1e9, link), 1e9 / 100e9],
    ['n = 1 is free', allReduceSeconds(1e9, 1, link), 0],
    ['latency 2(n−1)α', allReduceSeconds(8, 8, { bandwidthBytesPerSecond: Infinity, latencySeconds: 1e-6 }), 14e-6],
    ['nothing to reduce is free (no launch)', allReduceSeconds(0, 8, { bandwidthBytesPerSecond: 1, latencySeconds: 1e-6 }), 0],
    ['nothing to gather is free', allGatherSeconds(0, 8, { bandwidthBytesPerSecond: 1, latencySeconds: 1e-6 }), 0],
  ])('%s', (_, got, want) => expect(got).toBeCloseTo(want, 12));
});

describe('network tiers', () => {
  const hw = loadProfile('h100-sxm');
  const net = resolveNetwork(hw, CALIBRATIONS.nvidia, 1024);
  it('a group inside the 8-GPU domain uses NVLink, else the scale-out link', () => {
    expect(linkFor(net, 1, 8)).toBe(net.scaleUp);
    expect(linkFor(net, 8, 2)).toBe(net.scaleOut);
    expect(net.scaleUp.bandwidthBytesPerSecond).toBeCloseTo(450e9 * 0.8, 0);
  });
  it('overrides win, and a missing bandwidth is an InputError naming cluster.network', () => {
    const n = resolveNetwork(hw, CALIBRATIONS.nvidia, 1024, { scaleUp: { domainSize: 72 }, scaleOut: { bandwidthBytesPerSecond: 100e9 } });
    expect(n.domainSize).toBe(72);
    const noOut = { ...hw, scaleOut: { ...hw.scaleOut, bandwidthBytesPerSecond: null } };
    expect(() => resolveNetwork(noOut, CALIBRATIONS.nvidia, 16)).toThrow(InputError);
    try { resolveNetwork(noOut, CALIBRATIONS.nvidia, 16); } catch (e) { expect((e as InputError).details.keyPath).toBe('cluster.network.scale_out'); expect((e as InputError).details.hint).toMatch(/scale_out\.bandwidth_gbit_s/); }
    expect(() => resolveNetwork(noOut, CALIBRATIONS.nvidia, 8)).not.toThrow();
  });
  // `plan --model --gpu` has no network flag: the hint says where the missing figure goes (trainium1's profile publishes none).
  it.each([
    ['scale-up', { ...hw, scaleUp: { ...hw.scaleUp, bandwidthBytesPerSecond: null } }, 8, 'cluster.network.scale_up', /scale_up\.bandwidth_gbps in a scenario .*plan takes it from a scenario file/],
    ['scale-out', { ...hw, scaleOut: { ...hw.scaleOut, bandwidthBytesPerSecond: null } }, 16, 'cluster.network.scale_out', /scale_out\.bandwidth_gbit_s in a scenario .*plan takes it from a scenario file/],
  ] as const)('a missing %s bandwidth names its key and where to set it', (_, profile, gpus, keyPath, hint) => {
    let err: unknown;
    try { resolveNetwork(profile, CALIBRATIONS.nvidia, gpus); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).details.keyPath).toBe(keyPath);
    expect((err as InputError).details.hint).toMatch(hint);
  });
});
