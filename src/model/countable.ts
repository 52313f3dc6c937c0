/**
 * A model whose FLOPs per token leave the exact integers at its own sequence length, and still do at a
 * sequence length of 1, cannot be counted (src/flops/count.ts: per-token counts below 2^53). The model schema
 * refuses it at the size that does it, so that the error has that size's key, line and column (a
 * config.json's `vocab_size: 1e15` was refused at the file alone, after loading, with no key). The
 * size is found by trying each value of the file's numbers at 1: of those that then count, the largest
 * (its first field, in the file's order); when no one value does, the largest values together.
 * A model that counts at a shorter sequence length is left to the count, which blames the sequence
 * length (library/core.ts countedExactly, scenario/resolve.ts countable).
 */
import { CountOverflow, countFlops } from '../flops/count.js';
import { describeNumber } from '../input/errors.js';
import type { Architecture } from './architecture.js';

type Path = (string | number)[];

/** The numbers of a model file (top level and one block down: moe, mtp, mamba), with their paths. */
function numbers(model: Record<string, unknown>): { path: Path; value: number }[] {
  const out: { path: Path; value: number }[] = [];
  for (const [key, v] of Object.entries(model)) {
    if (typeof v === 'number') out.push({ path: [key], value: v });
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [inner, w] of Object.entries(v)) if (typeof w === 'number') out.push({ path: [key, inner], value: w });
    }
  }
  return out;
}

/** Counting `model` at its own sequence length, without recomputation: it counts, it overflows, or it fails otherwise (not this check's). */
function tryCount<M>(model: M, toArchitecture: (m: M) => Architecture): 'counts' | CountOverflow | 'fails' {
  try {
    countFlops(toArchitecture(model));
    return 'counts';
  } catch (err) {
    return err instanceof CountOverflow ? err : 'fails';
  }
}

/** `model` with every number whose value is in `values` set to 1 (an importer may fill two fields from one key: DeepSeek's expert widths). */
function withOnes(model: Record<string, unknown>, values: ReadonlySet<number>, fields: readonly { path: Path; value: number }[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...model };
  for (const { path: [key, inner], value: v } of fields) {
    if (!values.has(v)) continue;
    if (inner === undefined) out[key!] = 1;
    else out[key!] = { ...(out[key!] as object), [inner]: 1 };
  }
  return out;
}

/**
 * The schema issue for a model too large to count at any sequence length: at the largest of the sizes
 * that, set to 1, let it count (or, when no one size does, the largest size). `toArchitecture` is the schema's (passed in: this file is imported by it).
 */
export function uncountableIssue<M extends Record<string, unknown>>(model: M, toArchitecture: (m: M) => Architecture): { path: Path; message: string } | undefined {
  const failure = tryCount(model, toArchitecture);
  if (!(failure instanceof CountOverflow)) return undefined;
  // A shorter sequence counts: the count blames the sequence length it is given.
  if (tryCount({ ...model, seq_len: 1 }, toArchitecture) === 'counts') return undefined;
  const all = numbers(model).filter(({ path }) => path.join('.') !== 'seq_len');
  const counts = (values: ReadonlySet<number>) => tryCount(withOnes(model, values, all) as M, toArchitecture) === 'counts';
  const distinct = [...new Set(all.map((n) => n.value))].filter((v) => v > 1).sort((a, b) => b - a);
  // One value that alone makes the difference; else the fewest largest values that together do (1e12
  // layers of which half are dense: layers and dense_layers), blaming the largest of them.
  const alone = distinct.find((v) => counts(new Set([v])));
  const together = alone === undefined ? distinct.findIndex((_, k) => counts(new Set(distinct.slice(0, k + 1)))) : -1;
  if (alone === undefined && together < 0) return undefined;
  const largest = alone ?? distinct[0]!;
  const worst = all.find((n) => n.value === largest)!;
  const field = String(worst.path.at(-1));
  return { path: worst.path, message: `${field} (${describeNumber(worst.value)}) is too large to count exactly: the FLOPs per token of ${failure.what} would be ${describeNumber(failure.value)}, not an exact integer below 2^53 | per-token counts must stay below 2^53; check this size` };
}
