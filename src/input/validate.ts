/**
 * zod result -> one InputError that names the file, line, column and key path, says what was
 * expected and what was found, and suggests the nearest valid key or value.
 */
import type { z } from 'zod';
import { barred, describeNumber, InputError, formatKeyPath } from './errors.js';
import { bracketedList, describe, describeTopLevel, describeWritten, isMapping, quoteHint } from './found.js';
import { didYouMean } from './suggest.js';
import { modelNamingHint } from './foreignKeys.js';
import { foreignValueHint, switchAsChoiceHint } from './foreignValues.js';
import { colonHint, keysAt, objectsAt, schemasAt, unknownKeyHint } from './keyHints.js';
import type { ParsedYaml } from './yaml.js';
import { shownName } from './name.js';
import { listed } from './listed.js';
import { isUnitAlone } from './exprVocabulary.js';
import { expectedKinds, primaryIssue, safeParseInput, textRefused, unionBranches } from './zodIssue.js';
import { switchHint, unionSwitchHint } from './switchHint.js';
import { int, plural } from '../report/format.js';

type Located = { file: string; value: unknown; locate?: ParsedYaml['locate'] };

/** Validates `parsed.value`; `prefix` is where that value sits in its file (e.g. ['model']). */
export function validate<S extends z.ZodType>(schema: S, parsed: Located, prefix: readonly PropertyKey[] = []): z.output<S> {
  if (prefix.length === 0) checkRoot(schema, parsed);
  const result = safeParseInput(schema, parsed.value);
  if (result.success) return result.data;
  throw issueToError(schema, primaryIssue(result.error.issues), parsed, prefix);
}

/**
 * A whole file that is not the kind expected (`model: /etc/passwd`) is named by its shape only:
 * its top level is not a mapping, or not one of its top-level keys is known. Its content is never
 * quoted, since it may not be YAML the user wrote (a password file, a key).
 */
function checkRoot(schema: z.ZodType, parsed: Located): void {
  const v = parsed.value;
  const known = keysAt(schema, []);
  if (!known.length) return;
  // A file's top is at 1:1; a library caller's object has no positions (its locate is absent, or gives line 0):
  // `<runs>:1:1` was printed of one (hostile sweep 30).
  const at = { file: parsed.file, ...((parsed.locate?.([]).line ?? 0) > 0 ? { line: 1, col: 1 } : {}) };
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new InputError(`expected a mapping of keys at the top level, found ${describeTopLevel(v)}`, { ...at, hint: `is this the right file? expected keys such as ${known.slice(0, 4).join(', ')}` });
  }
  const keys = Object.keys(v);
  if (keys.length && !keys.some((k) => known.includes(k))) {
    throw new InputError(`none of the ${plural(keys.length, 'top-level key')} is a known key`, { ...at, hint: `is this the right file? expected keys such as ${known.slice(0, 4).join(', ')}` });
  }
}

type Issue = z.core.$ZodIssue;

