/**
 * Where a config.json value came from: the key that supplied it ({@link Keyed}), that key's line and column in the
 * file ({@link keyAt}), and the file's own name for the model ({@link nameFromPath}). src/model/hf/read.ts reads the
 * values; src/model/hf/explain.ts traces a model field back to its key.
 */
import { parseKeyPath } from '../../input/errors.js';
import type { Locator } from '../../input/yaml.js';

export type Json = Record<string, unknown>;

/** Where a key path sits in the file's text (ParsedYaml.locate), when the caller has the text; a number's text there too. */
export type Locate = Locator;

/**
 * A value read from a config.json and the key that supplied it (`hidden_size`,
 * `rope_scaling.original_max_position_embeddings`); `computed` when the value was worked out from
 * the key's value rather than being it (dense layers from `first_k_dense_replace`).
 */
export class Keyed<T> {
  constructor(
    readonly value: T,
    readonly key: string,
    readonly computed = false,
  ) {}
}

/** The value, whether or not it carries its key. */
export function plain<T>(v: T | Keyed<T>): T {
  return v instanceof Keyed ? v.value : v;
}

export type Where = { file: string; line?: number; col?: number };

/** The value at a key path in `raw`, boxed; undefined where a step is missing or not a mapping. The one walk of a key path. */
export function valueAtPath(raw: Json, path: readonly PropertyKey[]): { value: unknown } | undefined {
  let v: unknown = raw;
  for (const p of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, p)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return { value: v };
}

/**
 * The file, and the line and column of `key` (`a.b`, `a[2]` for nested ones) when `raw` has it; a nested key it lacks, at
 * the mapping that lacks it (`text_config.num_hidden_layers` at `text_config`: it was told with the file alone, where a
 * scenario's missing key is told at its parent). A top-level key it lacks is told with the file alone.
 */
export function keyAt(raw: Json, file: string, key: string, locate?: Locate): Where {
  const path = parseKeyPath(key);
  for (let n = path.length; n > 0; n--) {
    if (valueAtPath(raw, path.slice(0, n)) !== undefined) return { file, ...locate?.(path.slice(0, n)) };
  }
  return { file };
}

/** `models/llama-3-8b/config.json` -> `llama-3-8b`; `gpt2.json` -> `gpt2`. Pure string work. */
export function nameFromPath(file: string): string {
  const parts = file.split(/[\\/]/).filter((p) => p !== '');
  let base = parts[parts.length - 1] ?? file;
  if (base === 'config.json' && parts.length > 1) base = parts[parts.length - 2]!;
  return base.replace(/\.json$/i, '') || 'model';
}
