/**
 * The hardware profile file format (`hardware-profiles/<id>.yaml`), validated with zod; `toProfile.ts`
 * turns a validated file into a {@link HardwareProfile} in SI units. Field names carry their units (`_tbps`, `_gbps`,
 * `_gbit_s`, `_us`, `_w`) so a reader never has to guess; every figure group carries a
 * `confidence` and a `source`. Conventions follow shared/reference/hardware.yaml: peaks are DENSE
 * (never 2:4 sparse), per accelerator; scale-up bandwidth is GB/s per accelerator in ONE direction;
 * scale-out is Gb/s of back-end network per accelerator.
 */
import { DATE_SYNTAX, expiredOn, isCalendarDate } from '../input/date.js';
import { z } from 'zod';
import { COMMITTED_KINDS, PRICE_KINDS, TERM_KINDS } from '../pricing/kinds.js';
import { listed } from '../input/listed.js';
import { termHoursOrError } from '../pricing/term.js';
import { lineText, nameText } from '../input/name.js';
import { typeHint } from '../input/errorMaps.js';
import { BANDWIDTH_UNITS, isGpuHourPrice, LIMIT_REASONS, LIMITS, maxBandwidth } from '../input/limits.js';

export const PRECISIONS = ['fp64', 'fp32', 'tf32', 'bf16', 'fp16', 'fp8', 'fp4'] as const;
export type Precision = (typeof PRECISIONS)[number];

export const CONFIDENCES = ['datasheet', 'secondary source', 'uncertain'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

// The kinds of price are listed once, in src/pricing/kinds.ts.
export { PRICE_KINDS, COMMITTED_KINDS, type PriceKind } from '../pricing/kinds.js';

/**
 * Who sells: the default price policy (src/pricing/policy.ts) takes the median over
 * `hyperscaler` and `specialist` clouds only; a marketplace listing or a serverless per-second
 * rate is listed but never a default.
 */
export const PRICE_TIERS = ['hyperscaler', 'specialist', 'marketplace', 'serverless'] as const;
export type PriceTier = (typeof PRICE_TIERS)[number];
export const PRICE_UNITS = ['gpu-hour', 'instance-hour'] as const;

/** A profile's id, its file's name: lower-case letters, digits, `.` and `-`, starting with a letter or digit. */
export const PROFILE_ID = /^[a-z0-9][a-z0-9.-]*$/;

/** A price's dollars per GPU-hour, as it is used: an instance's rate divided among its GPUs (toProfile.ts, and the check below). */
export const perGpuHourUsd = (p: { usd_per_hour: number; gpus_per_instance?: number | undefined }): number => p.usd_per_hour / (p.gpus_per_instance ?? 1);

const positive = z.number().positive().max(LIMITS.profileFigure);
/** A link's latency in µs: at most LIMITS.linkLatencyMicroseconds (`latency_us: 1e300` overflowed the step time). */
const latency = z.number().positive().max(LIMITS.linkLatencyMicroseconds, `at most ${LIMITS.linkLatencyMicroseconds} | ${LIMIT_REASONS.latency}`);
const text = lineText();
/** A memory capacity (GB or GiB): LIMITS.minMemoryGb to LIMITS.profileFigure (`gb: 1e-320` was accepted). */
const capacity = z.number().min(LIMITS.minMemoryGb, `expected at least ${LIMITS.minMemoryGb} | ${LIMIT_REASONS.memory}`).max(LIMITS.profileFigure);
const confidence = z.enum(CONFIDENCES).meta({
  description: 'datasheet = vendor figure; secondary source = third-party compilation; uncertain = conflicting, derived or assumed.',
});
const source = text.meta({ description: 'Where the figures come from: a short name from `sources`, or a full citation.' });
const note = text.optional();
/** Dates as observed: a day, a month or just a year ("2025-03-02", "2026-02", "2025"). */
// The pattern stays for the JSON Schema (editors check it); the refinement refuses days that do not exist.
const date = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, `expected ${DATE_SYNTAX}`).refine((s) => isCalendarDate(s), 'no such day on the calendar');

