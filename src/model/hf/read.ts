/**
 * Typed, error-reporting access to a parsed Hugging Face `config.json`. Every failure is an
 * {@link InputError} that names the file, the config key and, where the key is in the file, its
 * line and column, so `flopcast` can print `config.json:4:3: hidden_size: expected a positive integer, found "4096"`.
 * Every number read comes back {@link Keyed} (src/model/hf/keyed.ts) with the key that supplied it, so that a model
 * field filled from it can be traced back to the config (src/model/hf/explain.ts).
 */
import { InputError, parseKeyPath } from '../../input/errors.js';
import { describe } from '../../input/found.js';
import { didYouMean } from '../../input/suggest.js';
import { Keyed, keyAt, valueAtPath, type Json, type Locate, type Where } from './keyed.js';

/** Where an {@link HfConfig} reads: the object itself, or the language model a multimodal config nests (`text_config`). */
export interface HfView {
  /** The whole parsed file (positions are looked up from it). */
  root: Json;
  /** Key-path prefix of the object read within it: '' or 'text_config.'. */
  prefix: string;
  /**
   * The model type's own defaults for keys its config class fills when a file leaves them out
   * (transformers configuration_<type>.py), for the types whose published files rely on them.
   */
  defaults?: Readonly<Record<string, number>>;
}

export class HfConfig {
  /** `raw`: the object the builders read (the file, or its text_config); `view`: where it sits in the file. */
  constructor(
    readonly raw: Json,
    readonly file: string,
    readonly modelType: string,
    private readonly locate: Locate | undefined,
    private readonly view: HfView,
  ) {}

  /** Every key a builder looked for, present or not (a hint may name one the config could set: `head_dim`). */
  readonly asked = new Set<string>();
  /** Keys the file leaves out that took the type's default ({@link HfView.defaults}), by their path ({@link path}), with the value. */
  readonly defaulted = new Map<string, number>();
  /**
   * The builder's note that the config's multi-token-prediction layers are not counted (one of its notes, where it
   * pushed it: {@link noteUncountedMtp}), so that a run counting them drops that note, and no other, by this flag
   * rather than its words (architecture.ts Architecture.uncountedMtpNote).
   */
  uncountedMtpNote: string | undefined;

  /** Adds `text`, the note that the config's multi-token-prediction layers are not counted, to `notes`, flagged as such. */
  noteUncountedMtp(notes: string[], text: string): void {
    notes.push(text);
    this.uncountedMtpNote = text;
  }

  /** A key as the file spells its path: `hidden_size`, or `text_config.hidden_size` in a nested language model. */
  path(key: string): string {
    return this.view.prefix + key;
  }

  /** The file, and the line and column of `key` when the file has it: {@link keyAt}. */
  at(key: string): Where {
    return keyAt(this.view.root, this.file, this.path(key), this.locate);
  }

  /**
   * A value computed from config fields (dense layers from `first_k_dense_replace`), carrying the
   * first of `keys` the config has; a plain value when it has none (a default).
   */
  derived<T>(value: T, ...keys: string[]): T | Keyed<T> {
    const hit = this.pick(keys);
    return hit ? new Keyed(value, this.path(hit.key), true) : value;
  }

  /**
   * The value of the first key present with a non-null value (old and new spellings); else the
   * type's default for the first spelling, where it has one (recorded in {@link defaulted}).
   */
  pick(keys: readonly string[]): { key: string; value: unknown } | undefined {
    for (const key of keys) {
      this.asked.add(key);
      const value = this.raw[key];
      if (value !== undefined && value !== null) return { key, value };
    }
    const first = keys[0];
    const fallback = first !== undefined && this.view.defaults && Object.hasOwn(this.view.defaults, first) ? this.view.defaults[first] : undefined;
    if (first === undefined || fallback === undefined || Object.hasOwn(this.raw, first)) return undefined;
    this.defaulted.set(this.path(first), fallback);
    return { key: first, value: fallback };
  }

  /**
   * A positive integer under any of `keys`, spellings of one field (`n_embd` / `hidden_size`); missing or null
   * gives undefined. Two spellings given with different values are refused ({@link refuseDisagreement}).
   */
  optInt(...keys: string[]): Keyed<number> | undefined {
    return this.optIntOf(keys);
  }

  /** Like {@link optInt} but zero is allowed (e.g. `n_shared_experts: 0`). */
  optCount(...keys: string[]): Keyed<number> | undefined {
    return this.optIntOf(keys, [], 0);
  }

