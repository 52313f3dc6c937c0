/** Options given as numbers or text (`300e9`, `300B`, `1.4T`), names from a list, and switches: one rule for the CLI's flags and the library's options. */
import { InputError, beyondLargest, describeNumber, formatKeyPath, parseKeyPath } from '../input/errors.js';
import { LIMIT_REASONS, LIMITS } from '../input/limits.js';
import { batchSuffixProblem, COUNT_SYNTAX, countValue, sequenceSuffixProblem, wholeCountProblem } from '../input/quantity.js';
import { isCalendarDate, isIsoTime, TIME_SYNTAX } from '../input/date.js';
import { describe } from '../input/found.js';
import { proseNumberProblem } from '../input/numberProse.js';
import { evaluateExpression } from '../input/expr.js';
import { didYouMean } from '../input/suggest.js';
import { foreignNameHint, keyOption } from '../input/foreignKeys.js';
import { foreignValueHint, switchAsChoiceHint } from '../input/foreignValues.js';
import { nameProblem, shownName } from '../input/name.js';
import { notPlainObject, readCallerValue } from '../input/data.js';
import { snakeCase } from '../perf/layoutFields.js';
import type { Sources } from './core.js';
import { loadedHardware, loadedModel } from './loaded.js';

/**
 * `key` names the value in errors: `--tokens` on the command line, `tokens` in the library.
 * `max`: an upper limit (src/input/limits.ts), refused up front with the limit named (`why`: its reason, the hint). `batch`: a global
 * batch of sequences, whose suffix is refused (quantity.ts batchSuffixProblem) with the sequences at `seqLen`. `syntax`: what
 * the value is, in words, when it is not a count (a size in GB is not "300B, 1.4T"). `zero`: 0 is a count too.
 */
export function countArg(key: string, value: unknown, { integer = true, max = Infinity, why = undefined as string | undefined, syntax = COUNT_SYNTAX, sequence = false, batch = undefined as { seqLen: number | undefined } | undefined, zero = false } = {}): number | undefined {
  if (value === undefined) return undefined;
  // A sequence length's suffix has two readings (128k: 128,000 or 131,072), and a batch of sequences' (4M: sequences, or
  // the tokens a paper means, told at `batch.seqLen`): refused, as in a scenario.
  const spelt = (n: string) => (key.startsWith('--') ? `${key} ${n}` : `${key}: ${n}`);
  const ambiguous = typeof value !== 'string' ? undefined : sequence ? sequenceSuffixProblem(value) : batch ? batchSuffixProblem(value, batch.seqLen, spelt) : undefined;
  if (ambiguous) throw new InputError(ambiguous.message, { keyPath: key, hint: ambiguous.hint });
  // Only a number or text: anything else (an object, a bigint) is named, never coerced by String().
  const n = typeof value === 'number' ? value : typeof value === 'string' ? countValue(value) : undefined;
  // A count written right but beyond the largest number (1e400) is too large, not the wrong syntax.
  if (typeof value === 'string' && n !== undefined && Math.abs(n) === Infinity) {
    const shown = shownName(value.trim());
    if (n < 0) throw new InputError(`expected ${zero ? '0 or ' : ''}a positive number, found ${shown}`, { keyPath: key });
    throw new InputError(integer ? wholeCountProblem(n, shown)! : beyondLargest(shown), { keyPath: key });
  }
  if (n === undefined || !Number.isFinite(n)) {
    // Text written as prose (`1,024`, `15 trillion`, `512 GPUs`) is told the number to write, as in a scenario.
    const prose = typeof value === 'string' ? proseNumberProblem(value.trim(), {}, 'count', false, integer) : undefined;
    throw new InputError(`expected ${syntax}, found ${typeName(value)}`, { keyPath: key, ...(prose ? { hint: prose.hint } : {}) });
  }
  const shown = shownArg(value);
  // `zero`: a count of something the run may have none of (--mtp-layers 0 trains no module).
  if (n < 0 || (n === 0 && !zero)) throw new InputError(`expected ${zero ? '0 or ' : ''}a positive number, found ${shown}`, { keyPath: key });
  // One whole-number rule for flags, library options and scenario counts (src/input/quantity.ts).
  const problem = integer ? wholeCountProblem(n, shown) : undefined;
  if (problem) throw new InputError(problem, { keyPath: key });
  if (n > max) throw new InputError(`${shown} is above the limit of ${max}`, { keyPath: key, ...(why !== undefined ? { hint: why } : {}) });
  return n;
}

/**
 * An option's value as its errors echo it, as written: a flag's text as typed (`--mtp-layers 1e9` is 1e9, not 1000000000),
 * a caller's number as describeNumber spells one (`1e300`, not String's `1e+300`: hostile sweep 30).
 */
export const shownArg = (value: unknown): string => (typeof value === 'number' ? describeNumber(value, 'javascript') : shownName(String(value).trim()));

