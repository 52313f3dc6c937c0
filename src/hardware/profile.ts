/**
 * Hardware profiles: parse one file, look up a peak, pick a price, summarise a catalog.
 * Pure functions over text and data; the caller reads the files (no I/O here).
 */
import { InputError } from '../input/errors.js';
import { issueToError } from '../input/validate.js';
import { parseYaml, type ParsedYaml } from '../input/yaml.js';
import { withParents, type ProfileLookup } from './extends.js';
import { HardwareProfileSchema, PRECISIONS, toHardwareProfile, type HardwareProfile, type Precision, type Price, type PriceKind } from './schema.js';

/** `hardware-profiles/h100-sxm.yaml` -> `h100-sxm`. */
export function profileIdFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.ya?ml$/i, '');
}

/**
 * Parses and validates one profile; its `id` must equal the file's base name so lookups by id find it.
 * With `lookup`, a profile may `extends:` another (src/hardware/extends.ts).
 */
export function parseHardwareProfile(text: string, file: string, lookup?: ProfileLookup): HardwareProfile {
  const own = parseYaml(text, file);
  const parsed = lookup ? withParents(own, lookup, [profileIdFromFile(file)]) : own;
  const data = validateProfile(parsed);
  const expected = profileIdFromFile(file);
  if (data.id !== expected) {
    throw new InputError(`id \`${data.id}\` does not match the file name \`${expected}\``, {
      file,
      ...parsed.locate(['id']),
      keyPath: 'id',
      hint: `rename the file to ${data.id}.yaml, or set id: ${expected}`,
    });
  }
  return toHardwareProfile(data);
}

/** Units live in the key names; a string such as "3.35 TB/s" where a number belongs gets this hint. */
const UNIT_SUFFIXES: [RegExp, string][] = [
  [/_tbps$/, 'TB/s'],
  [/_gbps$/, 'GB/s'],
  [/_gbit_s$/, 'Gb/s'],
  [/_us$/, 'microseconds'],
  [/_w$/, 'watts'],
  [/^usd_per_hour$/, 'USD per accelerator-hour'],
  [/^(gb|gib)$/, 'GB or GiB as the key says'],
];

/**
 * Like input/validate's `validate`, but a misspelt key wins over the "missing" issue it also
 * causes (`peak_tflop:` should say "did you mean `peak_tflops`", not "peak_tflops is missing").
 */
