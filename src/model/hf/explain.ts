/**
 * A model imported from a config.json is checked by the same schema as a model YAML, whose
 * messages name flopcast's fields (`heads (32) does not divide d_model (4097)`). The user wrote
 * the config's keys, so each error is put in those: a builder's fields carry the key they were
 * read from ({@link Keyed}, src/model/hf/keyed.ts); {@link unkey} strips them into the plain model
 * and a map from each model field to its key, and {@link explainIssue} names the key, its line
 * and column, and gives the hint in config.json terms.
 */
import type { z } from 'zod';
import { InputError, formatKeyPath } from '../../input/errors.js';
import { issueToError } from '../../input/validate.js';
import { ModelSchema } from '../schema.js';
import { Keyed, type Where } from './keyed.js';

export interface Origin {
  key: string;
  computed: boolean;
}

/** How a model imported from a config.json maps back to it. */
export interface Trace {
  /** Model field path (`heads`, `moe.top_k`) -> the config key that supplied it (`num_attention_heads`), and whether the value was computed from it. */
  origins: ReadonlyMap<string, Origin>;
  /** Keys the builder looked for, present or not. */
  asked: ReadonlySet<string>;
  /** The file, and the line and column of a config key present in it. */
  at(key: string): Where;
  /** A config key's number as the file writes it (Locator.written), where the text is known. */
  written?(key: string): string | undefined;
  /** Keys the file leaves out that took their type's default (HfConfig.defaulted), by path, with the value. */
  defaulted?: ReadonlyMap<string, number>;
  /** The assumption saying the config's multi-token-prediction layers are not counted (HfConfig.uncountedMtpNote), if any. */
  uncountedMtpNote?: string;
}

/** A builder's result with every {@link Keyed} field replaced by its value; `origins` records the keys. */
export function unkey(body: Record<string, unknown>, origins = new Map<string, Origin>(), prefix = ''): { value: Record<string, unknown>; origins: Map<string, Origin> } {
  const value: Record<string, unknown> = {};
  for (const [field, v] of Object.entries(body)) {
    const path = prefix + field;
    if (v instanceof Keyed) {
      value[field] = v.value;
      origins.set(path, { key: v.key, computed: v.computed });
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      value[field] = unkey(v as Record<string, unknown>, origins, `${path}.`).value;
    } else {
      value[field] = v;
    }
  }
  return { value, origins };
}

type Name = (field: string) => string;

/**
 * Hints in config.json terms for the schema's cross-field checks, by the path the check reports
 * (src/model/schema.ts superRefine); `name` gives a field's config key. Other issues keep the schema's hint.
 */
const HINTS: Record<string, (name: Name, trace: Trace) => string> = {
  heads: (name, t) => (t.asked.has('head_dim') ? `set head_dim in the config, or a head count that divides ${name('d_model')}` : `pick a head count that divides ${name('d_model')}`),
  kv_heads: (name) => `grouped-query attention needs ${name('heads')} to be a multiple of ${name('kv_heads')}`,
  'moe.top_k': (name) => `${name('moe.top_k')} (the experts each token uses) cannot exceed ${name('moe.experts')} (the routed experts per layer)`,
  'moe.dense_layers': (name) => `${name('moe.dense_layers')} leaves every one of the ${name('layers')} layers dense; a mixture-of-experts model needs at least one MoE layer`,
  // As schema.ts's hint (every needs a multiple from dense_layers + 1 to layers), in the config's keys.
  'moe.every': (name) => `layer i is MoE when it is past the dense layers and i + 1 is a multiple of ${name('moe.every')}: ${name('moe.every')} needs a multiple after the dense layers, up to ${name('layers')} (${name('layers')} itself is one)`,
};

/**
 * The schema issue about an imported model, as an error about the config: the key that supplied
 * the field (or its nearest traced parent) and that key's place, field names in the message
 * written as their keys, and the hint in config terms. A field no key supplied (a default) keeps
 * flopcast's terms, since the config has nothing to point at.
 */
export function explainIssue(issue: z.core.$ZodIssue, model: unknown, trace: Trace, file: string): InputError {
  let origin: Origin | undefined;
  let field = '';
  for (let i = issue.path.length; i > 0 && origin === undefined; i--) {
    field = formatKeyPath(issue.path.slice(0, i));
    origin = trace.origins.get(field);
  }
  if (origin === undefined) return issueToError(ModelSchema, issue, { file, value: model });
  // A field's number as the config writes it at the key that supplied it, for the message's "found ...": a double's
  // reading of one past 2^53 was told (`vocab_size: 123456789012345678901` was "found 123456789012345680000"). A computed
  // value's key does not write that number. The place is the key's, given below: the locator has none (line 0).
  const written = (path: readonly PropertyKey[]) => {
    const o = trace.origins.get(formatKeyPath(path));
    return o && !o.computed ? trace.written?.(o.key) : undefined;
  };
  const plain = issueToError(ModelSchema, issue, { file, value: model, locate: Object.assign(() => ({ line: 0, col: 0 }), { written }) });
  const scope = field.includes('.') ? field.slice(0, field.lastIndexOf('.') + 1) : '';
  const name: Name = (f) => (trace.origins.get(f) ?? trace.origins.get(scope + f))?.key ?? f;
  // `heads (32)`, `top_k (200)`: a field named with its value in the schema's message; a computed
  // value keeps the field's name (`dense_layers (61)`), since the key's value is not that number.
  const message = plain.message.replace(/\b([a-z][a-z0-9_]*) \(/g, (whole, f: string) => {
    const o = trace.origins.get(scope + f) ?? trace.origins.get(f);
    return o && !o.computed ? `${o.key} (` : whole;
  });
  const key = origin.key;
  // A value the file does not hold (its type's default) is named as such: `num_key_value_heads (2) does not divide
  // num_attention_heads (25)` pointed at no line, about a key the file has none of.
  const defaulted = trace.defaulted?.get(key);
  const hint = [defaulted !== undefined ? `the file has no ${key}: ${defaulted} is its model_type's default; give ${key}` : undefined, HINTS[field]?.(name, trace) ?? plain.details.hint].filter((h) => h !== undefined).join('; ');
  return new InputError(message, { ...trace.at(key), keyPath: key, ...(hint ? { hint } : {}) });
}
