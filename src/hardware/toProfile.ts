/**
 * A validated hardware profile file in SI units (FLOP/s, bytes, bytes/s, seconds, USD per
 * accelerator-hour): the typed profile the core reads, and the one conversion into it.
 */
import { termHoursOrError } from '../pricing/term.js';
import type { PriceKind } from '../pricing/kinds.js';
import { perGpuHourUsd, PRECISIONS, type Confidence, type HardwareProfileFile, type KeysPerQueryFile, type Precision, type PriceTier, type PriceUnit } from './schema.js';

/** Display strings kept next to each converted figure group. */
export interface Provenance {
  confidence: Confidence;
  source: string;
  note?: string;
}

export interface Price extends Provenance {
  provider: string;
  offer?: string;
  tier: PriceTier;
  region?: string;
  /** USD per accelerator-hour, normalised from the stated unit. */
  usdPerHour: number;
  /** As the source states it: the amount and its unit (a per-instance rate and the accelerators in it). */
  stated: { usd: number; unit: PriceUnit; gpusPerInstance: number };
  kind: PriceKind;
  term?: string;
  termHours?: number;
  date: string;
  expires?: string;
}

export interface HardwareProfile {
  id: string;
  vendor: string;
  name: string;
  year: number;
  memoryBytes: number;
  /** Capacity as the vendor states it, e.g. "80 GB" or "32 GiB" (Google and AWS quote GiB). */
  memoryStated: string;
  memoryType: string;
  memoryBandwidthBytesPerSecond: number;
  memory: Provenance & { bandwidthConfidence: Confidence };
  /** FLOP/s, dense; a precision is absent when unsupported or unpublished. */
  peakFlopsPerSecond: Partial<Record<Precision, number>>;
  peak: Provenance;
  /** Measured best-shape BF16 GEMM rate (MAMF). */
  achievableMatmulFlopsPerSecond?: number;
  /** Measured best-shape FP8 GEMM rate (MAMF), where the profile records one. */
  achievableFp8MatmulFlopsPerSecond?: number;
  /** NVFP4 GEMM rate on the MAMF scale, where the profile records one. */
  achievableFp4MatmulFlopsPerSecond?: number;
  /** Sustained over burst matmul rate (MSMF / MAMF) where measured: calibration.ts sustainedClockFactor. */
  sustainedMatmulFraction?: number;
  achievableMatmul?: Provenance;
  /** Measured flash-attention forward and backward rates (BF16), where the profile records them. */
  achievableAttention?: Provenance & AttentionRates & { fa2?: AttentionRates };
  scaleUp: Provenance & {
    name: string;
    /** One direction, per accelerator; null when not published. */
    bandwidthBytesPerSecond: number | null;
    domainSize: number;
    latencySeconds: number;
    domainSizeNote: string;
    latencyNote: string;
  };
  /** The accelerator's link to its host's memory, one direction (CPU offload moves model states over it: perf/offload.ts); absent where the profile gives none. */
  hostLink?: Provenance & { name: string; bandwidthBytesPerSecond: number };
  scaleOut: Provenance & {
    name: string;
    /** Per accelerator; null when there is no standard reference node. */
    bandwidthBytesPerSecond: number | null;
    latencySeconds: number;
    latencyNote: string;
  };
  tdpWatts: number | null;
  tdp: Provenance;
  prices: Price[];
  purchases: { seller: string; usd: number; date: string; confidence: Confidence; source: string }[];
  sources: string[];
  notes?: string;
}

/** Keys-per-query curve of one pass of a fused-attention kernel (src/perf/attentionKeys.ts). */
export interface KeyCurve {
  /** Keys per query of the rows the recorded rate averages. */
  measuredAtKeys: number[];
  /** Keys per query at half the long-sequence rate. */
  halfRateKeys: number;
}

export interface AttentionRates {
  forwardFlopsPerSecond: number;
  backwardFlopsPerSecond: number;
  keyCurves?: { forward: KeyCurve; backward: KeyCurve };
}

const keyCurves = (k: KeysPerQueryFile | undefined): { keyCurves?: AttentionRates['keyCurves'] } =>
  k
    ? {
        keyCurves: {
          forward: { measuredAtKeys: k.measured_at.forward, halfRateKeys: k.half_rate.forward },
          backward: { measuredAtKeys: k.measured_at.backward, halfRateKeys: k.half_rate.backward },
        },
      }
    : {};

const prov = (g: { confidence: Confidence; source: string; note?: string | undefined }): Provenance => ({
  confidence: g.confidence,
  source: g.source,
  ...(g.note ? { note: g.note } : {}),
});

/**
 * Device memory in bytes, as NVML reports it, from the vendor's figure. HBM capacities are sums of
 * binary-sized stacks, so a vendor "GB" there is a GiB: nvidia-smi shows an "80 GB" A100 as 81,920 MiB
 * (80 GiB), an "80 GB" H100 as 81,559 MiB (79.65 GiB) and a "141 GB" H200 as 143,771 MiB (140.4 GiB).
 * GDDR boards report about the SI figure (ECC takes its share): a "48 GB" L40S shows 46,068 MiB
 * (48.3 × 10^9 bytes), a "24 GB" L4 23,034 MiB. (Modal, "Why does an NVIDIA H100 80GB card offer
 * 85.52 GB?", thundergolfer.com/blog/nvidia-gpu-memory-capacity, NVML table.) `gib` is GiB as stated.
 */
