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
export function memoryBytesOf(m: { gb?: number | undefined; gib?: number | undefined; type: string }): number {
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

/**
 * A typed profile back in the file's form and units, for the file's schema (schema.ts HardwareProfileSchema: its
 * LIMITS and rules) to judge a profile a library caller built, as it judges a file: the inverse of toHardwareProfile.
 * Memory is written in GiB (either unit takes the same bounds); a figure group's one confidence stands for the file's
 * separate ones the profile does not keep (domain size, latency); the bidirectional sum, for display, is left out.
 */
export function toHardwareFile(p: HardwareProfile): Record<string, unknown> {
  const tflops = (v: number | undefined) => (v === undefined ? undefined : v / 1e12);
  const provFile = (g: Partial<Provenance> | undefined) => ({ confidence: g?.confidence, source: g?.source, ...(g?.note !== undefined ? { note: g.note } : {}) });
  const curves = (r: AttentionRates) => (r.keyCurves
    ? { keys_per_query: { measured_at: { forward: r.keyCurves.forward.measuredAtKeys, backward: r.keyCurves.backward.measuredAtKeys }, half_rate: { forward: r.keyCurves.forward.halfRateKeys, backward: r.keyCurves.backward.halfRateKeys } } }
    : {});
  const a = p.achievableAttention;
  return {
    id: p.id, vendor: p.vendor, name: p.name, year: p.year,
    memory: { gib: p.memoryBytes / 2 ** 30, type: p.memoryType, bandwidth_tbps: tflops(p.memoryBandwidthBytesPerSecond), ...provFile(p.memory), bandwidth_confidence: p.memory.bandwidthConfidence },
    peak_tflops: { ...Object.fromEntries(Object.entries(p.peakFlopsPerSecond).map(([k, v]) => [k, tflops(v)])), ...provFile(p.peak) },
    ...(p.achievableMatmulFlopsPerSecond !== undefined
      ? {
          achievable_matmul_tflops: {
            bf16: tflops(p.achievableMatmulFlopsPerSecond),
            ...(p.achievableFp8MatmulFlopsPerSecond !== undefined ? { fp8: tflops(p.achievableFp8MatmulFlopsPerSecond) } : {}),
            ...(p.achievableFp4MatmulFlopsPerSecond !== undefined ? { fp4: tflops(p.achievableFp4MatmulFlopsPerSecond) } : {}),
            ...(p.sustainedMatmulFraction !== undefined ? { sustained_fraction: p.sustainedMatmulFraction } : {}),
            ...provFile(p.achievableMatmul),
          },
        }
      : {}),
    ...(a
      ? {
          achievable_attention_tflops: {
            forward: tflops(a.forwardFlopsPerSecond), backward: tflops(a.backwardFlopsPerSecond), ...curves(a),
            ...(a.fa2 ? { fa2: { forward: tflops(a.fa2.forwardFlopsPerSecond), backward: tflops(a.fa2.backwardFlopsPerSecond), ...curves(a.fa2) } } : {}),
            ...provFile(a),
          },
        }
      : {}),
    scale_up: {
      name: p.scaleUp.name, bandwidth_gbps: p.scaleUp.bandwidthBytesPerSecond === null ? null : p.scaleUp.bandwidthBytesPerSecond / 1e9, ...provFile(p.scaleUp),
      domain_size: p.scaleUp.domainSize, domain_size_confidence: p.scaleUp.confidence, domain_size_note: p.scaleUp.domainSizeNote,
      latency_us: p.scaleUp.latencySeconds * 1e6, latency_confidence: p.scaleUp.confidence, latency_note: p.scaleUp.latencyNote,
    },
    scale_out: {
      name: p.scaleOut.name, bandwidth_gbit_s: p.scaleOut.bandwidthBytesPerSecond === null ? null : (p.scaleOut.bandwidthBytesPerSecond * 8) / 1e9, ...provFile(p.scaleOut),
      latency_us: p.scaleOut.latencySeconds * 1e6, latency_confidence: p.scaleOut.confidence, latency_note: p.scaleOut.latencyNote,
    },
    tdp_w: p.tdpWatts, tdp_confidence: p.tdp.confidence, tdp_source: p.tdp.source,
    prices: p.prices.map((x) => ({
      provider: x.provider, ...(x.offer !== undefined ? { offer: x.offer } : {}), tier: x.tier, ...(x.region !== undefined ? { region: x.region } : {}),
      // The figure the core reads (usdPerHour), in the stated unit: the file's check divides it back per GPU.
      usd_per_hour: x.stated.unit === 'instance-hour' ? x.usdPerHour * x.stated.gpusPerInstance : x.usdPerHour, unit: x.stated.unit,
      ...(x.stated.unit === 'instance-hour' ? { gpus_per_instance: x.stated.gpusPerInstance } : {}),
      kind: x.kind, ...(x.term !== undefined ? { term: x.term } : {}), date: x.date, ...(x.expires !== undefined ? { expires: x.expires } : {}), ...provFile(x),
    })),
    ...(p.purchases.length ? { purchase_usd: p.purchases.map((x) => ({ seller: x.seller, usd: x.usd, date: x.date, confidence: x.confidence, source: x.source })) } : {}),
    sources: p.sources,
    ...(p.notes !== undefined ? { notes: p.notes } : {}),
  };
}

/** Where a key of the file's form (toHardwareFile) lives in the typed profile, with the factor from the file's unit to the profile's. */
const FILE_KEYS: Record<string, { key: string; unit?: string }> = {
  'memory.gib': { key: 'memoryBytes', unit: 'GiB' }, 'memory.type': { key: 'memoryType' }, 'memory.bandwidth_tbps': { key: 'memoryBandwidthBytesPerSecond', unit: 'TB/s' },
  'memory.bandwidth_confidence': { key: 'memory.bandwidthConfidence' },
  'achievable_matmul_tflops.bf16': { key: 'achievableMatmulFlopsPerSecond', unit: 'TFLOPS' }, 'achievable_matmul_tflops.fp8': { key: 'achievableFp8MatmulFlopsPerSecond', unit: 'TFLOPS' },
  'achievable_matmul_tflops.fp4': { key: 'achievableFp4MatmulFlopsPerSecond', unit: 'TFLOPS' }, 'achievable_matmul_tflops.sustained_fraction': { key: 'sustainedMatmulFraction' },
  'achievable_matmul_tflops': { key: 'achievableMatmul' }, 'peak_tflops.confidence': { key: 'peak.confidence' }, 'peak_tflops.source': { key: 'peak.source' }, 'peak_tflops.note': { key: 'peak.note' },
  'peak_tflops': { key: 'peakFlopsPerSecond', unit: 'TFLOPS' },
  'achievable_attention_tflops.forward': { key: 'achievableAttention.forwardFlopsPerSecond', unit: 'TFLOPS' }, 'achievable_attention_tflops.backward': { key: 'achievableAttention.backwardFlopsPerSecond', unit: 'TFLOPS' },
  'achievable_attention_tflops.fa2.forward': { key: 'achievableAttention.fa2.forwardFlopsPerSecond', unit: 'TFLOPS' }, 'achievable_attention_tflops.fa2.backward': { key: 'achievableAttention.fa2.backwardFlopsPerSecond', unit: 'TFLOPS' },
  'achievable_attention_tflops.keys_per_query': { key: 'achievableAttention.keyCurves' }, 'achievable_attention_tflops.fa2.keys_per_query': { key: 'achievableAttention.fa2.keyCurves' },
  'achievable_attention_tflops.fa2': { key: 'achievableAttention.fa2' }, 'achievable_attention_tflops': { key: 'achievableAttention' },
  'scale_up.bandwidth_gbps': { key: 'scaleUp.bandwidthBytesPerSecond', unit: 'GB/s' }, 'scale_up.domain_size': { key: 'scaleUp.domainSize' },
  'scale_up.domain_size_confidence': { key: 'scaleUp.confidence' }, 'scale_up.domain_size_note': { key: 'scaleUp.domainSizeNote' },
  'scale_up.latency_us': { key: 'scaleUp.latencySeconds', unit: 'µs' }, 'scale_up.latency_confidence': { key: 'scaleUp.confidence' }, 'scale_up.latency_note': { key: 'scaleUp.latencyNote' },
  'scale_up': { key: 'scaleUp' },
  'scale_out.bandwidth_gbit_s': { key: 'scaleOut.bandwidthBytesPerSecond', unit: 'Gb/s' }, 'scale_out.latency_us': { key: 'scaleOut.latencySeconds', unit: 'µs' },
  'scale_out.latency_confidence': { key: 'scaleOut.confidence' }, 'scale_out.latency_note': { key: 'scaleOut.latencyNote' }, 'scale_out': { key: 'scaleOut' },
  'tdp_w': { key: 'tdpWatts', unit: 'W' }, 'tdp_confidence': { key: 'tdp.confidence' }, 'tdp_source': { key: 'tdp.source' },
  'prices.usd_per_hour': { key: 'prices.usdPerHour', unit: 'USD per the stated unit' }, 'prices.unit': { key: 'prices.stated.unit' }, 'prices.gpus_per_instance': { key: 'prices.stated.gpusPerInstance' },
  'purchase_usd': { key: 'purchases' },
};

/**
 * The typed profile's key path of a file-form path (toHardwareFile), and the file's own key and unit where they differ:
 * `['scale_out', 'latency_us']` is scaleOut.latencySeconds, written as scale_out.latency_us in µs. A list's index is kept
 * (`prices[2].usdPerHour`); a key the table does not name is the same in both (`memory.source`, `prices[0].date`).
 */
export function profileKeyOf(path: readonly PropertyKey[]): { key: string; file: string; unit?: string } {
  const words = path.map(String);
  const file = words.map((w, i) => (/^\d+$/.test(w) ? `[${w}]` : `${i ? '.' : ''}${w}`)).join('');
  // A list of the profile's top level (prices, purchase_usd) has its index second: prices[2].usd_per_hour.
  const index = /^\d+$/.test(words[1] ?? '') ? words[1] : undefined;
  const named = index === undefined ? words : [words[0]!, ...words.slice(2)];
  // The longest prefix the table names, then the rest as it is (a key the table does not name is the same in both).
  for (let n = named.length; n > 0; n--) {
    const hit = FILE_KEYS[named.slice(0, n).join('.')];
    if (!hit) continue;
    const [top, ...inner] = hit.key.split('.');
    const key = [`${top}${index !== undefined ? `[${index}]` : ''}`, ...inner, ...named.slice(n)].join('.');
    return { key, file, ...(hit.unit ? { unit: hit.unit } : {}) };
  }
  return { key: file, file };
}