// Rates and peaks are at least LIMITS.minRate of their unit (a memory bandwidth of 1e-300 TB/s was
// accepted and blamed, as an overflowing run time, on the scenario's 'cluster.utilization').
const rate = z.number().min(LIMITS.minRate).max(LIMITS.profileFigure);
/** A bandwidth in `unit`, `directions` summed: LIMITS.minRate to LIMITS.bandwidthBytesPerSecond (1e11 TB/s of memory ran). */
const bandwidth = (unit: keyof typeof BANDWIDTH_UNITS, directions = 1) =>
  z.number().min(LIMITS.minRate).max(maxBandwidth(unit, directions), `at most ${maxBandwidth(unit, directions)} ${unit} | ${LIMIT_REASONS.bandwidth}`);
const peak = z.number().min(LIMITS.minRate, `expected at least ${LIMITS.minRate} TFLOPS (peaks are in TFLOPS, 10^12 FLOP/s)`).max(LIMITS.profileFigure).nullable().optional().meta({ description: 'Dense peak in TFLOPS (10^12 FLOP/s); null = not supported or not published.' });

const keyList = z.array(positive).min(1).meta({ description: 'Keys per query of the measured rows the rate averages (a causal run of s tokens: s/2; without a mask: s).' });
/** How a fused-attention rate grows with the keys each query attends to (src/perf/attentionKeys.ts). */
const keysPerQuery = z
  .strictObject({
    measured_at: z.strictObject({ forward: keyList, backward: keyList }),
    half_rate: z
      .strictObject({ forward: positive, backward: positive })
      .meta({ description: 'Keys per query at which the kernel runs at half its long-sequence rate: rate ∝ k / (k + half_rate), fitted to the same source\'s rows at other lengths.' }),
  })
  .meta({ description: 'Where the rates above were measured (keys per query) and how the rate falls with fewer keys (short sequences, sliding windows, context-parallel chunks); absent: one rate at every length.' });

/** `host_link: 64` or `"64 GB/s"` (the figure alone): the mapping meant, with that figure. */
function hostLinkHint(input: unknown): string {
  const n = typeof input === 'number' ? input : typeof input === 'string' ? Number.parseFloat(input) : Number.NaN;
  const gbps = Number.isFinite(n) && n > 0 ? n : 64;
  return `write a mapping: host_link: {name: "PCIe Gen5 x16", bandwidth_gbps: ${gbps}, confidence: datasheet, source: "..."} (the link's name; GB/s one direction)`;
}

