import { int } from '../report/format.js';

/**
 * Every limit on what a user's input may make flopcast read, allocate or print, in one place.
 * Policy, chosen rather than sourced: each leaves a wide margin over the bundled files and real
 * plans (the largest bundled file is 34 kB; the largest bundled matrix has 9 runs; the longest
 * bundled name is under 60 characters), while keeping any input under 1 MB to well under 512 MB
 * of memory and a few seconds (measured by test/fuzz/hostile.test.ts). Each is refused up front,
 * with exit 2 and the limit named in the message.
 */
export const LIMITS = {
  /** Bytes of any one input file (scenario, model YAML, config.json, hardware profile) or of stdin. */
  inputBytes: 1_000_000,
  /**
   * Values YAML aliases may expand to in one file (an alias of a ten-item list costs 11), so neither many aliases nor a few
   * of a large anchor can blow up memory; the largest bundled file (validation/test-runs.yaml, 70 kB) uses a dozen aliases
   * of inline models, a few hundred values.
   */
  yamlAliasValues: 10_000,
  /** Nesting levels of a YAML document (flow brackets and block keys); bundled files nest a few. */
  yamlDepth: 32,
  /** Runs (matrix combinations) across all scenario files of one invocation (2,000 take about 2 s). */
  runsPerInvocation: 2_000,
  /**
   * Of those, runs that search parallel layouts (`utilization: auto`, a stated `cluster.parallelism`):
   * one search takes 10-100 ms, so 64 searches stay within a few seconds. The same bounds the rows of a user's own
   * measured runs across the files of one `validate FILE...` (or one `validateRuns`): each row is such a search
   * (2,000 dense rows of 400 kB took 51 s; 1 MB of MoE rows on thousands of GPUs with nothing printed, hours).
   */
  plannedRunsPerInvocation: 64,
  /** `plan --top`: layouts shown. */
  top: 1_000,
  /** Characters of a name (a scenario's, a model's, a profile's, or a run name with its matrix label). */
  nameChars: 256,
  /**
   * Characters of a path echoed in a message: PATH_MAX of Linux (4,096 bytes with its NUL, <linux/limits.h>),
   * so a path a file system opens is never cut; a longer one is cut as a long name is.
   */
  pathChars: 4_096,
  /** Bytes of one output (stdout or --out). */
  outputBytes: 64_000_000,
  /**
   * Values (mappings, lists and scalars) in a scenario or model a library caller passes as an object;
   * an object may share a value between places, as YAML aliases do, so it is counted expanded.
   */
  objectValues: 100_000,
  /** Items a message lists one by one (dense layers an importer notes); the rest are counted. */
  listedItems: 64,
  /** Entries of a per-layer list an importer builds from a rule (Qwen's sliding layers from max_window_layers on). */
  perLayerEntries: 100_000,
  /** Profile files in one hardware folder. */
  profilesPerFolder: 1_000,
  /** Hardware folders one command reads (--hardware-dir, the library's hardwareDirs), each listed whole: 100,000 took minutes. */
  hardwareFolders: 64,
  /**
   * Any number in a hardware profile, in its own unit (TFLOPS, GB, TB/s, W, USD, ...): about a
   * hundred million times the largest bundled figure (a five-digit purchase price), so that figures
   * converted at load stay finite and far from overflowing (1e300 TFLOPS made an infinite peak,
   * blamed on the scenario's utilization, and a plan of "no layout fits" after 1,011 that fit).
   */
  profileFigure: 1e12,
  /**
   * The least rate a profile or scenario may give, in its own unit (TFLOPS, TB/s, GB/s, Gb/s), and the least
   * sustained fraction and utilisation (a profile's sustained_fraction, a scenario's cluster.utilization): 0.001
   * (1 GFLOP/s, 1 GB/s, 1 Mbit/s, 0.1% MFU) is far below any accelerator's; a smaller figure is a unit slip that
   * would only surface as an overflowing run time (`utilization: 1e-12` printed a run of 10 trillion days).
   */
  minRate: 0.001,
  /**
   * The most bandwidth one accelerator may be given, in bytes per second per direction (memory, scale-up, scale-out;
   * a profile's or a scenario's, each in its own unit: {@link maxBandwidth}): 100 PB/s, about 5 times the on-chip memory
   * bandwidth of a wafer-scale engine (Cerebras WSE-3: 21 PB/s of on-die SRAM bandwidth, as Cerebras announced it in March 2024) and 12,500 times the fastest bundled HBM
   * (8 TB/s, B200). More is a unit slip: 1e11 TB/s of memory and 1e30 GB/s of network ran, as accelerators whose memory
   * and network take no time.
   */
  bandwidthBytesPerSecond: 1e17,
  /**
   * The most small-message latency one link may be given, in microseconds (a profile's scale_up and scale_out latency_us,
   * a scenario's cluster.network override): one second. Light in fibre covers about 204 km a millisecond (c over a
   * refractive index of about 1.47), so the farthest two points on the Earth's surface, half its 40,075 km circumference
   * apart, are about 100 ms apart one way; the bundled fabrics give 3 to 10 µs. More is no network but a slip (picoseconds written as
   * microseconds, a figure off by powers of ten): `latency_us: 1e300` overflowed the step time, blamed on the scenario's
   * `cluster.utilization`, and `5000000` (5 s a message) planned GPT-3 on 1,024 H100 at 1.5% MFU.
   */
  linkLatencyMicroseconds: 1e6,
  /**
   * GPUs in one run (a scenario's cluster.count, `--count`, the library's `count`), whether its utilisation is given or
   * planned: about 600 times the largest bundled cluster (16,384 H100 for Llama 3 405B, arXiv:2407.21783 §3.3), far
   * below 2^53, where counts stop being exact (2^53 − 1 GPUs ran with a given utilisation: a wall-clock of 1.9e-13 days).
   */
  gpuCount: 10_000_000,
  /**
   * The most power usage effectiveness (facility ÷ IT power, so at least 1 by definition: The Green Grid, White Paper #49)
   * a scenario may give: surveyed data centres averaged about 2.5 in 2007 and 1.58 in 2023 (Uptime Institute Global
   * Data Center Survey; the 2023 figure: intelligence.uptimeinstitute.com, "Large data centers are mostly more efficient,
   * analysis confirms", UII Update 221, Nov 2023, "industry average PUE stood at 1.58"), so 3 leaves room for the worst; `pue: 50` ran, fifty times the energy.
   */
  pue: 3,
  /**
   * The shortest commitment term, in hours (a scenario's `pricing.term`, a profile price's `term`): rates are per
   * GPU-hour, so an hour is the smallest term a price can describe (the shortest commitments sold are a day, AWS EC2
   * Capacity Blocks: an hour leaves room below them without admitting nonsense); `term: 1e-320 days` renewed the
   * commitment an infinite number of times, printed as "n/a terms" with a null commitment_usd (hostile sweep 21).
   */
  minTermHours: 1,
  /**
   * A measured run's figures (a validation row's `reported` and `full_run.gpu_hours`, bundled or `validate FILE`'s),
   * from minRate (tokens/s per GPU, seconds, MFU, GPU-hours) to this: far outside any run (the bundled rows span 123 to
   * 301,689 tokens/s per GPU, 0.05 to 118 s a step, up to 30.8M GPU-hours), while predicted ÷ measured stays a finite,
   * nonzero number (1e-320 tokens/s made the error infinite, 1e300 made it −100% and the fitted scale infinite).
   */
  measuredFigure: 1e12,
  /**
   * The longest straight-line amortisation a scenario's `pricing.kind: owned` may give, in years: 5 times the longest
   * useful life the largest operators book for servers (six years: Microsoft from fiscal 2023, 10-Q for Q2 FY23; Google,
   * 10-K for 2022; Amazon five, Meta five). A sanity bound, not a source: `amortization_years: 1e308` priced the
   * hardware at $0.0000 per GPU-hour (hostile sweep 22).
   */
  amortizationYears: 30,
  /**
   * The shortest straight-line amortisation of kind: owned, in years: 0.1 (about five weeks). Amortisation spreads the
   * purchase over the hardware's useful life, which operators book at four to six years (above); a life of weeks is
   * already no amortisation but a purchase written off within one run, and less is a slip (days or hours as years):
   * `amortization_years: 1e-9` priced the GPU-hour at $4.74B and was printed (hostile sweep 30).
   */
  minAmortizationYears: 0.1,
  /**
   * The most a scenario's kind: owned may give per GPU, in USD: its purchase price (capex_usd_per_gpu, or capex_usd_per_node
   * per GPU), its network's share (interconnect_usd_per_gpu) and a year's hosting (hosting_usd_per_gpu_year). $10M, about
   * 400 times the dearest bundled purchase ($25,734 per H100 in an 8-GPU server, Epoch AI's hardware price dataset): a
   * whole server counted as one accelerator fits under it. More is a slip (a cluster's price given per GPU, or cents as
   * dollars): `capex_usd_per_gpu: 1e30` printed a cost of $2.010e31 and a pay-back of 3.708e25 months (hostile sweep 30).
   */
  maxUsdPerGpu: 10_000_000,
  /**
   * The least nonzero price per GPU-hour (a scenario's usd_per_gpu_hour and compare_with's, a profile's usd_per_hour per
   * GPU): $0.0001, about 2,000 times below the cheapest bundled rental (an RTX 3090 on Vast.ai at $0.18). Less is a unit
   * slip (cents or a per-second rate as dollars per hour); `usd_per_gpu_hour: 1e-320` printed a price of $1.000e-320.
   * A price of 0 (compute already paid for) stays allowed.
   */
  minUsdPerGpuHour: 0.0001,
  /**
   * The least purchase price per accelerator (a scenario's capex_usd_per_gpu, or capex_usd_per_node per GPU; a profile's
   * purchase_usd): $1, about 1,400 times below the cheapest bundled purchase (an RTX 4090 at $1,417, retail 2025), the
   * price rule's margin. Less is a slip (`capex_usd_per_gpu: 1e-320` was accepted, an owned cluster at $0.0000 per
   * GPU-hour). No 0: the hardware of kind: owned is what the price is computed from (free compute is usd_per_gpu_hour: 0).
   */
  minUsdPerGpu: 1,
  /**
   * The least nonzero electricity price, USD per kWh (a scenario's energy.usd_per_kwh and kind: owned's): $0.0001, 800
   * times below the bundled scenarios' $0.08. Less is a unit slip: $0.08 per kWh written per Wh is 0.00008 (and
   * `usd_per_kwh: 1e-320` was accepted). 0 stays allowed: it means power paid within the GPU price (a cloud rental, the
   * default) or not counted.
   */
  minUsdPerKwh: 0.0001,
  /**
   * The most electricity may cost, USD per kWh (energy.usd_per_kwh and kind: owned's): $10, over ten times the dearest
   * retail tariffs (well under $1 per kWh; the bundled scenarios: $0.08). More is a unit slip (per MWh as per kWh, cents
   * as dollars): `usd_per_kwh: 1e20` printed an energy cost of $4.733e26 (hostile sweep 30).
   */
  maxUsdPerKwh: 10,
  /**
   * The most carbon a kWh may carry, kg CO2 (a scenario's energy.kg_co2_per_kwh): 2, over twice the dirtiest generation,
   * coal, at 0.74–0.91 kg CO2eq per kWh over its life cycle (IPCC AR5 WGIII Annex III, Table A.III.2), and so above any
   * grid's average. More is a unit slip (grams as kilograms: the US average's 373 g written 373); `kg_co2_per_kwh: 1e21`
   * printed 4.200e17 t of CO2 (hostile sweep 33).
   */
  maxKgCo2PerKwh: 2,
  /**
   * The least memory a profile may give one accelerator (memory.gb or memory.gib): 0.1, below the smallest accelerator
   * memory a training profile could describe (a Groq LPU's 230 MB of on-chip SRAM); `gb: 1e-320` was accepted, a GPU
   * on which no layout fits.
   */
  minMemoryGb: 0.1,
  /** The least TDP a profile may give, in W: the smallest accelerator modules draw a few watts (Coral Edge TPU: 2 W); `tdp_w: 1e-320` made the energy zero. */
  minTdpWatts: 1,
} as const;

