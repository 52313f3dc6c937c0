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
