/**
 * A typed profile back in a hardware profile file's form and units (toProfile.ts toHardwareProfile's inverse), and the
 * typed key of a file key, so that the file's schema can judge a profile a library caller built and say where it broke
 * (library/loaded.ts loadedHardware).
 */
import type { AttentionRates, HardwareProfile, Provenance } from './toProfile.js';

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
    ...(p.hostLink ? { host_link: { name: p.hostLink.name, bandwidth_gbps: p.hostLink.bandwidthBytesPerSecond / 1e9, ...provFile(p.hostLink) } } : {}),
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
  'host_link.bandwidth_gbps': { key: 'hostLink.bandwidthBytesPerSecond', unit: 'GB/s' }, 'host_link': { key: 'hostLink' },
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