function memoryBytesOf(m: { gb?: number | undefined; gib?: number | undefined; type: string }): number {
  if (m.gib !== undefined) return m.gib * 2 ** 30;
  return /^hbm/i.test(m.type) ? m.gb! * 2 ** 30 : m.gb! * 1e9;
}

/** Validated file -> SI units. TB/s, GB/s x1e12/1e9; Gb/s / 8; memory by {@link memoryBytesOf}. */
export function toHardwareProfile(f: HardwareProfileFile): HardwareProfile {
  const peakFlopsPerSecond: Partial<Record<Precision, number>> = {};
  for (const p of PRECISIONS) {
    const v = f.peak_tflops[p];
    if (typeof v === 'number') peakFlopsPerSecond[p] = v * 1e12;
  }
  const a = f.achievable_matmul_tflops;
  return {
    id: f.id,
    vendor: f.vendor,
    name: f.name,
    year: f.year,
    memoryBytes: memoryBytesOf(f.memory),
    memoryStated: f.memory.gib !== undefined ? `${f.memory.gib} GiB` : `${f.memory.gb!} GB`,
    memoryType: f.memory.type,
    memoryBandwidthBytesPerSecond: f.memory.bandwidth_tbps * 1e12,
    memory: { ...prov(f.memory), bandwidthConfidence: f.memory.bandwidth_confidence ?? f.memory.confidence },
    peakFlopsPerSecond,
    peak: prov(f.peak_tflops),
    ...(a ? { achievableMatmulFlopsPerSecond: a.bf16 * 1e12, achievableMatmul: prov(a) } : {}),
    ...(a?.fp8 ? { achievableFp8MatmulFlopsPerSecond: a.fp8 * 1e12 } : {}),
    ...(a?.fp4 ? { achievableFp4MatmulFlopsPerSecond: a.fp4 * 1e12 } : {}),
    ...(a?.sustained_fraction ? { sustainedMatmulFraction: a.sustained_fraction } : {}),
    ...(f.achievable_attention_tflops
      ? {
          achievableAttention: {
            ...prov(f.achievable_attention_tflops),
            forwardFlopsPerSecond: f.achievable_attention_tflops.forward * 1e12,
            backwardFlopsPerSecond: f.achievable_attention_tflops.backward * 1e12,
            ...keyCurves(f.achievable_attention_tflops.keys_per_query),
            ...(f.achievable_attention_tflops.fa2
              ? {
                  fa2: {
                    forwardFlopsPerSecond: f.achievable_attention_tflops.fa2.forward * 1e12,
                    backwardFlopsPerSecond: f.achievable_attention_tflops.fa2.backward * 1e12,
                    ...keyCurves(f.achievable_attention_tflops.fa2.keys_per_query),
                  },
                }
              : {}),
          },
        }
      : {}),
    scaleUp: {
      ...prov(f.scale_up),
      name: f.scale_up.name,
      bandwidthBytesPerSecond: f.scale_up.bandwidth_gbps === null ? null : f.scale_up.bandwidth_gbps * 1e9,
      domainSize: f.scale_up.domain_size,
      latencySeconds: f.scale_up.latency_us * 1e-6,
      domainSizeNote: f.scale_up.domain_size_note,
      latencyNote: f.scale_up.latency_note,
    },
    scaleOut: {
      ...prov(f.scale_out),
      name: f.scale_out.name,
      bandwidthBytesPerSecond: f.scale_out.bandwidth_gbit_s === null ? null : (f.scale_out.bandwidth_gbit_s * 1e9) / 8,
      latencySeconds: f.scale_out.latency_us * 1e-6,
      latencyNote: f.scale_out.latency_note,
    },
    ...(f.host_link ? { hostLink: { ...prov(f.host_link), name: f.host_link.name, bandwidthBytesPerSecond: f.host_link.bandwidth_gbps * 1e9 } } : {}),
    tdpWatts: f.tdp_w,
    tdp: { confidence: f.tdp_confidence, source: f.tdp_source },
    prices: f.prices.map((p) => {
      const gpus = p.gpus_per_instance ?? 1;
      const termHours = p.term ? termHoursOrError(p.term) : undefined;
      return {
        provider: p.provider,
        ...(p.offer ? { offer: p.offer } : {}),
        tier: p.tier,
        ...(p.region ? { region: p.region } : {}),
        usdPerHour: perGpuHourUsd(p),
        stated: { usd: p.usd_per_hour, unit: p.unit, gpusPerInstance: gpus },
        kind: p.kind,
        ...(p.term ? { term: p.term } : {}),
        ...(typeof termHours === 'number' ? { termHours } : {}),
        date: p.date,
        ...(p.expires ? { expires: p.expires } : {}),
        ...prov(p),
      };
    }),
    purchases: (f.purchase_usd ?? []).map((p) => ({ seller: p.seller, usd: p.usd, date: p.date, confidence: p.confidence, source: p.source })),
    sources: f.sources,
    ...(f.notes ? { notes: f.notes } : {}),
  };
}
