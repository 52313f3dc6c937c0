/**
 * Values given over a scenario's (`flopcast run FILE --count 2048 --price 2.5`, the library's `run(text, { count: 2048 })`):
 * each is one scenario key, written into every run the scenario makes (its options and matrix cells) by the rule plan's
 * overrides follow (options.ts withFixedValues), and an error in the value is told at the flag or option that gave it.
 * Pure: the command line reads its flags into these (src/cli/load/overrides.ts), the library its options (library/core.ts).
 */
import { InputError, beyondLargest, parseKeyPath } from '../input/errors.js';
import { shownName } from '../input/name.js';
import { withFixedValues, type FixedField } from './options.js';

/** The fields whose value is a name (a GPU id, a precision), never a number. */
const NAME_FIELDS: readonly FixedField[] = ['gpu', 'precision'];

/**
 * A value given as text, read as the file's YAML reads it: a plain number is a number (`--count 0` was 'found "0"'); one
 * beyond the largest (`1e400`) is refused as written, as the file's is (yamlStructure.ts), where it was told in YAML's
 * `.inf (unbounded)`; a name's field keeps its text (`--gpu 1e3`, `--precision 16`: read as a number, it was told
 * 'expected text, found 1000' with YAML's 'quote it to make it text', which no shell quoting does; hostile sweep 30). One
 * rule for the command line's flags and the library's text options (review34: the library's `count: '0'` was 'found "0"').
 */
export function overrideValue(field: FixedField, text: string, named: string): string | number {
  const value = !NAME_FIELDS.includes(field) && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) ? Number(text) : text;
  if (typeof value === 'number' && !Number.isFinite(value)) throw new InputError(beyondLargest(shownName(text), value < 0), { keyPath: named });
  return value;
}

export interface Override {
  /** The flag as typed, without its dashes (`seq-len`); the library's option name (`seqLen`). */
  flag: string;
  /** How errors and notes name it: `--seq-len` on the command line, `seqLen` in the library. */
  named: string;
  block: string;
  key: string;
  /** As given (a plain number as a number): the scenario's schema reads it as it reads the file's values. */
  value: string | number;
  /** As the user typed it (`1e12`, `1e400`): what notes and errors echo, where the value's number reads otherwise. */
  text: string;
}

/** The values withFixedValues writes. */
export const fixedValuesOf = (o: readonly Override[]): [string, string, unknown][] => o.map((x) => [x.block, x.key, x.value]);

/** A parsed scenario with the overrides written into every run it makes (its options and matrix cells); itself where none is given. */
export function withOverrides<T extends { value: unknown }>(doc: T, overrides: readonly Override[]): T {
  return overrides.length ? { ...doc, value: withFixedValues(doc.value, fixedValuesOf(overrides)) } : doc;
}

/** Where a price given over every run's is said to come from: the flag or option that gave it (`--price`, `price`); nothing where the file's own. */
export function givenPriceSource(overrides: readonly Override[]): { givenPriceSource?: string } {
  const price = overrides.find((x) => x.flag === 'price');
  return price ? { givenPriceSource: price.named } : {};
}

/**
 * An error of a key an override set, told at its flag or option with the value given (`--count: expected ...`): it was the
 * file's key at the file's line, where the user wrote nothing. An error elsewhere that an override may have caused (the
 * file's fixed tp·pp against --count) keeps its place, its hint naming the overrides given.
 */
export function blameOverride(err: unknown, overrides: readonly Override[]): unknown {
  if (!(err instanceof InputError) || overrides.length === 0) return err;
  const path = err.details.keyPath === undefined ? undefined : parseKeyPath(err.details.keyPath).filter((p) => typeof p === 'string');
  // `options[2].cluster.count` and `cluster.count` alike: the key the flag wrote into every run.
  const at = path === undefined ? undefined : overrides.find((o) => path.join('.').endsWith(`${o.block}.${o.key}`));
  if (at) {
    // The text given (`--count 1e400`), not its number (`given Infinity`, hostile sweep 26).
    const found = err.message.includes(at.text) ? '' : ` (given ${shownName(at.text)})`;
    return new InputError(`${err.message}${found}`, { keyPath: at.named, ...(err.details.hint ? { hint: err.details.hint } : {}) });
  }
  const given = overrides.map((o) => `${o.named} ${shownName(o.text)}`).join(', ');
  return new InputError(err.message, { ...err.details, hint: `${err.details.hint ? `${err.details.hint}; ` : ''}with ${given} over the scenario's values` });
}
