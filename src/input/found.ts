/**
 * A value as a message tells it where it was found (`"abc"`, `a list of 3`, `a mapping`), a whole file's top level by its
 * shape alone, and how to write text that YAML read as another kind: the words every refusal of an input uses.
 */
import { describeNumber } from './errors.js';
import { clip, echoNumber } from './exprVocabulary.js';
import { shownName } from './name.js';

/** A YAML mapping (a plain object): not null, not a list. */
export const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * What a whole file (or stdin, or a library caller's text) holds at its top level, where a mapping was expected, by its
 * shape alone (its text may not be anything the user wrote): the one wording of an empty one for every kind of file.
 * Scenarios said "found an empty file", models and runs files "found empty", a config.json "found null" (hostile sweep 22).
 */
export function describeTopLevel(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (an empty file, or null)';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return typeof value === 'string' ? 'text' : `a ${typeof value}`;
}

/** A value as found, in a refusal's `found ...`: text quoted (cut past 40 characters), a number as written in YAML, a list by its length. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${clip(value, 40)}"`;
  if (typeof value === 'number') return describeNumber(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/**
 * A value as found, a whole number past 2^53 − 1 as the file writes it (`written`, where the text is known; a long one
 * told by its start and length, as a number beyond the largest is: echoNumber): a double holds `123456789012345678901` as 123456789012345680000 and
 * `9007199254740993` as 9007199254740992, numbers the user did not write, which `found ...` printed (hostile sweep 34).
 */
export function describeWritten(value: unknown, written: string | undefined): string {
  const unsafe = typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value);
  // Only the text that reads as this value: a flag's or a library option's value written over the file's (`--count
  // 9007199254740993` over `count: 1024`) is not the file's text at that path, which was echoed as found (review34).
  return unsafe && written !== undefined && Number(written.replace(/_/g, '')) === value ? echoNumber(written) : describe(value);
}

/**
 * Text that YAML read as another kind (`name: 512`, `provider: true`, `gpu: 1e3`): the way to write it.
 * Unquoted, 512 is a number and true a boolean in YAML 1.2's core schema.
 */
export function quoteHint(found: unknown): string | undefined {
  if (typeof found === 'number') return `YAML reads it as ${Number.isFinite(found) ? `the number ${describeNumber(found)}` : 'a number'}: quote it to make it text`;
  if (typeof found === 'boolean') return `YAML reads it as ${found}: quote it to make it text`;
  return undefined;
}

/** Text that lists values (`h100-sxm, b200`, `2,2`) as a YAML list: in brackets, a space after each comma (`[8,128]` reads as thousands). */
export function bracketedList(text: string): string {
  return `[${shownName(text.split(',').map((p) => p.trim()).join(', '))}]`;
}
