/**
 * Typed, error-reporting access to a parsed Hugging Face `config.json`. Every failure is an
 * {@link InputError} that names the file and the config key, so `flopcast` can print
 * `config.json: num_hidden_layers: required number is missing`.
 */
import { InputError } from '../../input/errors.js';
import { describe } from '../../input/validate.js';

export type Json = Record<string, unknown>;

export class HfConfig {
  constructor(
    readonly raw: Json,
    readonly file: string,
    readonly modelType: string,
  ) {}

  /** The value of the first key present with a non-null value (old and new spellings). */
  pick(keys: readonly string[]): { key: string; value: unknown } | undefined {
    for (const key of keys) {
      const value = this.raw[key];
      if (value !== undefined && value !== null) return { key, value };
    }
    return undefined;
  }

  /** A positive integer under any of `keys`; missing or null gives undefined. */
  optInt(...keys: string[]): number | undefined {
    const hit = this.pick(keys);
    if (!hit) return undefined;
    return this.checkInt(hit.key, hit.value, 1);
  }

  /** Like {@link optInt} but zero is allowed (e.g. `n_shared_experts: 0`). */
  optCount(...keys: string[]): number | undefined {
    const hit = this.pick(keys);
    if (!hit) return undefined;
    return this.checkInt(hit.key, hit.value, 0);
  }

  /** A required positive integer; the error names the first (current) spelling. */
  int(...keys: string[]): number {
    const v = this.optInt(...keys);
    if (v === undefined) {
      const alt = keys.length > 1 ? ` (or the older ${keys.slice(1).map((k) => `\`${k}\``).join(', ')})` : '';
      throw new InputError('required number is missing', {
        file: this.file,
        keyPath: keys[0],
        hint: `a ${this.modelType} config.json needs \`${keys[0]}\`${alt}; is this the model's config.json?`,
      });
    }
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.raw[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') throw this.typeError(key, 'true or false', v);
    return v;
  }

  /** A list of non-negative integers (`mlp_only_layers`); missing or null gives []. */
  intList(key: string): number[] {
    const v = this.raw[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw this.typeError(key, 'a list of layer indices', v);
    return v.map((x, i) => this.checkInt(`${key}[${i}]`, x, 0));
  }

  /**
   * A positive integer inside a nested object (`rope_scaling.original_max_position_embeddings`);
   * a missing or null object or field gives undefined, anything else of the wrong kind is an error
   * (a bad value there must not silently fall back to another field).
   */
  optNestedInt(key: string, field: string): number | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw this.typeError(key, 'a mapping', v);
    const f = (v as Json)[field];
    return f === undefined || f === null ? undefined : this.checkInt(`${key}.${field}`, f, 1);
  }

  str(key: string): string | undefined {
    const v = this.raw[key];
    return typeof v === 'string' ? v : undefined;
  }

  private checkInt(key: string, value: unknown, min: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw this.typeError(key, min > 0 ? 'a positive integer' : 'a non-negative integer', value);
    }
    return value;
  }

  private typeError(key: string, expected: string, found: unknown): InputError {
    return new InputError(`expected ${expected}, found ${describe(found)}`, { file: this.file, keyPath: key });
  }
}

/** `models/llama-3-8b/config.json` -> `llama-3-8b`; `gpt2.json` -> `gpt2`. Pure string work. */
export function nameFromPath(file: string): string {
  const parts = file.split(/[\\/]/).filter((p) => p !== '');
  let base = parts[parts.length - 1] ?? file;
  if (base === 'config.json' && parts.length > 1) base = parts[parts.length - 2]!;
  return base.replace(/\.json$/i, '') || 'model';
}