/** Bytes per second in one of a bandwidth's units (TB/s of memory, GB/s of a link, Gb/s of a network card). */
export const BANDWIDTH_UNITS = { 'TB/s': 1e12, 'GB/s': 1e9, 'Gb/s': 1e9 / 8 } as const;

/** The most bandwidth ({@link LIMITS}.bandwidthBytesPerSecond) in `unit`, `directions` summed (a bidirectional figure: 2). */
export function maxBandwidth(unit: keyof typeof BANDWIDTH_UNITS, directions = 1): number {
  return (LIMITS.bandwidthBytesPerSecond * directions) / BANDWIDTH_UNITS[unit];
}

/** Whether a price per GPU-hour is within {@link LIMITS}.minUsdPerGpuHour's rule: 0, or at least that (its reason: LIMIT_REASONS.price). */
export function isGpuHourPrice(usd: number): boolean {
  return usd === 0 || usd >= LIMITS.minUsdPerGpuHour;
}

/** Whether an electricity price is within {@link LIMITS}.minUsdPerKwh's rule: 0, or at least that (its reason: LIMIT_REASONS.electricity). */
export function isKwhPrice(usd: number): boolean {
  return usd === 0 || usd >= LIMITS.minUsdPerKwh;
}

/** The parts of the electricity bounds' reasons, so the range's description says the premise once. */
const KWH = {
  tariffs: 'electricity costs cents per kWh (the dearest retail tariffs well under $1, the bundled scenarios $0.08)',
  below: `less than $${LIMITS.minUsdPerKwh} is a unit slip (per kWh, not per Wh)`,
  above: `more than $${LIMITS.maxUsdPerKwh} is a unit slip (per kWh, not per MWh)`,
  zero: '0 means power paid within the GPU price, or not counted',
};

