/**
 * Numeric scenario fields: a number, or text evaluated by the locked-down expression evaluator
 * (`300B`, `21 days`, `20 * params`). The names an expression may use are the scenario's own
 * (model sizes, cluster count), set for the duration of one validation by {@link withScope}.
 */
import { z } from 'zod';
import { BANDWIDTH_UNITS, isGpuHourPrice, isKwhPrice, LIMIT_REASONS, LIMITS, maxBandwidth } from '../input/limits.js';
import { InputError } from '../input/errors.js';
import { evaluateExpression } from '../input/expr.js';
import type { PerUnit } from '../input/rateHint.js';
import { KIND_TEXT as EXPRESSION_KIND_TEXT } from '../input/exprVocabulary.js';
import { batchSuffixProblem, sequenceSuffixProblem, wholeCountProblem } from '../input/quantity.js';
import { isMapping } from '../input/found.js';
import { unionHint } from '../input/errorMaps.js';
import { grouped, int } from '../report/format.js';

export type ValueKind = 'count' | 'duration' | 'bytes' | 'number';

let currentScope: Readonly<Record<string, number>> = Object.freeze({});

export function withScope<T>(scope: Readonly<Record<string, number>>, fn: () => T): T {
  const saved = currentScope;
  currentScope = scope;
  try {
    return fn();
  } finally {
    currentScope = saved;
  }
}

/**
 * A count the scope of the scenario's expressions names after the key it is written at (`count` is
 * cluster.count, `seq_len` training.seq_len), in whatever form it is written: a number or a count's text
 * (`1k`, `2 * 512`), read with `scope`. `count: 1k` left `count` out of the scope (`tokens: 1B * count`
 * was "unknown name `count`", did you mean `round`?), and `seq_len` was the model's even where the run
 * set its own (`global_batch: {tokens: 512 * seq_len}` at seq_len 4096 on Llama 3 8B was 512 × 8,192
 * tokens, twice the batch meant). A value that does not read is left out: the schema tells it at its key.
 */
export function writtenCount(raw: Record<string, unknown>, [block, key]: readonly [string, string], scope: Readonly<Record<string, number>>): number | undefined {
  const section = raw[block];
  const c = isMapping(section) ? section[key] : undefined;
  if (typeof c === 'number') return c;
  if (typeof c !== 'string') return undefined;
  try {
    return evaluateExpression(c, scope, { kind: 'count' });
  } catch {
    return undefined;
  }
}

/** A scenario's training.global_batch (validated) in tokens, at sequences of `seqLen` tokens; null when it gives none. */
export function globalBatchTokensOf(gb: number | { tokens: number } | { sequences: number } | undefined, seqLen: number): number | null {
  return gb === undefined ? null : typeof gb === 'number' ? gb * seqLen : 'tokens' in gb ? gb.tokens : gb.sequences * seqLen;
}

/**
 * The whole sequences a global batch of `batchTokens` holds at `seqLen`, as the performance model plans it
 * (the nearest whole number), with a warning where the tokens are not a whole number of sequences: a batch
 * written in decimal tokens (`{tokens: 16M}` at 8,192 tokens: 1,953.125 sequences, planned as 1,953 =
 * 3² × 7 × 31) leaves the planner few data-parallel and micro-batch sizes that divide it, silently (`flopcast run`
 * at 138b234 of llama-3.1-70b, 15T tokens at 8,192, on 4,096 b200 with utilization: auto: tp8 pp64 dp1 cp8 at a
 * predicted 10.3% MFU, against tp8 pp1 dp512 at 47.2% for {sequences: 2048}). The hint offers the power of
 * two nearest, the batches published recipes use (Llama 3's "16M tokens", arXiv:2407.21783 Table 4, is
 * 2,048 sequences of 8,192: 16 × 2^20 tokens).
 */
export function batchSequencesOf(batchTokens: number, seqLen: number): { sequences: number; warning: string | null } {
  const exact = batchTokens / seqLen;
  const sequences = Math.round(exact);
  if (sequences === exact) return { sequences, warning: null };
  const pow2 = 2 ** Math.round(Math.log2(exact));
  return {
    sequences,
    warning: `training.global_batch: ${grouped(batchTokens)} tokens is ${grouped(exact, 3)} sequences of ${int(seqLen)} tokens, planned as ${int(sequences)} (${int(sequences * seqLen)} tokens), whose divisors limit the data-parallel and micro-batch sizes the planner can use; give the batch in whole sequences, such as {sequences: ${pow2}} (${int(pow2 * seqLen)} tokens)`,
  };
}

