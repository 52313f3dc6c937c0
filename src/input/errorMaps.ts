/**
 * A schema's error maps: how a refusal carries its hint, after ' | ', which validate.ts issueToError tells (the message
 * before it is replaced by its own "expected …, found …").
 */

type Refusal = { code?: string; input?: unknown };

/** For a value of the wrong type: `z.strictObject({...}, { error: typeHint((input) => …) })`. */
export const typeHint = (hint: (input: unknown) => string) => (i: Refusal): string | undefined =>
  (i.code === 'invalid_type' ? `invalid type | ${hint(i.input)}` : undefined);

/** For a value not among an enum's, told before a near spelling's: `z.enum(STACK_IDS, { error: valueHint(shardingAsStackHint) })`. */
export const valueHint = (hint: (text: string) => string | undefined) => (i: Refusal): string | undefined => {
  const h = i.code === 'invalid_value' && typeof i.input === 'string' ? hint(i.input) : undefined;
  return h === undefined ? undefined : `invalid value | ${h}`;
};

/** For a value no branch of a union takes (neither a number nor text; missing): scenario/values.ts value()'s typeHint. */
export const unionHint = (hint: (input: unknown) => string | undefined) => (i: Refusal): string | undefined => {
  const h = i.code === 'invalid_union' ? hint(i.input) : undefined;
  return h === undefined ? undefined : `invalid type | ${h}`;
};

/**
 * For a required key left out or left empty (`count:`, which YAML reads as null), the value to write: `cluster.count:
 * expected a number or text, found nothing` and `cluster.gpu: required string is missing` said no more (newuser35), where
 * a missing `model` or `tokens` was given an example. Only a missing value: a wrong one keeps its own refusal.
 */
export const missingHint = (hint: string) => (i: Refusal): string | undefined =>
  ((i.code === 'invalid_type' || i.code === 'invalid_union') && isMissing(i.input) ? `missing | ${hint}` : undefined);

/** A value left out, or a key written with nothing after it (YAML's null). */
export const isMissing = (input: unknown): boolean => input === undefined || input === null;