  /**
   * A positive integer under the first of `spellings`, else of `fallbacks`: keys of another meaning, read in
   * order when no spelling is given and never held to agree with one (a context length: max_position_embeddings,
   * else seq_length; GPT-2's n_ctx after n_positions).
   */
  optIntOf(spellings: readonly string[], fallbacks: readonly string[] = [], min = 1): Keyed<number> | undefined {
    const hit = this.pick([...spellings, ...fallbacks]);
    if (!hit) return undefined;
    // The value read is checked first: a spelling of the wrong kind is named as such, not as a disagreement.
    const value = this.checkInt(hit.key, hit.value, min);
    if (spellings.includes(hit.key)) this.refuseDisagreement(spellings, hit);
    return new Keyed(value, this.path(hit.key));
  }

  /** A positive number, not necessarily an integer (llm-foundry's expansion_ratio may be 2.5); missing or null gives undefined. */
  optNumber(key: string): number | undefined {
    const hit = this.pick([key]);
    if (!hit) return undefined;
    if (typeof hit.value !== 'number' || !Number.isFinite(hit.value) || hit.value <= 0) throw this.typeError(key, 'a positive number', hit.value);
    return hit.value;
  }

  /** A required positive integer; the error names the first (current) spelling, or the one given as null. */
  int(...keys: string[]): Keyed<number> {
    return this.intOf(keys);
  }

  /** {@link optIntOf}, required: the error names the first key, or the one given as null. */
  intOf(spellings: readonly string[], fallbacks: readonly string[] = []): Keyed<number> {
    const v = this.optIntOf(spellings, fallbacks);
    if (v === undefined) throw this.missing(spellings, fallbacks);
    return v;
  }

  /**
   * The error for a required number none of `spellings` (one field's names) or `fallbacks` (keys of other meanings, read
   * in order) gives, at the one given as null, else the first. The hint names each for what it is: the other spellings
   * are not older names (exaone's num_hidden_layers is its attribute_map alias of num_layers, MPT's hidden_size of d_model).
   */
  missing(spellings: readonly string[], fallbacks: readonly string[] = []): InputError {
    const keys = [...spellings, ...fallbacks];
    const list = (ks: readonly string[]) => ks.map((k) => `\`${k}\``).join(', ');
    const [first, ...rest] = keys;
    const others = rest.filter((k) => spellings.includes(k));
    const elses = rest.filter((k) => !spellings.includes(k));
    const alt = `${others.length > 0 ? ` (or its other spelling${others.length > 1 ? 's' : ''} ${list(others)})` : ''}${elses.length > 0 ? `, or else ${list(elses)}` : ''}`;
    const given = keys.find((k) => Object.hasOwn(this.raw, k)) ?? first!;
    // A key the file has near the one missing (`num_hiden_layers`) is named: unknown keys are not refused (a config.json
    // carries dozens flopcast does not read), so a misspelt one was ignored and the right one told missing alone.
    const near = Object.hasOwn(this.raw, given) ? undefined : didYouMean(first!, Object.keys(this.raw).filter((k) => !keys.includes(k)))?.replace(/^did you mean /, '');
    return new InputError('required number is missing', {
      ...this.at(given),
      keyPath: this.path(given),
      hint: near !== undefined ? `the file has ${near.replace(/\?$/, '')}: a misspelling of \`${first}\`?` : `${this.aConfig()} needs \`${first}\`${alt}; is this the model's config.json?`,
    });
  }

  /**
   * A refusal at `key` (a nested one written `attn_config.alibi`): the file, its line and column, the key path, and what to
   * do instead (by default, describe the model by hand). The one form of every builder's refusal of a value it will not count
   * (a tied head with its own bias, MPT keys transformers' MptModel does not read).
   */
  refused(key: string, message: string, hint = 'describe the model by hand in a flopcast model file (YAML)'): InputError {
    return new InputError(message, { ...this.at(key), keyPath: this.path(key), hint });
  }

  /** `a llama config.json`, `an exaone config.json`: the article by the type's first letter. */
  private aConfig(): string {
    return `${/^[aeiou]/i.test(this.modelType) ? 'an' : 'a'} ${this.modelType} config.json`;
  }

  /**
   * Two spellings of one field given with different values are ambiguous, and config classes differ on which
   * they take (BloomConfig and FalconConfig take n_embed over hidden_size; GPT2Config's attribute_map makes
   * hidden_size set n_embd): `hidden_size: 1024` beside `n_embed: 2048` was counted at the first spelling read,
   * silently. Refused at the other one; equal values, or one of them null, are one value.
   */
  private refuseDisagreement(spellings: readonly string[], hit: { key: string; value: unknown }): void {
    for (const key of spellings) {
      const value = this.raw[key];
      if (key === hit.key || value === undefined || value === null || value === hit.value) continue;
      throw this.refused(key, `${key} (${describe(value)}) disagrees with ${hit.key} (${describe(hit.value)}), another spelling of the same field`,
        `keep one of ${hit.key} and ${key}: the file gives one field two values, and readers differ on which they take`);
    }
  }

