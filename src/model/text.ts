/**
 * A model file's text -> Architecture: a model YAML, or a Hugging Face `config.json` (told apart
 * by the file name's extension). Pure: the CLI reads files (src/cli/load/model.ts), the page
 * passes a bundled preset's text or a pasted config.json (src/ui).
 */
import { InputError, parseKeyPath } from '../input/errors.js';
import { fileKindOf, refuseOtherKind } from '../input/fileKind.js';
import { jsonBreak, jsonErrorOffset } from '../input/jsonPosition.js';
import { lineColAt } from '../input/lineCol.js';
import { validate } from '../input/validate.js';
import { primaryIssue, safeParseInput } from '../input/zodIssue.js';
import { mappedLocator, parseYaml, refuseNonPrintable, refuseOversize } from '../input/yaml.js';
import type { Architecture } from './architecture.js';
import { importHfConfig } from './hf.js';
import type { Locate } from './hf/keyed.js';
import { explainIssue } from './hf/explain.js';
import { ModelSchema, toArchitecture } from './schema.js';

/** Where a model field was written: the file, the line and column, and the key as the file spells it (a config.json's own key). */
export interface FieldPlace {
  file: string;
  line?: number;
  col?: number;
  keyPath: string;
}

/**
 * The places of the fields of the models read from text, kept beside each Architecture rather than in it
 * (a plain value the core compares and copies): a refusal raised after the model is parsed, such as a
 * count its own seq_len cannot make (library/core.ts countedExactly), can still point at the line.
 */
const PLACES = new WeakMap<Architecture, (field: string) => FieldPlace>();

/** Where `field` (a model field path, `seq_len`) of a model read by {@link modelFromText} was written; undefined for any other model. */
export function fieldPlace(arch: Architecture, field: string): FieldPlace | undefined {
  return PLACES.get(arch)?.(field);
}

/** `copy`, a model derived from `from` (scenario/model.ts mtpTrained), with `from`'s field places. */
export function keepPlaces(from: Architecture, copy: Architecture): Architecture {
  const place = PLACES.get(from);
  return place ? placed(copy, place) : copy;
}

function placed(arch: Architecture, place: (field: string) => FieldPlace): Architecture {
  PLACES.set(arch, place);
  return arch;
}

export function modelFromText(text: string, file: string, name: string): Architecture {
  if (/\.json$/i.test(file)) {
    refuseOversize(text, file);
    // Before JSON.parse, whose message for a NUL after the object was 'text after the end'.
    refuseNonPrintable(text, file);
    let json: unknown;
    try {
      // An empty file is told as every kind's is (input/found.ts describeTopLevel), not as broken JSON.
      json = text.trim() === '' ? null : JSON.parse(text);
    } catch (err) {
      // V8's message quotes the text, and names a position for some errors only: give the place where the
      // grammar breaks (input/jsonPosition.ts), V8's position should the two disagree.
      const found = jsonErrorOffset(text);
      const at = found >= 0 ? found : Number(/position (\d+)/.exec((err as Error).message)?.[1] ?? NaN);
      // What breaks it there (NaN from Python's json.dump, a comment, a trailing comma, ...), and the fix.
      const { message, hint } = Number.isInteger(at) ? jsonBreak(text, at) : { message: '', hint: 'a Hugging Face config.json is one JSON object' };
      throw new InputError(message ? `not valid JSON: ${message}` : 'not valid JSON', { file, ...(Number.isInteger(at) ? lineColAt(text, at) : {}), hint });
    }
    refuseOtherKind(json, 'model', file, 'a model (a config.json or model file)');
    // JSON.parse keeps the last of duplicate keys; YAML (a superset of JSON) refuses them with a place,
    // as for every other input, and applies the same depth, tag and alias rules.
    return modelFromConfig(json, file, parseYaml(text, file).locate);
  }
  const parsed = parseYaml(text, file);
  refuseOtherKind(parsed.value, 'model', file, 'a model (a config.json or model file)');
  // A config.json saved under another name (config.yaml, a .txt download) is imported as the .json file is.
  if (fileKindOf(parsed.value) === 'config.json') return modelFromConfig(parsed.value, file, parsed.locate, { name });
  return placed(toArchitecture(validate(ModelSchema, parsed), name), (field) => ({ file, ...parsed.locate(parseKeyPath(field)), keyPath: field }));
}

/** A config.json given as data rather than as a file: its name where the config gives none, and where it sits. */
export interface ConfigData {
  /** The model's name unless the config's `_name_or_path` gives one (a file is named after itself). */
  name: string;
  /** Where the config sits in a larger document (`model` in a scenario): its key paths start there, and `locate` is the document's. */
  under?: string;
}

/**
 * A parsed Hugging Face config.json as a model: imported (hf.ts), the schema's checks of the result told in the
 * config's keys at their place, each field placed at the key that supplied it (seq_len at max_position_embeddings;
 * one the config left to a default, at the file). The one path for a config.json's file, a pasted one (the page) and
 * one given as data (`data`): the library's `flops(config)` and a scenario's inline `model:` (library/core.ts
 * inlineModel, scenario/model.ts), refused before ('imported only from a file named .json') though nothing but the
 * positions needs the text. `locate` places a key path of the config, or of the document it sits in.
 */
export function modelFromConfig(json: unknown, file: string, locate?: Locate, data?: ConfigData): Architecture {
  const under = data?.under;
  const within = (key: string) => (under === undefined ? key : `${under}.${key}`);
  const at: Locate | undefined = locate && under !== undefined ? mappedLocator(locate, (path) => [...parseKeyPath(under), ...path]) : locate;
  try {
    const { model, trace } = importHfConfig(json, file, at);
    const result = safeParseInput(ModelSchema, model);
    if (!result.success) throw explainIssue(primaryIssue(result.error.issues), model, trace, file);
    // The importer names a config without `_name_or_path` after its file, which data has none of.
    const named = data !== undefined && !trace.origins.has('name') ? { ...result.data, name: data.name } : result.data;
    const arch = toArchitecture(named, data?.name ?? 'model');
    return placed(trace.uncountedMtpNote !== undefined ? { ...arch, uncountedMtpNote: trace.uncountedMtpNote } : arch, (field) => {
      const origin = trace.origins.get(field);
      return origin ? { ...trace.at(origin.key), keyPath: within(origin.key) } : { file, keyPath: within(field) };
    });
  } catch (err) {
    // The importer names the config's own keys (`num_attention_heads`); inside a scenario they are under `model`, and
    // a key it misses is told at the mapping that should hold it (keyed.ts keyAt's rule), the config's own.
    if (!(err instanceof InputError) || under === undefined) throw err;
    const place = err.details.line === undefined && locate ? locate(parseKeyPath(under)) : {};
    throw new InputError(err.message, { ...err.details, ...place, keyPath: err.details.keyPath ? within(err.details.keyPath) : under });
  }
}

