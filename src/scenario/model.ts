/**
 * The scenario's `model:`: a preset id, a model YAML path, or an inline model whose sizes may be
 * arithmetic over its own (`d_ff: 4 * d_model`).
 */
import { barred, InputError } from '../input/errors.js';
import { evaluateExpression } from '../input/expr.js';
import { fileKindOf } from '../input/fileKind.js';
import { modelNamingHint } from '../input/foreignKeys.js';
import { shownPath } from '../input/name.js';
import { validate } from '../input/validate.js';
import { describe, isMapping } from '../input/found.js';
import type { ParsedYaml } from '../input/yaml.js';
import type { Architecture } from '../model/architecture.js';
import { ModelSchema, mtpDepthProblem, toArchitecture } from '../model/schema.js';
import { keepPlaces, modelFromConfig } from '../model/text.js';
import type { Raw } from './matrix.js';
import type { ScenarioDeps } from './resolve.js';
import { writtenCount } from './values.js';

/**
 * The model fields an inline model may write as arithmetic: those whose schema takes a number. A hand-kept list of
 * the others missed the text and boolean fields added since (`layer_pattern: "M*M-"` was parsed as arithmetic,
 * 'Unexpected end of expression', so no inline hybrid model resolved; `head_bias: yes` was 'unknown name `yes`, did
 * you mean `abs`?').
 */
const NUMERIC_FIELDS: ReadonlySet<string> = new Set(Object.entries(ModelSchema.shape).filter(([, field]) => field.safeParse(1).success).map(([k]) => k));

/**
 * The scenario JSON Schema's inline model (ModelSchema's, `inline`) with each of NUMERIC_FIELDS taking that arithmetic as
 * text too, as resolveModel reads it: the bundled scenarios/megatron-1t.yaml (`d_ff: 4 * d_model`) failed its own schema,
 * flagged by an editor.
 */
export function inlineModelJsonSchema(inline: { properties?: Record<string, unknown> }): { properties?: Record<string, unknown> } {
  const properties = Object.fromEntries(Object.entries(inline.properties ?? {}).map(([k, field]) => {
    if (!NUMERIC_FIELDS.has(k) || typeof field !== 'object' || field === null) return [k, field];
    const { description, ...number } = field as { description?: string };
    const arithmetic = { type: 'string', description: 'arithmetic over the inline model\'s own number fields, such as 4 * d_model' };
    return [k, { ...(description !== undefined ? { description } : {}), anyOf: [number, arithmetic] }];
  }));
  return { ...inline, properties };
}