/**
 * A layout refused for the global batch's count of sequences (a micro-batch·dp that does not divide it, micro-batches
 * an interleaved or DualPipe schedule cannot take) where that count was rounded from tokens carries the rounding's
 * warning in its hint: `{tokens: 16M}` at 131,072 tokens was "dp = 8 does not divide the global batch of 122
 * sequences", 122 from nowhere the file shows (the warning that says so is printed only with a result).
 */
export function withBatchWarning<T>(warning: string | null | undefined, predict: () => T): T {
  try {
    return predict();
  } catch (err) {
    if (!warning || !(err instanceof InputError) || !/global batch|micro-batches/.test(err.message)) throw err;
    throw new InputError(err.message, { ...err.details, hint: err.details.hint ? `${err.details.hint}; ${warning}` : warning });
  }
}

/**
 * A global batch holds whole sequences: one of fewer tokens than a sequence is refused at
 * training.global_batch (`where`: its place in the file), with the caller's hint (run and plan tell
 * different fixes).
 */
export function refuseBatchBelowOneSequence(batchTokens: number | null, seqLen: number, where: { file: string; line: number; col: number }, hint: string): void {
  if (batchTokens !== null && batchTokens < seqLen) {
    throw new InputError(`a global batch of ${batchTokens} tokens is less than one sequence (seq_len ${seqLen})`, { ...where, keyPath: 'training.global_batch', hint });
  }
}

const KIND_TEXT: Record<ValueKind, string> = {
  count: 'a number such as 300B, 1.4T or 20 * params',
  duration: 'a duration such as 21 days, 3 weeks or 36 h',
  bytes: 'a size such as 80 GB',
  number: 'a number or arithmetic such as 0.4 or 2 * 3',
};

/**
 * A whole count's (GPUs, parallel degrees, layers, micro-batches): its own example, where `count`'s is a token count's
 * (the JSON Schema told `cluster.count`, `tp` and `micro_batch` "a number such as 300B, 1.4T or 20 * params": budget35).
 */
const WHOLE_TEXT = 'a whole number such as 8, 1024 or 2 * 512';
/** A sequence length's syntax: its suffix is refused (quantity.ts sequenceSuffixProblem). */
const SEQUENCE_TEXT = 'a whole number such as 8192 or 4 * 1024; a suffix such as 128k is refused: 128,000 or 131,072?';
/** A global batch's sequences: its suffix is refused (quantity.ts batchSuffixProblem). */
const BATCH_TEXT = 'a whole number of sequences such as 512 or 2 * 256; a suffix such as 4M is refused: tokens are written {tokens: 4194304}';

/** A hint for a value that is neither a number nor text, or missing (undefined): `documents[0].share` left out, `documents: {tokens: [1024, 2048]}`. */
export type TypeHint = (input: unknown) => string | undefined;

/**
 * A numeric field of the given kind; `refine` adds the range check (positive, fraction, ...). `integer`: it takes whole
 * numbers only (its hints say so). `number`: the schema its number form is held to ({@link bounded}). `typeHint`: the
 * hint for a value of neither kind, or none, carried after ' | ' in the union's message (validate.ts tells it). `per`: the time
 * unit a rate field is per (its key's name: `usd_per_gpu_hour`), for the hint to `1800/month` (input/rateHint.ts). `dollars`:
 * the field is an amount of US dollars, a budget (input/expr.ts ExpressionOptions.dollars).
 */
export function value(kind: ValueKind, description?: string, { sequence = false, batch = false, integer = false, percent = false, number = z.number(), typeHint, per, dollars = false }: { sequence?: boolean; batch?: boolean; integer?: boolean; percent?: boolean; number?: z.ZodNumber; typeHint?: TypeHint | undefined; per?: PerUnit | undefined; dollars?: boolean } = {}) {
  const syntax = sequence ? SEQUENCE_TEXT : batch ? BATCH_TEXT : integer && kind === 'count' ? WHOLE_TEXT : KIND_TEXT[kind];
  const error = typeHint && unionHint(typeHint);
  const input = z.union([number, z.string()], error ? { error } : {}).meta({ description: `${description ? description + ' ' : ''}(${syntax})` });
  return input.transform((v, ctx) => {
    if (typeof v === 'number' && kind !== 'duration') return v;
    // A suffix is refused where it has two readings: a sequence length's (128k: 128,000 or 131,072), a batch of sequences'
    // (4M: sequences, or the tokens a paper means; at the run's seq_len, which the scope holds).
    const ambiguous = typeof v !== 'string' ? undefined : sequence ? sequenceSuffixProblem(v) : batch ? batchSuffixProblem(v, currentScope.seq_len, (n) => `global_batch: ${n}`) : undefined;
    if (ambiguous) {
      ctx.addIssue({ code: 'custom', message: `${ambiguous.message} | ${ambiguous.hint}` });
      return z.NEVER;
    }
    try {
      return evaluateExpression(v, currentScope, { kind, integer, percent, dollars, ...(per ? { per } : {}) });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      // `expects`: what the field takes, in words, where a union tells its kinds (input/zodIssue.ts expectedKinds): `utilization:
      // predicted` was "expected one of `auto`", as if a number were not taken (polish 29).
      ctx.addIssue({ code: 'custom', message: err.message + (err.details.hint ? ` | ${err.details.hint}` : ''), params: { expects: EXPRESSION_KIND_TEXT[kind] } });
      return z.NEVER;
    }
  });
}

