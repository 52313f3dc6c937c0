/**
 * A result as `--json` prints it: the core's camelCase field names (units in the names: `stepTimeSeconds`) written
 * snake_case (`step_time_seconds`), as scenario files and `run --json` write them, by the one rule of
 * perf/layoutFields.ts snakeCase. Only field names change: the keys of a data map (a plan's skipped reasons, held-out
 * set names, GPU ids, a profile's per-precision peaks) are data, named in `dataMaps` by the field that holds the map,
 * and kept as they are (their values are mapped). Values are never changed.
 */
import { snakeCase, type SnakeCase } from '../perf/layoutFields.js';

/** {@link snakeKeys}'s result type: every field name of `T`, at any depth, through {@link SnakeCase} (a `Record<string, …>` keeps its keys). */
export type SnakeKeys<T> = T extends readonly (infer E)[]
  ? SnakeKeys<E>[]
  : T extends object
    ? { [K in keyof T as K extends string ? SnakeCase<K> : K]: SnakeKeys<T[K]> }
    : T;

/** `value` with its field names snake_case at every depth; the objects held by a field named in `dataMaps` keep their keys. */
export function snakeKeys<T>(value: T, dataMaps: readonly string[] = []): SnakeKeys<T> {
  const walk = (v: unknown, keysAreData: boolean): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, false));
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [keysAreData ? k : snakeCase(k), walk(x, !keysAreData && dataMaps.includes(k))]));
  };
  return walk(value, false) as SnakeKeys<T>;
}