export const HardwareProfileSchema = z
  .strictObject({
    id: z.string().regex(PROFILE_ID, 'expected a lower-case id such as h100-sxm').meta({ description: 'Must equal the file name without .yaml.' }),
    vendor: text,
    name: nameText(),
    year: z.number().int().min(1990).max(2100).meta({ description: 'Year of availability.' }),
    memory: z
      .strictObject({
        gb: capacity.optional().meta({ description: 'Capacity in GB as the vendor states it. Read as GiB (2^30 bytes) for HBM, whose stacks are binary-sized, and as 10^9 bytes otherwise (see memoryBytesOf).' }),
        gib: capacity.optional().meta({ description: 'Capacity in GiB (2^30 bytes), where the vendor states GiB (Google, AWS).' }),
        type: text.meta({ description: 'HBM3, GDDR6, ...' }),
        bandwidth_tbps: bandwidth('TB/s').meta({ description: 'Peak memory bandwidth in TB/s (10^12 B/s).' }),
        confidence,
        bandwidth_confidence: confidence.optional().meta({ description: 'When the bandwidth is less (or more) certain than the capacity.' }),
        source,
        note,
      })
      .refine((m) => (m.gb === undefined) !== (m.gib === undefined), { message: 'give exactly one of memory.gb and memory.gib | use gb for vendor GB, gib where the vendor states GiB' }),
    peak_tflops: z.strictObject({
      fp64: peak,
      fp32: peak.meta({ description: 'Non-TF32 FP32 (matrix rate where published, else vector).' }),
      tf32: peak,
      bf16: peak.meta({ description: 'Dense BF16 with FP32 accumulate.' }),
      fp16: peak.meta({ description: 'Dense FP16 with FP32 accumulate (the mixed-precision training rate).' }),
      fp8: peak,
      fp4: peak,
      confidence,
      source,
      note,
    }),
    achievable_matmul_tflops: z
      .strictObject({
        bf16: rate.meta({ description: 'Measured best-shape BF16 GEMM (MAMF) in TFLOPS.' }),
        fp8: rate.optional().meta({ description: 'Measured best-shape FP8 GEMM (MAMF) in TFLOPS, where published; otherwise the BF16 figure is scaled by the peaks.' }),
        fp4: rate.optional().meta({ description: 'NVFP4 GEMM rate in TFLOPS on the MAMF scale, where measured: the BF16 MAMF times the NVFP4 / BF16 ratio one published run measured on the board (its note says which); otherwise the BF16 figure is scaled by the peaks.' }),
        sustained_fraction: z.number().min(LIMITS.minRate).lte(1).optional().meta({ description: 'Measured maximum sustained matmul rate over the burst rate of the same run (ml-engineering mamf-finder v4: MSMF / MAMF, all GPUs of a node busy): what the board keeps of its burst figures at its power limit.' }),
        confidence,
        source,
        note,
      })
      .optional(),
    achievable_attention_tflops: z
      .strictObject({
        forward: rate.meta({ description: 'Measured fused (flash) attention forward rate, BF16, head dim 128, in TFLOPS of the kernel\'s own count (4·s²·heads·d, halved when causal).' }),
        backward: rate.meta({ description: 'Measured backward rate, in TFLOPS counting 2.5× the forward FLOPs (the FlashAttention benchmark convention).' }),
        keys_per_query: keysPerQuery.optional(),
        fa2: z
          .strictObject({
            forward: rate.meta({ description: 'FlashAttention-2 forward rate on this board, same count, where it is measured and differs from the best kernel\'s (Hopper: FlashAttention-2 does not use its new tensor-core instructions).' }),
            backward: rate.meta({ description: 'FlashAttention-2 backward rate, same count.' }),
            keys_per_query: keysPerQuery.optional(),
          })
          .optional()
          .meta({ description: 'FlashAttention-2 rates (training.attention_kernel: fa2); absent: the rates above.' }),
        confidence,
        source,
        note,
      })
      .optional(),
    scale_up: z.strictObject({
      name: text.meta({ description: 'The intra-node / intra-pod fabric: NVLink, Infinity Fabric, ICI, NeuronLink, PCIe, ...' }),
      bandwidth_gbps: bandwidth('GB/s').nullable().meta({ description: 'GB/s (10^9 B/s) per accelerator, ONE direction, all links summed; null = not published.' }),
      bandwidth_bidirectional_gbps: bandwidth('GB/s', 2).nullable().optional().meta({ description: 'The vendor-style bidirectional sum, for display.' }),
      confidence,
      source,
      note,
      domain_size: z.number().int().positive().max(LIMITS.profileFigure).meta({ description: 'Accelerators reachable over this fabric (8 per HGX node, 72 for NVL72, the pod for TPUs).' }),
      domain_size_confidence: confidence,
      domain_size_note: text.meta({ description: 'Where the domain size comes from.' }),
      latency_us: latency.meta({ description: 'Small-message latency in microseconds.' }),
      latency_confidence: confidence,
      latency_note: text.meta({ description: 'Where the latency comes from.' }),
    }),
    scale_out: z.strictObject({
      name: text.meta({ description: 'The back-end (accelerator-to-accelerator) network between nodes.' }),
      bandwidth_gbit_s: bandwidth('Gb/s').nullable().meta({ description: 'Gb/s (10^9 bit/s) per accelerator in the typical reference node; null = no standard node.' }),
      confidence,
      source,
      note,
      latency_us: latency.meta({ description: 'Small-message latency in microseconds.' }),
      latency_confidence: confidence,
      latency_note: text,
    }),
    host_link: z
      .strictObject({
        name: text.meta({ description: 'The link between the accelerator and its host CPU\'s memory: PCIe Gen4 x16, PCIe Gen5 x16, NVLink-C2C, ...' }),
        bandwidth_gbps: bandwidth('GB/s').meta({ description: 'GB/s (10^9 B/s) per accelerator, ONE direction (host to device, and as much back): what CPU offload (training.offload) moves gradients down and parameters up over.' }),
        confidence,
        source,
        note,
      }, { error: typeHint(hostLinkHint) })
      .optional()
      .meta({ description: 'The host link (src/perf/offload.ts). Absent: training.offload is refused on this board, naming this key.' }),
    tdp_w: z.number().min(LIMITS.minTdpWatts, `expected at least ${LIMITS.minTdpWatts} | ${LIMIT_REASONS.tdp}`).max(LIMITS.profileFigure).nullable().meta({ description: 'Max board/module power in W; null = not published.' }),
    tdp_confidence: confidence,
    tdp_source: source,
    prices: z
      .array(
        z.strictObject({
          provider: text.meta({ description: 'The cloud: AWS, Google Cloud, CoreWeave, ... (one name per company; the offer goes in `offer`).' }),
          offer: text.optional().meta({ description: 'Instance or product, e.g. p5.48xlarge.' }),
          tier: z.enum(PRICE_TIERS),
          region: text.optional(),
          usd_per_hour: positive.meta({ description: 'USD per `unit`.' }),
          unit: z.enum(PRICE_UNITS).meta({ description: 'gpu-hour: per accelerator; instance-hour: per instance, divided by gpus_per_instance.' }),
          gpus_per_instance: z.number().int().positive().max(LIMITS.profileFigure).optional(),
          currency: z.literal('USD').optional().meta({ description: 'Only USD: convert elsewhere, at a stated rate and date.' }),
          kind: z.enum(PRICE_KINDS),
          term: text.optional().meta({ description: `Commitment term (1y, 3y, 6 months) for ${listed(COMMITTED_KINDS, 'and')}.` }),
          date,
          expires: date.optional().meta({ description: 'The date the price stopped applying (a rate card replaced, a price cut).' }),
          confidence,
          source,
          note,
        }),
      )
      .meta({ description: 'Hourly prices; an empty list needs `notes` saying why.' }),
    purchase_usd: z
      .array(z.strictObject({ seller: text, usd: positive.min(LIMITS.minUsdPerGpu, `at least ${LIMITS.minUsdPerGpu} | ${LIMIT_REASONS.purchase}`).meta({ description: 'USD per accelerator.' }), date, confidence, source, note }))
      .optional()
      .meta({ description: 'Purchase prices per unit (not hourly).' }),
    sources: z.array(text).min(1).meta({ description: 'Full citations for every figure in the file.' }),
    notes: text.optional(),
  })
  .superRefine((p, ctx) => {
    p.prices.forEach((price, i) => {
      if (TERM_KINDS.includes(price.kind) && !price.term) ctx.addIssue({ code: 'custom', path: ['prices', i, 'term'], message: `required for kind: ${price.kind} | add term: 1y, 3y or 6 months` });
      if (!COMMITTED_KINDS.includes(price.kind) && price.term) ctx.addIssue({ code: 'custom', path: ['prices', i, 'term'], message: `term only applies to ${listed(COMMITTED_KINDS, 'and')} prices (found kind: ${price.kind})` });
      if (price.term) {
        const t = termHoursOrError(price.term);
        if (typeof t === 'string') ctx.addIssue({ code: 'custom', path: ['prices', i, 'term'], message: t });
      }
      // A price that stopped applying on or before the day it was seen is never used (pricing/policy.ts isExpired): a typo in one of them.
      if (expiredOn(price.expires, price.date)) {
        ctx.addIssue({ code: 'custom', path: ['prices', i, 'expires'], message: `expires ${price.expires} is not after the price's date, ${price.date} | a price stops applying after the day it was seen: check both dates` });
      }
      // Per GPU, as the price is used (toProfile.ts).
      const perGpu = perGpuHourUsd(price);
      if (!isGpuHourPrice(perGpu)) {
        const shown = price.gpus_per_instance ? `${price.usd_per_hour} per instance of ${price.gpus_per_instance} GPUs is ${perGpu} per GPU-hour` : `${price.usd_per_hour} per GPU-hour`;
        ctx.addIssue({ code: 'custom', path: ['prices', i, 'usd_per_hour'], message: `expected at least ${LIMITS.minUsdPerGpuHour} per GPU-hour, found ${shown} | ${LIMIT_REASONS.price}` });
      }
      if ((price.unit === 'instance-hour') !== (price.gpus_per_instance !== undefined)) {
        ctx.addIssue({ code: 'custom', path: ['prices', i, 'gpus_per_instance'], message: 'gpus_per_instance goes with unit: instance-hour, and only with it | e.g. unit: instance-hour, gpus_per_instance: 8 for p5.48xlarge' });
      }
    });
    measuredAbovePeak(p).forEach(({ path, rate, peakKey, peak: limit }) => ctx.addIssue({
      code: 'custom', path,
      message: `a measured rate of ${rate} TFLOPS is above the dense peak, peak_tflops.${peakKey}: ${limit} | a board runs no faster than its peak; a profile that \`extends:\` another keeps the other's measured rates: restate them when the peak changes`,
    }));
    if (!p.peak_tflops.bf16 && !p.peak_tflops.fp16 && !p.peak_tflops.fp32) {
      ctx.addIssue({ code: 'custom', path: ['peak_tflops'], message: 'no bf16, fp16 or fp32 peak | a training accelerator needs at least one of them' });
    }
  });