/** Why a bound is there, as the hint beside its refusal (input/validate.ts reads a bound's message after ` | `). */
export const LIMIT_REASONS = {
  bandwidth: `no accelerator comes near ${LIMITS.bandwidthBytesPerSecond / 1e15} PB/s (a wafer-scale engine's on-chip memory: 21 PB/s): check the unit (memory in TB/s, scale-up in GB/s, scale-out in GB/s or Gb/s)`,
  latency: `latency_us is in microseconds: a fabric's is a few (the bundled ones 3 to 10), and over fibre no two points on Earth are more than about 100 ms apart one way, so more than ${int(LIMITS.linkLatencyMicroseconds)} µs (one second) is a slip`,
  gpuCount: `at most ${int(LIMITS.gpuCount)} GPUs, about 600 times the largest bundled run (Llama 3 405B on 16,384 H100)`,
  /** A parallel degree (tp, pp, dp, cp, ep, etp, a shard group) counts GPUs, so it is held to the GPU count's bound. */
  parallelDegree: `a parallel degree counts GPUs: at most ${int(LIMITS.gpuCount)}, the most GPUs a run may have`,
  pue: `PUE is facility ÷ IT power: at least 1, and surveyed data centres average about 1.6 (at most ${LIMITS.pue} here)`,
  amortizationYears: `${LIMITS.minAmortizationYears} to ${LIMITS.amortizationYears} years: operators depreciate servers over 4 to 6 years (Microsoft and Google 6, Amazon and Meta 5), and a life of weeks is no amortisation`,
  perGpuUsd: `at most $${int(LIMITS.maxUsdPerGpu)} per GPU, about 400 times the dearest bundled purchase ($25,734 per H100): more is a slip (a cluster's or a server's price given per GPU, or cents as dollars)`,
  hostingUsd: `at most $${int(LIMITS.maxUsdPerGpu)} per GPU a year, the most a GPU may cost to buy: hosting is per GPU per year (the bundled scenario's is $1,200), so more is a slip (a cluster's cost, or cents as dollars)`,
  memory: `at least ${LIMITS.minMemoryGb}: memory is in GB (or GiB), and no accelerator has less than ${LIMITS.minMemoryGb * 1000} MB`,
  purchase: `the cheapest bundled accelerator costs $1,417 (an RTX 4090), so less than $${LIMITS.minUsdPerGpu} is a slip (purchase prices are dollars per GPU)`,
  electricity: `${KWH.tariffs}, so ${KWH.below}; ${KWH.zero}`,
  electricityMax: `${KWH.tariffs}, so ${KWH.above}`,
  /** Both electricity bounds in one sentence, for a description that states the range (scenario/pricingSchema.ts). */
  electricityRange: `${KWH.tariffs}, so ${KWH.below} and ${KWH.above}; ${KWH.zero}`,
  carbon: `the dirtiest generation, coal, emits under 1 kg CO2 per kWh over its life cycle (IPCC AR5), so more than ${LIMITS.maxKgCo2PerKwh} is a unit slip (kg per kWh, not g per kWh)`,
  price: `the cheapest rentals cost about $0.2 per GPU-hour, so less than $${LIMITS.minUsdPerGpuHour} is a unit slip (prices are dollars per hour, not cents or per second)`,
  tdp: `at least ${LIMITS.minTdpWatts} W: TDP is in watts, and accelerator boards draw tens to hundreds`,
  utilization: `MFU is a fraction of the peak (0.4 is 40%): below ${LIMITS.minRate} (0.1%) is no training run but a slip`,
} as const;