/** A GPU count (`--count`, the library's `count`): at most LIMITS.gpuCount, the bound a scenario's cluster.count has. */
export function gpuCountArg(key: string, value: unknown): number | undefined {
  return countArg(key, value, { max: LIMITS.gpuCount, why: LIMIT_REASONS.gpuCount });
}

/**
 * A parallel degree (`--tp`, the library's `shardGroup`): GPUs, so at most LIMITS.gpuCount, as a scenario's is (scenario/values.ts
 * parallelDegree), told with the text as typed: `--tp 1e9` was "tp = 1000000000 does not divide the 64 GPUs" (sweep 32).
 */
export function degreeArg(key: string, value: unknown, syntax: string): number | undefined {
  return countArg(key, value, { max: LIMITS.gpuCount, why: LIMIT_REASONS.parallelDegree, syntax });
}

/**
 * A rate (a throughput scale): a number of at least LIMITS.minRate, as a scenario's rate is (scenario/values.ts rate): a
 * thousandth of the predicted throughput is a slip, not a cluster. Text is read as the file's field reads it, by the
 * expression evaluator (`90%` is 0.9, `9 / 10` too): `plan --throughput-scale 90%` was refused while the file's
 * `throughput_scale: 90%` read as 0.9 (polish 29), as budget's --utilization and --goodput read theirs (budgetArgs.ts).
 */
export function rateArg(key: string, value: unknown): number | undefined {
  const read = typeof value === 'string' ? evaluateExpression(value, {}, { kind: 'number', keyPath: key, percent: true }) : value;
  const n = countArg(key, read, { integer: false, syntax: 'a number such as 0.9' });
  if (n !== undefined && n < LIMITS.minRate) throw new InputError(`expected a value >= ${LIMITS.minRate}, found ${shownArg(value)}`, { keyPath: key });
  return n;
}

/**
 * A name from a fixed list (an enum option), from a caller that may pass anything: JavaScript has no
 * type check. `what` names the kind in the message ("stack", "attention kernel"); `hintFor`, a hint of the field's own, asked first
 * (a stack's: perf/stackRules.ts shardingAsStackHint).
 */
export function choiceArg<T extends string | number>(key: string, value: unknown, known: readonly T[], what = 'value', hintFor: (word: string) => string | undefined = () => undefined): T | undefined {
  if (value === undefined) return undefined;
  if ((known as readonly unknown[]).includes(value)) return value as T;
  const list = known.join(', ');
  // A switch where a choice goes (`recompute: true`), told the value it stands for as a file's is (review34).
  const asSwitch = typeof value === 'boolean' ? switchAsChoiceHint(key, value, known.map(String)) : undefined;
  if (typeof value !== 'string') throw new InputError(`expected one of ${list}, found ${typeName(value)}`, { keyPath: key, hint: asSwitch ?? `use one of ${list}` });
  const names = known.map(String);
  // A number choice given as its text (`zero: '3'`) was told 'did you mean `3`?', the very text it gave (sweep33).
  const asText = known.find((k) => typeof k === 'number' && String(k) === value.trim());
  const textHint = asText === undefined ? undefined : `write ${asText}, a number, not the text "${shownName(value)}"`;
  throw new InputError(`unknown ${what} "${shownName(value)}"; known ${what}s: ${list}`, { keyPath: key, hint: textHint ?? hintFor(value) ?? foreignValueHint(value, names) ?? didYouMean(value, names) ?? `use one of ${list}` });
}

/** true or false, nothing else (a string "no" would otherwise count as true). */
export function booleanArg(key: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new InputError(`expected true or false, found ${typeName(value)}`, { keyPath: key });
}

/** A name (a preset or profile id, a file path): a non-empty string. */
export function nameArg(key: string, value: unknown): string | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() !== '')) return value;
  throw new InputError(`expected a name, found ${typeName(value)}`, { keyPath: key });
}

/**
 * A time the output states (report's `generatedAt`): ISO 8601 text. A Date, what a JavaScript caller has at hand, is
 * told how to give it (it was "expected a name, found an object"; hostile sweep 21).
 */
export function timeArg(key: string, value: unknown): string | undefined {
  if (value === undefined || (typeof value === 'string' && isIsoTime(value))) return value;
  // The report states it as the time it was made: 'yesterday' or '<b>' printed as such.
  throw new InputError(`expected ${TIME_SYNTAX}, found ${typeof value === 'string' ? describe(value) : typeName(value)}`, {
    keyPath: key,
    ...(value instanceof Date ? { hint: 'give it as text: date.toISOString()' } : {}),
  });
}

/** A pipeline layout (perf/pipelineLayout.ts): text, whose grammar and fit to the model the layout rules check. */
export function layoutArg(key: string, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw new InputError(`expected a pipeline layout such as Et*4|(t*4|)*14tmL, found ${typeName(value)}`, { keyPath: key });
}