/**
 * A value held to bounds (src/input/limits.ts) that the JSON Schema shows: `check`, the number's schema with its bounds
 * (and their reasons, after ` | ` in a bound's message, which the error's hint tells), is the number form's and what text
 * evaluates to must meet: `pue: 50` and `pue: "5 * 10"` are refused alike, and editors flag the first.
 */
export const bounded = (kind: ValueKind, check: z.ZodNumber, d?: string, percent = false, per?: PerUnit) => value(kind, d, { number: check, percent, per }).pipe(check);
export const positive = (kind: ValueKind, d?: string) => value(kind, d).pipe(z.number().positive());
/** A bandwidth or other rate: at least LIMITS.minRate of its unit (src/input/limits.ts). */
export const rate = (kind: ValueKind, d?: string, percent = false, per?: PerUnit) => value(kind, d, { percent, per }).pipe(z.number().min(LIMITS.minRate));
export const nonNegative = (kind: ValueKind, d?: string) => value(kind, d).pipe(z.number().nonnegative());
/** A positive amount of US dollars (a budget): its hints tell an amount of GPU-hours what a budget takes (input/computeAmount.ts). */
export const dollars = (d?: string) => value('number', d, { dollars: true }).pipe(z.number().positive());
export const positiveInt = (d?: string) => value('count', d, { integer: true }).pipe(z.number().int().positive());
/** A global batch's sequences: a positive whole number, without a suffix (`4M` is almost always tokens: quantity.ts batchSuffixProblem). */
export const batchSequences = (d?: string) => value('count', d, { integer: true, batch: true }).pipe(z.number().int().positive());
/** A sequence length: a positive whole number whose suffix (`128k`: 128,000 or 131,072?) is refused as ambiguous (quantity.ts). */
export const sequenceLength = (d?: string, typeHint?: TypeHint) => value('count', d, { sequence: true, integer: true, typeHint }).pipe(z.number().int().positive());
/** A positive exact count (tokens): the same whole-number rule as the command line's counts. */
export const positiveCount = (d?: string) =>
  positive('count', d).superRefine((n, ctx) => {
    const problem = wholeCountProblem(n);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
/** 0 < x <= 1 */
export const fraction = (d?: string, typeHint?: TypeHint) => value('number', d, { typeHint, percent: true }).pipe(z.number().positive().max(1));
/** A utilisation (MFU): LIMITS.minRate to 1 (below, a slip that printed runs of trillions of days). */
export const utilisation = (d?: string) => bounded('number', z.number().min(LIMITS.minRate, `at least ${LIMITS.minRate} | ${LIMIT_REASONS.utilization}`).max(1), d, true);
/** A bandwidth in `unit`: LIMITS.minRate to LIMITS.bandwidthBytesPerSecond (src/input/limits.ts maxBandwidth). */
export const bandwidth = (unit: keyof typeof BANDWIDTH_UNITS, d?: string) => bounded('number', z.number().min(LIMITS.minRate).max(maxBandwidth(unit), `at most ${maxBandwidth(unit)} ${unit} | ${LIMIT_REASONS.bandwidth}`), d);
/** A link's latency in µs: at most LIMITS.linkLatencyMicroseconds (`latency_us: 1e300` overflowed the step time, blamed on cluster.utilization). */
export const linkLatency = (d?: string) => bounded('number', z.number().positive().max(LIMITS.linkLatencyMicroseconds, `at most ${LIMITS.linkLatencyMicroseconds} | ${LIMIT_REASONS.latency}`), d);
/** A price per GPU-hour: 0, or LIMITS.minUsdPerGpuHour and more (`1e-320` printed a price of $1.000e-320). */
export const gpuHourPrice = (d?: string) =>
  bounded('number', z.number().nonnegative().refine(isGpuHourPrice, { error: (i) => `expected 0 or at least ${LIMITS.minUsdPerGpuHour}, found ${String(i.input)} | ${LIMIT_REASONS.price}` }), d, false, 'hour');
/** A purchase price per GPU: LIMITS.minUsdPerGpu to LIMITS.maxUsdPerGpu (`capex_usd_per_gpu: 1e-320` was accepted, 1e30 printed). */
export const gpuPurchasePrice = (d?: string) => bounded('number', z.number().min(LIMITS.minUsdPerGpu, `at least ${LIMITS.minUsdPerGpu} | ${LIMIT_REASONS.purchase}`).max(LIMITS.maxUsdPerGpu, `at most ${LIMITS.maxUsdPerGpu} | ${LIMIT_REASONS.perGpuUsd}`), d);
/** Dollars per GPU that may be 0 (kind: owned's interconnect; `reason` LIMIT_REASONS.hostingUsd for a year's hosting): at most LIMITS.maxUsdPerGpu. */
export const perGpuUsd = (d?: string, reason: string = LIMIT_REASONS.perGpuUsd, per?: PerUnit) => bounded('number', z.number().nonnegative().max(LIMITS.maxUsdPerGpu, `at most ${LIMITS.maxUsdPerGpu} | ${reason}`), d, false, per);
/** An electricity price per kWh: 0, or LIMITS.minUsdPerKwh to LIMITS.maxUsdPerKwh (`1e-320` was accepted, 1e20 printed). */
export const kwhPrice = (d?: string) =>
  bounded('number', z.number().nonnegative().max(LIMITS.maxUsdPerKwh, `at most ${LIMITS.maxUsdPerKwh} | ${LIMIT_REASONS.electricityMax}`).refine(isKwhPrice, { error: (i) => `expected 0 or at least ${LIMITS.minUsdPerKwh}, found ${String(i.input)} | ${LIMIT_REASONS.electricity}` }), d);
/** A grid's carbon intensity, kg CO2 per kWh: 0 (a carbon-free supply) to LIMITS.maxKgCo2PerKwh (`1e21` printed 4.200e17 t). */
export const carbonIntensity = (d?: string) => bounded('number', z.number().nonnegative().max(LIMITS.maxKgCo2PerKwh, `at most ${LIMITS.maxKgCo2PerKwh} | ${LIMIT_REASONS.carbon}`), d);
/** A power usage effectiveness: 1 (by definition) to LIMITS.pue. */
export const pue = (d?: string) => bounded('number', z.number().min(1, `at least 1 | ${LIMIT_REASONS.pue}`).max(LIMITS.pue, `at most ${LIMITS.pue} | ${LIMIT_REASONS.pue}`), d);
/**
 * A GPU count: 1 to LIMITS.gpuCount, whole (its number form not held to be whole: 10.5 is told "expected an integer", not
 * "an integer or text"). `why`: the bound's reason (a parallel degree's counts GPUs too: {@link parallelDegree}).
 */
export const gpuCount = (d?: string, why: string = LIMIT_REASONS.gpuCount, typeHint?: TypeHint) => {
  const range = z.number().positive().max(LIMITS.gpuCount, `at most ${LIMITS.gpuCount} | ${why}`);
  return value('count', d, { integer: true, number: range, typeHint }).pipe(range.int());
};
/**
 * A parallel degree (tp, pp, dp, cp, ep, etp, shard_group): GPUs, so at most the GPU count's bound, refused before the
 * layout rules echo it (`tp: 1e9` was "tp = 1000000000 does not divide the 64 GPUs", sweep 32).
 */
export const parallelDegree = (d?: string) => gpuCount(d, LIMIT_REASONS.parallelDegree);

/**
 * A value that may be uncertain: a number, `[low, high]` (expected = midpoint), or
 * `{low, expected, high}`. Always yields {low, expected, high} with low <= expected <= high.
 */
export function ranged<T extends z.ZodType<number>>(inner: T, description: string) {
  return z
    .union([inner, z.tuple([inner, inner]), z.strictObject({ low: inner, expected: inner.optional(), high: inner })])
    .meta({ description: `${description} A number, [low, high], or {low, expected, high}.` })
    .transform((v, ctx) => {
      const x = v as number | [number, number] | { low: number; expected?: number; high: number };
      const r = typeof x === 'number' ? { low: x, expected: x, high: x }
        : Array.isArray(x) ? { low: x[0], expected: (x[0] + x[1]) / 2, high: x[1] }
        : { low: x.low, expected: x.expected ?? (x.low + x.high) / 2, high: x.high };
      if (!(r.low <= r.expected && r.expected <= r.high)) {
        // Quote what was written: a computed midpoint (0.95 and 0.85 give 0.8999999999999999) is noise to the reader.
        const message = Array.isArray(x) ? `expected [low, high] with low <= high, found [${x[0]}, ${x[1]}]`
          : `expected low <= expected <= high, found low ${r.low}${typeof x === 'object' && x.expected !== undefined ? `, expected ${x.expected}` : ''}, high ${r.high}`;
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return r;
    });
}
