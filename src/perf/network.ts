/**
 * The two network tiers a collective can run on, and the time of each collective. Formulas from
 * NVIDIA/nccl-tests doc/PERFORMANCE.md (formulas.md §10): with per-rank bandwidth B and a buffer of
 * S bytes over n ranks, all-reduce t = 2(n−1)/n·S/B, reduce-scatter and all-gather t = (n−1)/n·S/B,
 * all-to-all (n−1)/n·S/B, point-to-point S/B. Latency: α per ring step (2(n−1) steps for a ring
 * all-reduce, n−1 for the others), the textbook α–β model (Thakur, Rabenseifner & Gropp 2005).
 */
import type { HardwareProfile } from '../hardware/toProfile.js';
import { InputError } from '../input/errors.js';
import type { Calibration } from './calibration.js';

export interface Link {
  /** Per-GPU, one direction, bytes/s, after the calibration's bus efficiency. */
  bandwidthBytesPerSecond: number;
  latencySeconds: number;
}

export interface Network {
  /** GPUs that reach each other over the scale-up fabric (NVLink domain, TPU pod). */
  domainSize: number;
  scaleUp: Link;
  scaleOut: Link;
}

export interface NetworkOverride {
  scaleUp?: { domainSize?: number; bandwidthBytesPerSecond?: number; latencySeconds?: number };
  scaleOut?: { bandwidthBytesPerSecond?: number; latencySeconds?: number };
}

/**
 * The network of a profile with user overrides. A null bandwidth that is needed (scale-out only
 * when the run leaves one domain) and not overridden is an InputError.
 */
export function resolveNetwork(hw: HardwareProfile, cal: Calibration, gpuCount: number, override: NetworkOverride = {}): Network {
  const domainSize = override.scaleUp?.domainSize ?? hw.scaleUp.domainSize;
  const upBw = override.scaleUp?.bandwidthBytesPerSecond ?? hw.scaleUp.bandwidthBytesPerSecond;
  const outBw = override.scaleOut?.bandwidthBytesPerSecond ?? hw.scaleOut.bandwidthBytesPerSecond;
  if (upBw === null && gpuCount > 1 && domainSize > 1) {
    throw new InputError(`${hw.id} publishes no scale-up (${hw.scaleUp.name}) bandwidth`, {
      keyPath: 'cluster.network.scale_up',
      hint: 'set cluster.network.scale_up.bandwidth_gbps in a scenario (GB/s per GPU, one direction, e.g. 450); plan takes it from a scenario file, having no flag for it',
    });
  }
  if (outBw === null && gpuCount > domainSize) {
    throw new InputError(`${hw.id} has no reference scale-out network and the run spans ${Math.ceil(gpuCount / domainSize)} scale-up domains`, {
      keyPath: 'cluster.network.scale_out',
      hint: 'set cluster.network.scale_out.bandwidth_gbit_s in a scenario (Gb/s per GPU, e.g. 400); plan takes it from a scenario file, having no flag for it',
    });
  }
  const upLatency = override.scaleUp?.latencySeconds ?? hw.scaleUp.latencySeconds;
  const outLatency = override.scaleOut?.latencySeconds ?? hw.scaleOut.latencySeconds;
  const up = (upBw ?? outBw ?? 1) * cal.scaleUpEfficiency;
  const out = (outBw ?? upBw ?? 1) * cal.scaleOutEfficiency;
  return {
    domainSize,
    scaleUp: { bandwidthBytesPerSecond: up, latencySeconds: upLatency },
    // A group that leaves the domain is limited by the slower tier (its ring crosses both).
    scaleOut: { bandwidthBytesPerSecond: Math.min(out, up), latencySeconds: Math.max(outLatency, upLatency) },
  };
}

/**
 * The link a group of `size` ranks spaced `stride` apart uses. Ranks are numbered tp fastest,
 * then cp, dp, pp (Megatron-Core's order), so a group stays in one scale-up domain iff
 * stride·size ≤ domainSize (domains aligned to multiples of their size).
 */
export function linkFor(net: Network, stride: number, size: number): Link {
  return stride * size <= net.domainSize ? net.scaleUp : net.scaleOut;
}

/** Ring all-reduce: 2(n−1)/n·S/B + 2(n−1)α (nccl-tests PERFORMANCE.md). Nothing to reduce costs nothing (no launch). */
export function allReduceSeconds(bytes: number, n: number, link: Link): number {
  if (n <= 1 || bytes <= 0) return 0;
  return (2 * (n - 1) / n) * bytes / link.bandwidthBytesPerSecond + 2 * (n - 1) * link.latencySeconds;
}

/** Reduce-scatter or all-gather of a buffer of S bytes (the full, unsharded size): (n−1)/n·S/B + (n−1)α. */
export function reduceScatterSeconds(bytes: number, n: number, link: Link): number {
  if (n <= 1 || bytes <= 0) return 0;
  return ((n - 1) / n) * bytes / link.bandwidthBytesPerSecond + (n - 1) * link.latencySeconds;
}
export const allGatherSeconds = reduceScatterSeconds;

/** All-to-all of S bytes per rank: (n−1)/n·S/B + (n−1)α, the reduce-scatter's cost (nccl-tests: AlltoAll busbw factor (n−1)/n). */
export const allToAllSeconds = reduceScatterSeconds;

/** Point-to-point send of S bytes: S/B + α. */
export function sendSeconds(bytes: number, link: Link): number {
  return bytes / link.bandwidthBytesPerSecond + link.latencySeconds;
}

/**
 * Gradient reduction sharded in groups (HSDP: PyTorch FSDP HYBRID_SHARD; MiCS, Zhang et al. 2022,
 * arXiv:2205.00119 §3.2 "hierarchical communication"): a reduce-scatter of S bytes inside each group of
 * `group` ranks (link `inside`), then an all-reduce of each rank's S/group shard across the
 * ranks/group replicas (link `across`, the ranks holding the same shard). With one group (group =
 * ranks) this is ZeRO's plain reduce-scatter.
 */
export function shardedReduceScatterSeconds(bytes: number, ranks: number, group: number, inside: Link, across: Link): number {
  const rs = reduceScatterSeconds(bytes, group, inside);
  return group < ranks ? rs + allReduceSeconds(bytes / group, ranks / group, across) : rs;
}