/** A name that is printed (a run's name): a name held to the rules of a scenario's `name:` (one line of printable text, LIMITS.nameChars at most). */
export function printedNameArg(key: string, value: unknown): string | undefined {
  const name = nameArg(key, value);
  const problem = name === undefined ? undefined : nameProblem(name);
  if (problem) throw new InputError(problem, { keyPath: key });
  return name;
}

/**
 * The Sources the library makes (fileSources, sourcesFromTexts), whose lookups a caller may call with
 * anything: what is not a name is refused at `model` or `gpu` (loadModel(5) was a TypeError).
 */
export function namedLookups(sources: Sources): Sources {
  const name = (key: string, value: unknown): string => {
    if (value === undefined) throw new InputError('expected a name, found nothing', { keyPath: key });
    return nameArg(key, value)!;
  };
  return { ...sources, loadModel: (ref) => sources.loadModel(name('model', ref)), loadHardware: (id) => sources.loadHardware(name('gpu', id)) };
}

/** A list of names (extra hardware folders): an array of non-empty strings. */
export function nameListArg(key: string, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new InputError(`expected a list of names, found ${typeName(value)}`, { keyPath: key });
  // Every index, read once into a copy: forEach passed over a hole ([, 'dir']), which reached the loader as a TypeError.
  const length = readCallerValue(() => value.length, { keyPath: key });
  return Array.from({ length }, (_, i) => {
    const at = formatKeyPath([key, i]);
    const v = readCallerValue(() => (value as unknown[])[i], { keyPath: at });
    if (v === undefined) throw new InputError('expected a name, found nothing', { keyPath: at });
    return nameArg(at, v)!;
  });
}

/** Texts by id (`sourcesFromTexts`' models and hardware): an object whose every value is a string. */
export function textsArg(key: string, value: unknown): Readonly<Record<string, string>> | undefined {
  if (value === undefined) return undefined;
  const texts = optionsArg<Record<string, unknown>>(key, value as Record<string, unknown>);
  for (const [id, text] of Object.entries(texts)) {
    if (typeof text !== 'string') throw new InputError(`expected YAML text, found ${typeName(text)}`, { keyPath: `${key}.${id}` });
  }
  return texts as Record<string, string>;
}

/** A calendar date YYYY-MM-DD that exists (`2026-02-30` does not). */
export function dateArg(key: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !isCalendarDate(value, { full: true })) throw new InputError(`expected a date YYYY-MM-DD, found ${typeName(value)}`, { keyPath: key });
  return value;
}

/**
 * The options object a library function takes (or the plan query): a plain object or nothing.
 * `null`, a string or a list would otherwise fail later as a TypeError on its first field. Its own
 * keys are read once, here, into a copy: a getter that throws (or a Proxy that does) is an
 * InputError naming the key, and a value cannot change between its check and its use. With `known`
 * (a call's top-level options), any other key is refused, as the CLI refuses an unknown flag: a
 * misspelt `tokns` was ignored and the default used; its errors name fields bare (`tokns`), as the
 * other options' errors do. `nested`: an object inside an option (the library's `documents: {tokens: 2048}`), whose
 * keys are named under it (`documents.tokns`), told a near spelling or `hint`'s words.
 */
export function optionsArg<T extends object>(key: string, value: T | undefined, known?: readonly string[], { nested = false, hint = undefined as ((unknown: string) => string | undefined) | undefined } = {}): T {
  if (value === undefined) return {} as T;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`expected an object, found ${typeName(value)}`, { keyPath: key });
  }
  const read = <R>(path: string, get: () => R): R => readCallerValue(get, { keyPath: path });
  // A Map, a Date or a class instance: its own keys are not what it holds (a Map of options read as none).
  const instance = read(key, () => notPlainObject(value));
  if (instance) throw new InputError(`expected a plain object, found ${instance}`, { keyPath: key, hint: 'give an object literal, { key: value, ... }' });
  const keys = read(key, () => Object.keys(value));
  const pathOf = (k: string) => (known && !nested ? k : formatKeyPath([...(nested ? parseKeyPath(key) : [key]), k]));
  const unknown = known && keys.find((k) => !known.includes(k));
  if (unknown !== undefined && nested) {
    throw new InputError(`unknown key \`${shownName(unknown)}\``, { keyPath: pathOf(unknown), hint: didYouMean(unknown, known!) ?? hint?.(unknown) ?? `known keys: ${known!.join(', ')}` });
  }
  if (unknown !== undefined) {
    throw new InputError(`unknown option \`${shownName(unknown)}\``, { keyPath: pathOf(unknown), hint: foreignOptionKeyHint(unknown, known!) ?? keyOptionHint(unknown, known!) ?? didYouMean(unknown, known!) ?? `known options: ${known!.join(', ')}` });
  }
  // fromEntries defines each key, so a key named __proto__ stays a key and never sets the copy's prototype.
  return Object.fromEntries(keys.map((k) => [k, read(pathOf(k), () => (value as Record<string, unknown>)[k])])) as T;
}