export function issueToError(schema: z.ZodType, issue: Issue, parsed: Located, prefix: readonly PropertyKey[] = []): InputError {
  let path = [...issue.path];
  let message = issue.message;
  let hint: string | undefined;
  const found = valueAt(parsed.value, path);
  const foundText = () => describeWritten(found, parsed.locate?.written?.([...prefix, ...path]));
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      path = [...path, key];
      message = `unknown key \`${shownName(key)}\``;
      const known = keysAt(schema, issue.path);
      // A key this place takes in another alternative of a union, beside the one chosen: `global_batch: {sequences: 8,
      // tokens: 4M}` was "unknown key `tokens`", did you mean `tokens`?
      const beside = known.includes(key) && isMapping(found) ? Object.keys(found).filter((k) => k !== key && known.includes(k)) : [];
      // Unless one alternative takes them all (`compare_with: {usd_per_gpu_hour: abc, provider: x}`): zod told the
      // other's unknown key, and that one's refusal of a value is the fault.
      const taking = beside.length ? objectsAt(schema, issue.path).find((o) => [key, ...beside].every((k) => keysAt(o, []).includes(k))) : undefined;
      const inTaking = taking ? safeParseInput(taking, found) : undefined;
      if (inTaking && !inTaking.success) {
        const inner = primaryIssue(inTaking.error.issues);
        return issueToError(schema, { ...inner, path: [...issue.path, ...inner.path] } as Issue, parsed, prefix);
      }
      if (beside.length && !taking) {
        const keys = [key, ...beside].map((k) => `\`${shownName(k)}\``);
        message = `${listed(keys, 'and')} are alternatives: give one, not ${keys.length === 2 ? 'both' : 'several'}`;
        hint = `keep ${listed(keys, 'or')}`;
        break;
      }
      // A scenario's `model: {preset: llama-3-8b}` (validated whole, or as the model alone under the prefix `model`).
      const inModel = prefix.length + issue.path.length === 1 && [...prefix, ...issue.path][0] === 'model';
      hint = (inModel ? modelNamingHint(key, isMapping(found) ? found[key] : undefined) : undefined)
        ?? unknownKeyHint(schema, key, issue.path, known) ?? (known.length ? `valid keys here: ${known.join(', ')}` : undefined);
      break;
    }
    case 'invalid_type': {
      const expected = ({ int: 'an integer', object: 'a mapping', record: 'a mapping', array: 'a list' } as Record<string, string>)[issue.expected] ?? issue.expected;
      // What was found is told in the words a union's kinds use (`name: 123` was "expected string"),
      // a number out of range as such only where a number goes (`name: 1e400` was "expected a finite number").
      const numeric = issue.expected === 'number' || issue.expected === 'int';
      // `string` in the words a union's kinds use (`cluster.count: required number or text is missing`): text.
      message = found === undefined ? `required ${issue.expected === 'string' ? 'text' : expected.replace(/^an? /, '')} is missing` : numeric && notFinite(found) ? FINITE(found) : `expected ${expectedKinds(issue)[0] ?? expected}, found ${foundText()}`;
      // Only text YAML read (a caller's object has no positions: line 0, and its 123 is a number it wrote).
      if (issue.expected === 'string' && (parsed.locate?.([...prefix, ...path]).line ?? 0) > 0) hint = quoteHint(found);
      if ((issue.expected === 'object' || issue.expected === 'record') && typeof found === 'string') hint = colonHint(found, keysAt(schema, issue.path), 'text');
      // A list written as text (`recompute_modules: attention, feed_forward`, `hierarchical_context_parallel_sizes: "2,2"`) was
      // "expected a list" alone (hostile sweep 27): the list in brackets, as a matrix entry in text is told.
      if (issue.expected === 'array' && typeof found === 'string' && found.trim() !== '') hint = `write the list in brackets: ${bracketedList(found)}`;
      // A switch as 1 or 0 (AMD Primus's Megatron YAML: `sequence_parallel: 1`) or YAML 1.1's yes/no/on/off, which YAML 1.2
      // reads as text: "expected true or false, found 1" had no hint (newuser32).
      if (issue.expected === 'boolean') hint = switchHint(found);
      // A schema's own type message may carry a hint after ' | ', as custom checks do (`offload: optimizer`: write it as a mapping).
      hint ??= boundReason(issue.message);
      break;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      // A key left out is told as invalid_type tells one (`cluster.gpu: required string is missing`): one wording for a
      // required key missing, whatever its kind (newuser35 F3: `cluster.count` said "expected a number or text, found nothing").
      message = found === undefined ? `required ${listed(values.map((v) => `\`${v}\``), 'or')} is missing` : `expected one of ${values.map((v) => `\`${v}\``).join(', ')}, found ${foundText()}`;
      // The schema's own hint first, after ' | ' (valueHint: `stack: fsdp` is a sharding, told where it is written).
      // A missing value takes the schema's hint too (a measured run's training.stack: perf/validateSchema.ts).
      hint = typeof found === 'string' ? boundReason(issue.message) ?? foreignValueHint(found, values) ?? didYouMean(found, values) : boundReason(issue.message);
      // A switch where a choice goes (`qk_norm: true`, `recompute: true`): the value it stands for.
      const field = [...prefix, ...path].at(-1);
      if (typeof found === 'boolean') hint ??= switchAsChoiceHint(typeof field === 'string' ? field : undefined, found, values);
      break;
    }
    case 'too_small':
      // A text's minimum is its length (`gpu: ""` is empty text, not a value below 1).
      message = `expected ${issue.origin === 'array' ? `at least ${plural(boundText(issue.minimum), 'item')}` : issue.origin === 'string' ? (Number(issue.minimum) === 1 ? 'a non-empty text' : `at least ${boundText(issue.minimum)} characters`) : `a value ${issue.inclusive ? '>=' : '>'} ${boundText(issue.minimum)}`}, found ${foundText()}`;
      hint = boundReason(issue.message);
      break;
    case 'too_big':
      message = `expected ${issue.origin === 'array' ? `at most ${plural(boundText(issue.maximum), 'item')}` : issue.origin === 'string' ? `at most ${boundText(issue.maximum)} characters` : `a value ${issue.inclusive ? '<=' : '<'} ${boundText(issue.maximum)}`}, found ${foundText()}`;
      // A fraction (at most 1) written as a percentage's number: `utilization: 45`, `goodput: 90`.
      // `N%` only where the field reads text as a percentage: `offload: {optimizer: 50}` was told to write 50%, and refused it.
      if (Number(issue.maximum) === 1 && typeof found === 'number' && found > 1 && found <= 100) hint = `a fraction: write ${takesText(schema, path, `${found}%`) ? `${found}% or ` : ''}${found / 100} if ${found} percent is meant`;
      else hint = boundReason(issue.message);
      break;
    case 'invalid_union': {
      // YAML's .nan and .inf (and 1e400) are numbers that no numeric field accepts: the union's value,
      // or one a branch looked at inside it (`global_batch: {tokens: 1e400}` was blamed on the other
      // branch's missing `sequences`).
      const branches = unionBranches(issue);
      const nonFinite = [[], ...branches.map((b) => b.path)].find((p) => notFinite(valueAt(found, p)));
      if (nonFinite) {
        path = [...path, ...nonFinite];
        message = FINITE(valueAt(found, nonFinite));
        break;
      }
      // zod says only "Invalid input". A branch whose type matched tells what is wrong with the value
      // (`utilization: 2` is too big, not "not auto"); when none matched, list the kinds accepted.
      // A branch that read the value and found it out of range comes first: `utilization: "400%"` is 4,
      // too big, and was told "expected one of `auto`" (the name branch, first, took any text).
      // Text that begins as a number (`"0,45"`, `45 percent`) is told by the branch that evaluated it,
      // not the name branch: no name begins with a digit (it was "expected one of `auto`").
      // A unit alone (`interval: hours`) is a number left out, told so by that branch too.
      const numberText = typeof found === 'string' && (/^\s*[-+.\d$\u20ac\u00a3\u00a5]/.test(found) || isUnitAlone(found));
      // A mapping is told by the branch that took its keys and refused a value inside one the user wrote: `global_batch:
      // {tokens: abc}` (or `"4,194,304"`) was "global_batch.tokens: unknown key `tokens`, did you mean `tokens`?", the
      // {sequences} branch's refusal of the key the {tokens} branch takes.
      const insideWritten = (b: Issue) => b.path.length > 0 && isMapping(found) && Object.hasOwn(found, b.path[0] as string);
      const telling = branches.find((b) => b.code === 'too_big' || b.code === 'too_small')
        ?? (numberText ? branches.find((b) => b.code === 'custom' && b.path.length === 0) : undefined)
        ?? branches.find(insideWritten)
        ?? branches.find((b) => b.path.length > 0 || (b.code !== 'invalid_type' && (b.code !== 'invalid_value' || typeof found === 'string')));
      // Text near a name is told the names (`autp`: did you mean `auto`?), but with the other kinds
      // accepted beside them when the other branches only refused its type: `bias: yes` was
      // "expected one of `qkv`", as if true and false were not accepted.
      // A union of literals (zero_stage: 0 | 1 | 2 | 3) is told its every value: `zero_stage: "1"` was "expected one of `0`".
      // A branch that read the text as a number and found no number in it (`utilization: predicted`, `interval: sometimes`)
      // refused it as a type refuses it: it was "expected one of `auto`", as if a number were not taken (polish 29).
      const onlyTypes = telling?.code === 'invalid_value' && telling.path.length === 0 && branches.length > 1 && branches.every((b) => b === telling || ((b.code === 'invalid_type' || b.code === 'invalid_value' || textRefused(b)) && b.path.length === 0));
      // A switch written as 1, 0 or yes where the union takes one: the switch's hint, with the union's other values.
      hint = unionSwitchHint(branches, found);
      if (telling && !onlyTypes && hint === undefined) return issueToError(schema, { ...telling, path: [...issue.path, ...telling.path] } as Issue, parsed, prefix);
      if (onlyTypes && typeof found === 'string' && hint === undefined) {
        const values = branches.flatMap((b) => (b.code === 'invalid_value' ? b.values : []));
        // A number quoted (`"1"`) is text to YAML, where a number is taken.
        const quoted = values.find((v) => typeof v === 'number' && String(v) === found.trim());
        const names = values.map(String);
        hint = quoted !== undefined ? `write ${String(quoted)} without quotes: quoted, YAML reads it as text` : foreignValueHint(found, names) ?? didYouMean(found, names);
        // Text other than a word (`foo * 2`) is told why the number branch did not read it.
        const read = branches.find(textRefused);
        if (!hint && read && !/^\s*[A-Za-z_][\w-]*\s*$/.test(found)) hint = barred(read.message).message;
      }
      const wanted = [...new Set(branches.flatMap(expectedKinds))];
      message = found === undefined && wanted.length
        ? `required ${listed(wanted.map((w) => w.replace(/^an? /, '')), 'or')} is missing`
        : `expected ${wanted.length ? listed(wanted, 'or') : 'another value'}, found ${foundText()}`;
      // A union's own message may carry a hint after ' | ', as a type's does (`documents: "1024:0.5,8192:0.5"`, the
      // command line's form: scenario/documents.ts).
      hint ??= boundReason(issue.message);
      break;
    }
    default: {
      // Custom checks carry their hint after a '|' so schemas stay declarative.
      const { message: text, hint: h } = barred(issue.message);
      // A pattern's message says what it expects; what was found is told as every other message tells it (a profile's
      // `id: My-X` or `date: "+2026-01-01"` was "expected a lower-case id such as h100-sxm" alone).
      message = issue.code === 'invalid_format' ? `${text!}, found ${foundText()}` : text!;
      hint = h;
    }
  }
  const full = [...prefix, ...path];
  const where = parsed.locate ? parsed.locate(full) : undefined;
  return new InputError(message, { file: parsed.file, ...where, keyPath: formatKeyPath(full) || undefined, hint });
}

/** Whether the field at `path` reads `text` (a percentage's `45%`): utilization and goodput do, a plain number field does not. */
function takesText(schema: z.ZodType, path: readonly PropertyKey[], text: string): boolean {
  return schemasAt(schema, path).some((s) => safeParseInput(s, text).success);
}

/**
 * A schema's bound as the messages' other numbers are written: a whole one grouped, as every count is (report/format.ts
 * int; the bound's own hint says `at most 10,000,000 GPUs`, where the message said `<= 10000000`), a fraction exact.
 */
function boundText(bound: number | bigint): string {
  return typeof bound === 'bigint' || Number.isInteger(bound) ? int(bound) : describeNumber(bound);
}

/** Why a bound is there, where its schema says (a bound's message after ` | `: src/input/limits.ts LIMIT_REASONS); zod's own words are not. */
function boundReason(message: string): string | undefined {
  return barred(message).hint;
}

/** YAML's .nan and .inf, and 1e400: numbers no field accepts, told as such wherever zod refuses one. */
const notFinite = (v: unknown): v is number => typeof v === 'number' && !Number.isFinite(v);
const FINITE = (v: unknown) => `expected a finite number, found ${describe(v)}`;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p as string];
  }
  return v;
}