  /**
   * A true/false key (`key` may be nested: `attn_config.alibi`); left out, the type's default (`fallback`). Given null,
   * refused: transformers 5's config classes are strict dataclasses whose bool fields refuse None, and 4.x kept the None
   * and read it as false in its modeling code, so the two count different models (GLM's attention_bias: null was q/k/v
   * biases under one and none under the other; flopcast read it as missing, the biases counted).
   */
  bool(key: string, fallback: boolean): boolean {
    const v = this.valueAt(key);
    if (v === undefined) return fallback;
    if (v === null) {
      throw this.refused(key, 'expected true or false, found null',
        `transformers 5 refuses None for a boolean config field, and 4.x read it as false: write the value meant (left out, it is ${fallback})`);
    }
    if (typeof v !== 'boolean') throw this.typeError(key, 'true or false', v);
    return v;
  }

  /** Whether the output head is tied to the embedding: {@link bool} of `tie_word_embeddings`. */
  tiedEmbeddings(fallback: boolean): boolean {
    return this.bool('tie_word_embeddings', fallback);
  }

  /** The value at a key path (`attn_config.alibi`) in the object read; undefined where a step is missing or not a mapping. */
  private valueAt(key: string): unknown {
    return valueAtPath(this.raw, parseKeyPath(key))?.value;
  }

  /** A list of non-negative integers (`mlp_only_layers`); missing or null gives []. */
  intList(key: string): number[] {
    return this.optIntList(key) ?? [];
  }

  /** {@link intList}, where a list given (an empty one too) differs from none (`no_rope_layers`, `moe_layers`): missing or null gives undefined. */
  optIntList(key: string): number[] | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw this.typeError(key, 'a list of layer indices', v);
    return v.map((x, i) => this.checkInt(`${key}[${i}]`, x, 0));
  }

  /**
   * A positive integer inside a nested object (`rope_scaling.original_max_position_embeddings`);
   * a missing or null object or field gives undefined, anything else of the wrong kind is an error
   * (a bad value there must not silently fall back to another field).
   */
  optNestedInt(key: string, field: string): Keyed<number> | undefined {
    const f = this.mapping(key)?.[field];
    return f === undefined || f === null ? undefined : new Keyed(this.checkInt(`${key}.${field}`, f, 1), this.path(`${key}.${field}`));
  }

  /** A nested object under `key` (MPT's attn_config); missing or null gives undefined, another kind is an error at the key. */
  mapping(key: string): Json | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw this.typeError(key, 'a mapping', v);
    return v as Json;
  }

  /**
   * An integer given once, or a list of one per layer (Tencent's `moe_topk: [8, 8, …]`), at least `min`; missing or null
   * gives undefined. An entry of the wrong kind is refused at its index; the list's length is the caller's rule (common.ts
   * refusePerLayerLength), as it needs the layers.
   */
  intOrList(key: string, min: number): { values: number[]; listed: boolean } | undefined {
    const hit = this.pick([key]);
    if (!hit) return undefined;
    if (Array.isArray(hit.value)) return { values: hit.value.map((x, i) => this.checkInt(`${key}[${i}]`, x, min)), listed: true };
    return { values: [this.checkInt(key, hit.value, min, ' or a list of one per layer')], listed: false };
  }

  /** A required positive integer inside a nested object (DBRX's `attn_config.kv_n_heads`); missing is an error naming the path. */
  nestedInt(key: string, field: string): Keyed<number> {
    const v = this.optNestedInt(key, field);
    if (v !== undefined) return v;
    throw this.missing([`${key}.${field}`]);
  }

  /** Text under `key`; missing or null gives undefined, another kind is an error (`hybrid_override_pattern: 5` was "missing"). */
  str(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw this.typeError(key, 'text', v);
    return v;
  }

  /** A list of text under `key` (GLM-4.7-Flash's `mlp_layer_types`, a `list[str]` its @strict class checks); missing or null gives undefined, an entry of another kind is refused at its index. */
  textList(key: string): string[] | undefined {
    return this.list(key)?.map((x, i) => {
      if (typeof x !== 'string') throw this.typeError(`${key}[${i}]`, 'text', x);
      return x;
    });
  }

  /** A list under `key`; missing or null gives undefined, another kind is an error (`layer_types: "sliding_attention"` was ignored). */
  list(key: string): unknown[] | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw this.typeError(key, 'a list', v);
    return v;
  }

  /** `value` as an integer of at least `min`, else an error at `key`; `or`: what else the key may be, for the message. */
  private checkInt(key: string, value: unknown, min: number, or = ''): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw this.typeError(key, `${min > 0 ? 'a positive integer' : 'a non-negative integer'}${or}`, value);
    }
    return value;
  }

  private typeError(key: string, expected: string, found: unknown): InputError {
    return new InputError(`expected ${expected}, found ${describe(found)}`, { ...this.at(key), keyPath: this.path(key) });
  }
}