/**
 * An option named as another tool names it (Megatron-LM's `micro_batch_size`): foreignKeyHint's words, with the
 * option as a call spells it (`microBatch`, the file's `micro_batch` in camel case). Undefined where no option is meant.
 */
function foreignOptionKeyHint(key: string, known: readonly string[]): string | undefined {
  return foreignNameHint(key, known, (ours) => known.find((k) => snakeCase(k) === ours) ?? keyOption(ours, known) ?? ours);
}

/**
 * A scenario key given where the call names its option otherwise (foreignKeys.ts keyOption): `plan({ zeroStage: 3 })` or
 * `{ zero_stage: 3 }` is `zero`, as the CLI tells `--zero-stage`; `{ fsdp: 3 }` was told `dp`, a near spelling.
 */
function keyOptionHint(key: string, known: readonly string[]): string | undefined {
  const option = keyOption(snakeCase(key), known);
  return option !== undefined && option !== key ? `did you mean \`${option}\`?` : undefined;
}

/** The keys of an options type as a list, checked by the compiler both ways (a key missing or extra is an error). */
export function optionKeys<T extends object>(keys: Record<keyof T & string, true>): readonly string[] {
  return Object.keys(keys);
}

/** The Sources a flopcast/core caller passes: checked before use, as options are (a null one was a TypeError on loadModel), and what its loaders return. */
export function sourcesArg(sources: Sources): Sources {
  const need = { loadModel: 'function', loadHardware: 'function', today: 'string' } as const;
  // Read as options are: a getter that throws is an InputError at its key, not the caller's raw error.
  const read = (k: string) => readCallerValue(() => (sources as unknown as Record<string, unknown>)[k], { keyPath: `sources.${k}` });
  const wrong = typeof sources === 'object' && sources !== null && !Array.isArray(sources)
    ? Object.entries(need).map(([k, type]) => [k, read(k), type] as const).filter(([, v, type]) => typeof v !== type)
    : undefined;
  if (wrong === undefined || wrong.length) {
    // A key there of the wrong kind is named as what it is (a Date today was 'an object without today'; hostile sweep 21).
    const missing = (wrong ?? []).filter(([, v]) => v === undefined).map(([k]) => k);
    const found = wrong === undefined ? typeName(sources)
      : `an object ${[...(missing.length ? [`without ${missing.join(', ')}`] : []), ...wrong.filter(([, v]) => v !== undefined).map(([k, v]) => `whose ${k} is ${typeName(v)}`)].join(', ')}`;
    // Nothing of the sources there: most likely the model or scenario, given first (`flopsWith('gpt2', sources)` read the
    // sources as the model: 'expected plain data ..., found a function').
    const order = wrong === undefined || wrong.length === Object.keys(need).length ? 'the sources come first: flopsWith(sources, model), runWith(sources, scenario), planWith(sources, query), reportWith(sources, scenario); ' : '';
    const dateToday = wrong?.some(([k, v]) => k === 'today' && v instanceof Date);
    const hint = dateToday ? 'today is text, YYYY-MM-DD: date.toISOString().slice(0, 10)' : `${order}make ${order ? 'them' : 'one'} with sourcesFromTexts({ models, hardware })`;
    throw new InputError(`expected an object with loadModel, loadHardware (functions) and today (text), found ${found}`, { keyPath: 'sources', hint });
  }
  // The date prices are judged by, held to sourcesFromTexts' rule (dateArg): '2026-1-1' compared as text
  // dropped prices dated after 2026-1 and priced another median, with no warning; 'yesterday' kept every one.
  dateArg('sources.today', sources.today);
  // What each loader returns is checked before the core reads it (loaded.ts): junk was a TypeError deep in the count.
  return { today: sources.today, loadModel: (ref) => loadedModel(ref, sources.loadModel(ref)), loadHardware: (id) => loadedHardware(id, sources.loadHardware(id)) };
}

/** How a wrong value is described in an error: `"no"`, `a number (5)`, `an object`, `null`. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${shownName(value)}"`; // a user's text, cut to LIMITS.nameChars
  if (value === undefined) return 'nothing';
  // NaN and Infinity in JavaScript's words, which the caller wrote in (describeNumber): `.nan` is a YAML file's.
  if (typeof value === 'number') return Number.isFinite(value) ? `a number (${describeNumber(value)})` : describeNumber(value, 'javascript');
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a Date';
  return typeof value === 'object' ? 'an object' : typeof value === 'bigint' ? 'a bigint' : `a ${typeof value}`;
}