/** A scenario's `model:` as an architecture: a preset id or a model YAML path (through `deps`), or an inline model. */
export function resolveModel(model: unknown, deps: Pick<ScenarioDeps, 'loadModel'>, parsed: ParsedYaml, locate: ParsedYaml['locate']): Architecture {
  if (typeof model === 'string' && model.trim() !== '') {
    try {
      return deps.loadModel(model);
    } catch (err) {
      // A path that names no file is the scenario's mistake: point at its `model:` key (the caller
      // adds the place), not at a file that does not exist.
      if (err instanceof InputError && err.details.file && err.details.line === undefined && /not found/.test(err.message)) {
        throw new InputError(err.message, { keyPath: 'model', hint: err.details.hint ?? `looked for ${shownPath(err.details.file)}` });
      }
      throw err;
    }
  }
  if (model === undefined) throw new InputError('required model is missing', { keyPath: 'model', hint: 'a preset id such as llama-3-8b, a model YAML path, or an inline model' });
  // What was found, as other messages say it (it was the expectation alone); '' was 'unknown model ``'.
  if (!isMapping(model)) {
    const one = Array.isArray(model) && model.length > 0 && model.every((m) => typeof m === 'string');
    throw new InputError(`expected a preset id, a path, or an inline model mapping, found ${describe(model)}`, {
      keyPath: 'model', ...(one ? { hint: 'a scenario has one model; to compare models, list them in the matrix: matrix: {model: [...]}' } : {}),
    });
  }
  // A config.json's content written inline (or a library caller's parsed config) is imported as its file is, its keys under `model`.
  if (fileKindOf(model) === 'config.json') return modelFromConfig(model, parsed.file, locate, { name: 'inline config.json', under: 'model' });
  // A preset or file named in a mapping (`model: {name: llama-3-8b}`) was 'model.layers: required number is missing'.
  const keys = Object.keys(model);
  if (keys.length === 1 && keys[0] === 'name') {
    throw new InputError('an inline model gives its sizes (layers, d_model, heads, d_ff, vocab, seq_len), found `name` alone', { file: parsed.file, ...locate(['model']), keyPath: 'model', hint: modelNamingHint('name', model.name) });
  }
  // Inline models may use arithmetic over their own sizes: d_ff: 4 * d_model.
  const m = { ...(model as Raw) };
  const scope = Object.fromEntries(Object.entries(m).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
  for (const [k, v] of Object.entries(m)) {
    if (typeof v === 'string' && NUMERIC_FIELDS.has(k)) {
      try {
        m[k] = evaluateExpression(v, scope, { kind: 'count' });
      } catch (err) {
        if (err instanceof InputError) throw new InputError(err.message, { ...err.details, file: parsed.file, ...locate(['model', k]), keyPath: `model.${k}` });
        throw err;
      }
    }
  }
  return toArchitecture(validate(ModelSchema, { file: parsed.file, value: m, locate }, ['model']), 'inline model');
}

/**
 * The model as the run trains it: `training.mtp_layers` (Megatron-Core --mtp-num-layers) replaces its
 * multi-token-prediction depth, so a preset or a config.json trains the MTP modules its recipe prints
 * (a model file would otherwise have to be copied to add `mtp: {depth}`). An importer's note that the
 * config's MTP modules are not counted goes when they are. A hybrid refuses MTP, as its model file does.
 * Throws an InputError at training.mtp_layers, at `where` in the scenario file, or at the option `where.keyPath`
 * names (`flops` and `plan` --mtp-layers, the library's `mtpLayers`), its value echoed as `where.shown` (args.ts shownArg:
 * `--mtp-layers 1e9` was echoed 1000000000): one rule for all three.
 */
export function mtpTrained(arch: Architecture, depth: number, where: { file: string; line: number; col: number } | { keyPath: string; shown: string }): Architecture {
  if (depth === arch.mtpDepth) return arch;
  // The file's key at its line, or the option that gave the depth (`flops --mtp-layers`, the library's `mtpLayers`).
  const option = 'keyPath' in where;
  const at = option ? { keyPath: where.keyPath } : { ...where, keyPath: 'training.mtp_layers' };
  const named = option ? where.keyPath : 'mtp_layers';
  // Each module is one more block: more of them than the model has blocks is no recipe, and the count would overflow
  // at the model's key, not this one (mtp_layers 100,000,000 on DeepSeek-V3 was 'model: too large to count exactly').
  const deep = mtpDepthProblem(depth, arch.layers);
  if (deep) {
    const { message, hint } = barred(deep);
    throw new InputError(`${option ? where.shown : `mtp_layers (${depth})`} ${message}`, { ...at, hint });
  }
  if (depth > 0 && arch.hybrid) {
    throw new InputError('multi-token prediction is not supported with a hybrid model (layer_pattern)', { ...at, hint: `remove ${named}, or give 0` });
  }
  // The importer's note that the modules are not counted says the opposite of what is counted now: dropped, by its flag.
  const { uncountedMtpNote: uncounted, ...rest } = arch;
  const assumptions = (arch.assumptions ?? []).filter((a) => a !== uncounted);
  // The copy keeps the places the model's fields were written at (model/text.ts fieldPlace), for refusals after it.
  return keepPlaces(arch, { ...rest, mtpDepth: depth, ...(arch.assumptions ? { assumptions } : {}) });
}

/**
 * {@link mtpTrained} with the scenario's `training.mtp_layers`, read before the scenario is validated, as its
 * expressions' `params` count what the run trains; a value that is not a whole number is left to the
 * validation, which reports it at its key.
 */
export function withMtpLayers(arch: Architecture, raw: Raw, parsed: ParsedYaml, locate: ParsedYaml['locate']): Architecture {
  const depth = writtenCount(raw, ['training', 'mtp_layers'], {});
  if (depth === undefined || !Number.isSafeInteger(depth) || depth < 0) return arch;
  return mtpTrained(arch, depth, { file: parsed.file, ...locate(['training', 'mtp_layers']) });
}