/**
 * Measured rates above the dense peak they run at: each GEMM rate against its precision's peak, the
 * fused-attention rates (BF16, by their description) against the bf16 peak. A board never runs faster
 * than its peak; a profile that extended h100-sxm with `peak_tflops: {bf16: 100}` kept its 794.5
 * TFLOPS GEMM rate, and `utilization: auto` predicted 100.2% MFU.
 */
function measuredAbovePeak(p: { peak_tflops: Partial<Record<Precision, number | null | undefined>>; achievable_matmul_tflops?: Partial<Record<'bf16' | 'fp8' | 'fp4', number | undefined>> | undefined; achievable_attention_tflops?: { forward: number; backward: number; fa2?: { forward: number; backward: number } | undefined } | undefined }): { path: (string | number)[]; rate: number; peakKey: Precision; peak: number }[] {
  const found: { path: (string | number)[]; rate: number; peakKey: Precision; peak: number }[] = [];
  const check = (path: (string | number)[], rate: number | undefined, peakKey: Precision) => {
    const limit = p.peak_tflops[peakKey];
    if (rate !== undefined && typeof limit === 'number' && rate > limit) found.push({ path, rate, peakKey, peak: limit });
  };
  for (const k of ['bf16', 'fp8', 'fp4'] as const) check(['achievable_matmul_tflops', k], p.achievable_matmul_tflops?.[k], k);
  const a = p.achievable_attention_tflops;
  for (const k of ['forward', 'backward'] as const) {
    check(['achievable_attention_tflops', k], a?.[k], 'bf16');
    check(['achievable_attention_tflops', 'fa2', k], a?.fa2?.[k], 'bf16');
  }
  return found;
}

/** A `keys_per_query` block as validated (src/perf/attentionKeys.ts reads its curves). */
export type KeysPerQueryFile = z.output<typeof keysPerQuery>;
export type PriceUnit = (typeof PRICE_UNITS)[number];
export type HardwareProfileFile = z.output<typeof HardwareProfileSchema>;
