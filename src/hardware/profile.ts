/**
 * Hardware profiles: parse one file, look up a peak, pick a price, summarise a catalog.
 * Pure functions over text and data; the caller reads the files (no I/O here).
 */
import { compareText } from '../input/name.js';
import { InputError } from '../input/errors.js';
import { issueToError } from '../input/validate.js';
import { primaryIssue, safeParseInput } from '../input/zodIssue.js';
import { describeTopLevel, isMapping } from '../input/found.js';
import { parseYaml, type ParsedYaml } from '../input/yaml.js';
import { refuseOtherKind } from '../input/fileKind.js';
import { appliesOn, isEstablished } from '../pricing/policy.js';
import { withParents, type ProfileLookup } from './extends.js';
import { HardwareProfileSchema, PRECISIONS, PROFILE_ID, type Precision } from './schema.js';
import { toHardwareProfile, type HardwareProfile } from './toProfile.js';

/** `hardware-profiles/h100-sxm.yaml` -> `h100-sxm`. */
function profileIdFromFile(file: string): string {
  return baseName(file).replace(/\.ya?ml$/i, '');
}

const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;

/**
 * Parses and validates one profile; its `id` must equal the file's base name so lookups by id find it.
 * With `lookup`, a profile may `extends:` another (src/hardware/extends.ts).
 */
export function parseHardwareProfile(text: string, file: string, lookup?: ProfileLookup): HardwareProfile {
  const own = parseYaml(text, file);
  refuseOtherKind(own.value, 'hardware', file, 'a hardware profile (id, memory, peak_tflops, ...)');
  // An empty file (or `~`, or comments alone): its `extends` was read off null, a TypeError, exit 1 (hostile sweep 21).
  if (own.value === null || own.value === undefined) {
    throw new InputError(`a hardware profile is a mapping (id, memory, peak_tflops, ...), found ${describeTopLevel(own.value)}`, { file, line: 1, col: 1, hint: 'write the profile, or extends: ID with the figures that differ from that profile (flopcast hardware show ID lists a profile)' });
  }
  const expected = profileIdFromFile(file);
  const parsed = lookup ? withParents(own, lookup, [expected]) : own;
  // A profile that extends another and states no id takes its file's name (extends.ts): `My GPU.yaml` was told only
  // "id: expected a lower-case id", at a key the file does not have. One that extends nothing must state its id.
  const noId = isMapping(own.value) && own.value.id === undefined;
  const named = lookup !== undefined && isMapping(own.value) && own.value.extends !== undefined;
  const idHint = !noId ? undefined
    : named ? `the profile states no id, so its file's name is its id: rename ${baseName(file)} to a lower-case id such as h100-sxm.yaml`
    : PROFILE_ID.test(expected) ? `add id: ${expected} (a profile's id is its file's name)`
    : `add a lower-case id, such as id: h100-sxm, and name the file after it (h100-sxm.yaml): a profile's id is its file's name`;
  const data = validateProfile(parsed, idHint);
  if (data.id !== expected) {
    throw new InputError(`id \`${data.id}\` does not match the file name \`${expected}\``, {
      file,
      ...parsed.locate(['id']),
      keyPath: 'id',
      // Not `set id: .hidden` (or `My-X`, `a b`): an id the schema refuses.
      hint: `rename the file to ${data.id}.yaml` + (PROFILE_ID.test(expected) ? `, or set id: ${expected}` : ' (a profile\'s file name is its id)'),
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
function validateProfile(parsed: ParsedYaml, idHint?: string) {
  const result = safeParseInput(HardwareProfileSchema, parsed.value);
  if (result.success) return result.data;
  const issue = primaryIssue(result.error.issues);
  const error = issueToError(HardwareProfileSchema, issue, parsed);
  if (idHint !== undefined && issue.path.length === 1 && issue.path[0] === 'id') error.details.hint = idHint;
  const key = String(issue.path[issue.path.length - 1] ?? '');
  const inPeak = issue.path[0] === 'peak_tflops' || issue.path[0] === 'achievable_matmul_tflops';
  const unit = inPeak ? 'TFLOPS' : UNIT_SUFFIXES.find(([re]) => re.test(key))?.[1];
  if (issue.code === 'invalid_type' && issue.expected === 'number' && unit && !error.details.hint) {
    error.details.hint = `write a bare number in ${unit}; the unit is part of the key name`;
  }
  throw error;
}

/** Precisions the profile publishes a dense peak for, in PRECISIONS order. */
function supportedPrecisions(profile: HardwareProfile): Precision[] {
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

/**
 * Dense peak FLOP/s at a precision; an InputError says which precisions the part does have, at
 * `keyPath` (the key that chose the precision, or would have: `defaulted` where the precision is the default; by
 * default the profile's missing peak).
 */
export function peakFlops(profile: HardwareProfile, precision: Precision, keyPath = `hardware.${profile.id}.peak_tflops.${precision}`, defaulted = false): number {
  const value = profile.peakFlopsPerSecond[precision];
  if (value !== undefined) return value;
  const supported = supportedPrecisions(profile);
  const alt = FALLBACK[precision];
  const suggestion = alt && profile.peakFlopsPerSecond[alt.use] !== undefined ? `use ${alt.use} (${alt.why}); ` : '';
  // A precision nobody gave is said to be the default: `budget --gpu v100-sxm2-32gb` blamed a --precision not written.
  throw new InputError(`${profile.name} has no published ${precision} peak${defaulted ? ` (${precision} is the default: no precision was given)` : ''}`, {
    keyPath,
    hint: `${suggestion}${profile.id} supports: ${supported.join(', ') || 'none'}`,
  });
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
  /** Cheapest on-demand $/accelerator-hour of an established cloud (the prices the defaults take: pricing/policy.ts isEstablished), null when none. */
  onDemandUsdPerHour: number | null;
}

/**
 * One row per profile for `flopcast hardware list`, sorted by vendor then year then id. Prices that
 * expired by `today`, or are dated after it, are left out, as the price policy leaves them out (an expired $0.01 was listed).
 */
export function listSummary(profiles: readonly HardwareProfile[], today: string): HardwareSummaryRow[] {
  const tflops = (v: number | undefined) => (v === undefined ? null : v / 1e12);
  return profiles
    .map((p) => {
      const onDemand = p.prices.filter((x) => x.kind === 'on-demand' && isEstablished(x) && appliesOn(x, today)).map((x) => x.usdPerHour);
      return {
        id: p.id,
        vendor: p.vendor,
        name: p.name,
        year: p.year,
        // The figure the list shows and --min-memory compares: the vendor's GB (HBM "GB" are GiB, see memoryBytesOf), or GiB in SI GB.
        memoryGB: p.memoryStated.endsWith(' GB') ? Number.parseFloat(p.memoryStated) : p.memoryBytes / 1e9,
        memoryStated: p.memoryStated,
        bf16Tflops: tflops(p.peakFlopsPerSecond.bf16),
        fp8Tflops: tflops(p.peakFlopsPerSecond.fp8),
        onDemandUsdPerHour: onDemand.length ? Math.min(...onDemand) : null,
      };
    })
    .sort((a, b) => compareText(a.vendor, b.vendor) || a.year - b.year || compareText(a.id, b.id));
}
