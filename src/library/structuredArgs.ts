/**
 * Training options with structure, as the CLI's flags and the library's options give them: the model-state dtypes, the
 * hierarchical context-parallel group sizes and CPU offload, each as text (the flag's form) or as the scenario's form.
 * The scalar readers they build on are args.ts's.
 */
import type { OffloadFile } from '../perf/offload.js';
import { OffloadSchema } from '../scenario/offloadSchema.js';
import { MODEL_STATE_FIELDS, type ModelStateChoice } from '../perf/modelState.js';
import { InputError } from '../input/errors.js';
import { plainData } from '../input/data.js';
import { countValue, offeredThousandsReading } from '../input/quantity.js';
import { listed } from '../input/listed.js';
import { issueToError } from '../input/validate.js';
import { didYouMean } from '../input/suggest.js';
import { shownName } from '../input/name.js';
import { choiceArg, countArg, optionsArg, typeName } from './args.js';

/**
 * What a run keeps per parameter (perf/modelState.ts): an object `{weights, masterWeights, gradients,
 * moments}`, or text as the command line gives it, `moments=bf16,gradients=bf16` (the scenario's keys).
 */
export function modelStateArg(key: string, value: unknown): ModelStateChoice | undefined {
  if (value === undefined) return undefined;
  const names = MODEL_STATE_FIELDS.map(([yaml]) => yaml).join(', ');
  const entries: [string, unknown][] = typeof value === 'string'
    ? value.split(',').map((part) => {
        const m = /^\s*([a-z_]+)\s*=\s*([a-z0-9]+)\s*$/i.exec(part);
        if (!m) throw new InputError(`expected field=dtype pairs separated by commas, found "${shownName(part)}"`, { keyPath: key, hint: 'e.g. moments=bf16,gradients=bf16' });
        return [m[1]!, m[2]!];
      })
    : Object.entries(optionsArg(key, value as Record<string, unknown>));
  const out: Record<string, string> = {};
  for (const [name, v] of entries) {
    const field = MODEL_STATE_FIELDS.find(([yaml, lib]) => name === yaml || (typeof value !== 'string' && name === lib));
    if (!field) throw new InputError(`unknown model-state field "${shownName(name)}"; known: ${names}`, { keyPath: key, hint: didYouMean(name, MODEL_STATE_FIELDS.map(([yaml]) => yaml)) ?? `use ${names}` });
    if (out[field[1]] !== undefined) throw new InputError(`model-state field ${field[0]} given twice`, { keyPath: key, hint: 'give each field once' });
    out[field[1]] = choiceArg(`${key}.${field[0]}`, v, field[2] as readonly string[], `${field[0]} dtype`)!;
  }
  return out as ModelStateChoice;
}

/**
 * hierarchical_context_parallel_sizes as a query gives them: two whole numbers, `[8, 2]` or `'8,2'` (the [a2a, p2p] group
 * sizes of cp_comm_type a2a+p2p, perf/cpComm.ts), each a count as countArg reads one.
 */
export function cpSizesArg(key: string, value: unknown): [number, number] | undefined {
  if (value === undefined) return undefined;
  const raw = typeof value === 'string' ? value.split(',') : null;
  // Commas none of which is spaced, one with three digits after it: also thousands separators (input/quantity.ts offeredThousandsReading).
  const thousands = raw && raw.every((p) => p === p.trim()) ? offeredThousandsReading(raw) : undefined;
  if (thousands) {
    throw new InputError(`"${shownName(value as string)}" has two readings: ${raw!.length} group sizes (${listed(raw!, 'and')}), or ${listed(thousands, 'and')} with thousands separators`, { keyPath: key, hint: `write the sizes with a space after each comma: "${raw!.join(', ')}"` });
  }
  const parts = raw ? raw.map((p) => p.trim()) : Array.isArray(value) ? value : null;
  if (parts === null || parts.length !== 2) {
    throw new InputError(`expected two group sizes, a2a then p2p, found ${typeof value === 'string' ? `"${shownName(value)}"` : typeName(value)}`, { keyPath: key, hint: `e.g. ${key.startsWith('--') ? `${key} 8,2` : `${key}: [8, 2]`} for cp 16 (a2a over 8 ranks inside a domain, p2p across 2)` });
  }
  return [countArg(key, parts[0])!, countArg(key, parts[1])!];
}

/**
 * training.offload as a query gives it (perf/offload.ts): `optimizer`, `optimizer=F` (a fraction, 0 < F ≤ 1), `params`, or
 * the file's form `{optimizer: F}` / `{params: true}`, judged by the scenario's schema (scenario/offloadSchema.ts).
 */
export function offloadArg(key: string, value: unknown): OffloadFile | undefined {
  if (value === undefined) return undefined;
  const example = key.startsWith('--') ? `${key} optimizer, ${key} optimizer=0.5 or ${key} params` : `${key}: 'optimizer', 'optimizer=0.5', 'params' or {optimizer: 0.5}`;
  let given: unknown = value;
  if (typeof value === 'string') {
    const m = /^\s*(optimizer|params)\s*(?:=\s*(\S+))?\s*$/.exec(value);
    if (!m || (m[1] === 'params' && m[2] !== undefined)) throw new InputError(`expected optimizer, optimizer=FRACTION or params, found "${shownName(value)}"`, { keyPath: key, hint: `e.g. ${example}` });
    // The number as written; its bounds are the schema's (0 < F ≤ 1), not a rate's (rateArg refused 1e-12, which a file takes).
    const f = m[2] === undefined ? 1 : countValue(m[2]);
    if (f === undefined || !Number.isFinite(f)) throw new InputError(`expected a fraction such as 0.5 after optimizer=, found "${shownName(m[2]!)}"`, { keyPath: key, hint: `e.g. ${example}` });
    given = m[1] === 'params' ? { params: true } : { optimizer: f };
  } else if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`expected optimizer, optimizer=FRACTION, params or a mapping, found ${typeName(value)}`, { keyPath: key, hint: `e.g. ${example}` });
  }
  // An error of the value's, at the caller's key (`offload.optimizer`; the flag's name alone).
  const atKey = (e: InputError, hint?: string) => new InputError(e.message, { keyPath: e.details.keyPath && !key.startsWith('--') ? `${key}.${e.details.keyPath}` : key, ...(hint ? { hint } : {}) });
  if (typeof value === 'object') {
    // A caller's object is read as a scenario object is (input/data.ts): copied, its NaN or Infinity named in JavaScript's
    // words, where the schema names YAML's (`{optimizer: NaN}` was told `found .nan`, sweep33).
    try {
      given = plainData(value, '');
    } catch (err) {
      throw err instanceof InputError ? atKey(err, err.details.hint) : err;
    }
  }
  const parsed = OffloadSchema.safeParse(given);
  if (!parsed.success) {
    // Told as a file's value is (what was expected and found, the schema's hint), at the caller's key.
    const e = issueToError(OffloadSchema, parsed.error.issues[0]!, { file: '', value: given });
    throw atKey(e, e.details.hint ?? `e.g. ${example}`);
  }
  return parsed.data;
}