function validateProfile(parsed: ParsedYaml) {
  const result = HardwareProfileSchema.safeParse(parsed.value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
  const error = issueToError(HardwareProfileSchema, issue, parsed);
  const key = String(issue.path[issue.path.length - 1] ?? '');
  const inPeak = issue.path[0] === 'peak_tflops' || issue.path[0] === 'achievable_matmul_tflops';
  const unit = inPeak ? 'TFLOPS' : UNIT_SUFFIXES.find(([re]) => re.test(key))?.[1];
  if (issue.code === 'invalid_type' && issue.expected === 'number' && unit && !error.details.hint) {
    error.details.hint = `write a bare number in ${unit}; the unit is part of the key name`;
  }
  throw error;
}

/** Precisions the profile publishes a dense peak for, in PRECISIONS order. */
export function supportedPrecisions(profile: HardwareProfile): Precision[] {
  return PRECISIONS.filter((p) => profile.peakFlopsPerSecond[p] !== undefined);
}

/** What to use instead when a precision is missing; V100 and T4 have fp16 but no bf16, TPUs the reverse. */
const FALLBACK: Partial<Record<Precision, { use: Precision; why: string }>> = {
  bf16: { use: 'fp16', why: 'fp16 with loss scaling is the usual substitute' },
  fp16: { use: 'bf16', why: 'bf16 trains the same models without loss scaling' },
  tf32: { use: 'fp32', why: 'without TF32 units, fp32 matmuls run at the fp32 rate' },
  fp8: { use: 'bf16', why: 'without fp8 units, training runs in bf16' },
  fp4: { use: 'fp8', why: 'without fp4 units, low-precision training runs in fp8' },
};

/** Dense peak FLOP/s at a precision; an InputError says which precisions the part does have. */
export function peakFlops(profile: HardwareProfile, precision: Precision): number {
  const value = profile.peakFlopsPerSecond[precision];
  if (value !== undefined) return value;
  const supported = supportedPrecisions(profile);
  const alt = FALLBACK[precision];
  const suggestion = alt && profile.peakFlopsPerSecond[alt.use] !== undefined ? `use ${alt.use} (${alt.why}); ` : '';
  throw new InputError(`${profile.name} has no published ${precision} peak`, {
    keyPath: `hardware.${profile.id}.peak_tflops.${precision}`,
    hint: `${suggestion}${profile.id} supports: ${supported.join(', ') || 'none'}`,
  });
}

export interface PriceQuery {
  kind: PriceKind;
  /** Case-insensitive substring of the provider, e.g. "lambda" or "AWS". */
  provider?: string;
  /** For kind: reserved, the commitment term. */
  term?: '1y' | '3y';
}

/**
 * The price entry a query means. Without a provider: the cheapest of that kind (the catalog mixes
 * hyperscaler list prices with neoclouds, and an estimate wants the price one could actually pay).
 * With a provider: that provider's most recent price. Remaining ties go to the newer, then cheaper, entry.
 */
export function selectPrice(profile: HardwareProfile, query: PriceQuery): Price {
  const where = { keyPath: `hardware.${profile.id}.prices` };
  if (!profile.prices.length) {
    throw new InputError(`${profile.id} lists no hourly prices`, { ...where, hint: profile.notes ? `set the price explicitly; profile notes: ${profile.notes}` : 'set the price explicitly' });
  }
  const kinds = [...new Set(profile.prices.map((p) => (p.term ? `${p.kind} (${p.term})` : p.kind)))];
  let candidates = profile.prices.filter((p) => p.kind === query.kind && (query.term === undefined || p.term === query.term));
  if (!candidates.length) {
    const what = query.term ? `${query.kind} (${query.term})` : query.kind;
    throw new InputError(`${profile.id} has no ${what} price`, { ...where, hint: `available kinds: ${kinds.join(', ')}` });
  }
  if (query.provider !== undefined) {
    const needle = query.provider.toLowerCase();
    const ofKind = candidates;
    candidates = candidates.filter((p) => p.provider.toLowerCase().includes(needle));
    if (!candidates.length) {
      throw new InputError(`${profile.id} has no ${query.kind} price from a provider matching "${query.provider}"`, {
        ...where,
        hint: `${query.kind} providers: ${[...new Set(ofKind.map((p) => p.provider))].join('; ')}`,
      });
    }
    return [...candidates].sort((a, b) => compareDate(b.date, a.date) || a.usdPerHour - b.usdPerHour)[0]!;
  }
  return [...candidates].sort((a, b) => a.usdPerHour - b.usdPerHour || compareDate(b.date, a.date))[0]!;
}

/** Dates are YYYY, YYYY-MM or YYYY-MM-DD; comparing strings orders them, a bare year counting as its start. */
function compareDate(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface HardwareSummaryRow {
  id: string;
  vendor: string;
  name: string;
  year: number;
  /** SI gigabytes (10^9 B), for sorting and arithmetic. */
  memoryGB: number;
  /** As the vendor states it, for display: "80 GB", "32 GiB". */
  memoryStated: string;
  bf16Tflops: number | null;
  fp8Tflops: number | null;
  /** Cheapest on-demand $/accelerator-hour, null when the profile lists none. */
  onDemandUsdPerHour: number | null;
}

/** One row per profile for `flopcast hardware list`, sorted by vendor then year then id. */
export function listSummary(profiles: readonly HardwareProfile[]): HardwareSummaryRow[] {
  const tflops = (v: number | undefined) => (v === undefined ? null : v / 1e12);
  return profiles
    .map((p) => {
      const onDemand = p.prices.filter((x) => x.kind === 'on-demand').map((x) => x.usdPerHour);
      return {
        id: p.id,
        vendor: p.vendor,
        name: p.name,
        year: p.year,
        memoryGB: p.memoryBytes / 1e9,
        memoryStated: p.memoryStated,
        bf16Tflops: tflops(p.peakFlopsPerSecond.bf16),
        fp8Tflops: tflops(p.peakFlopsPerSecond.fp8),
        onDemandUsdPerHour: onDemand.length ? Math.min(...onDemand) : null,
      };
    })
    .sort((a, b) => a.vendor.localeCompare(b.vendor) || a.year - b.year || a.id.localeCompare(b.id));
}
