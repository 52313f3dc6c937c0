/**
 * src/input/switchHint.ts: a switch written as 1 / 0 or a YAML 1.1 word (YAML 1.2 reads them as a number or text) is told
 * the true or false it means. Expectations written from YAML 1.1's boolean words (yaml.org/type/bool.html: y, yes, on
 * for true; n, no, off for false) and YAML 1.2's core schema, which reads them as strings (§10.3.2).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { switchHint, unionSwitchHint } from '../../src/input/switchHint.js';
import { unionBranches } from '../../src/input/zodIssue.js';

describe('switchHint', () => {
  it.each<[unknown, string | undefined]>([
    [1, 'write true: a switch takes true or false'],
    [0, 'write false: a switch takes true or false'],
    ['yes', 'write true: a switch takes true or false (YAML 1.2 reads yes as text, not a switch)'],
    ['Y', 'write true: a switch takes true or false (YAML 1.2 reads Y as text, not a switch)'],
    ['ON', 'write true: a switch takes true or false (YAML 1.2 reads ON as text, not a switch)'],
    [' Off ', 'write false: a switch takes true or false (YAML 1.2 reads Off as text, not a switch)'],
    ['no', 'write false: a switch takes true or false (YAML 1.2 reads no as text, not a switch)'],
    ['n', 'write false: a switch takes true or false (YAML 1.2 reads n as text, not a switch)'],
    // Not a switch's spelling: no hint (another number, the text of a number, a word, a boolean, nothing).
    [2, undefined],
    [-1, undefined],
    ['1', undefined],
    ['true', undefined],
    ['yess', undefined],
    [true, undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j: %j', (found, hint) => {
    expect(switchHint(found)).toBe(hint);
  });

  it('the other values a field takes are listed after true and false', () => {
    expect(switchHint(1, ['`qkv`'])).toBe('write true: a switch takes true, false or `qkv`');
    expect(switchHint('off', ['`qkv`', '`all`'])).toBe('write false: a switch takes true, false, `qkv` or `all` (YAML 1.2 reads off as text, not a switch)');
  });
});

/** The branches a union's refusal of `value` reports (as validate.ts reads them). */
const branchesOf = (schema: z.ZodType, value: unknown) => {
  const issue = schema.safeParse(value).error!.issues[0]!;
  if (issue.code !== 'invalid_union') throw new Error(`expected a union's refusal, found ${issue.code}`);
  return unionBranches(issue);
};

describe('unionSwitchHint', () => {
  // `bias: true | false | qkv` (an inline model's): the other branch's value is listed.
  const bias = z.union([z.boolean(), z.literal('qkv')]);
  it.each<[string, z.ZodType, unknown, string | undefined]>([
    ['a switch or a word, 1', bias, 1, 'write true: a switch takes true, false or `qkv`'],
    ['a switch or a word, no', bias, 'no', 'write false: a switch takes true, false or `qkv` (YAML 1.2 reads no as text, not a switch)'],
    ['a switch or a number, on', z.union([z.boolean(), z.number().min(1)]), 'on', 'write true: a switch takes true, false or a number (YAML 1.2 reads on as text, not a switch)'],
    // No switch among the branches, or one only inside a branch's mapping: no hint.
    ['no switch branch', z.union([z.number(), z.literal('auto')]), 'yes', undefined],
    ['a switch inside a branch', z.union([z.object({ a: z.boolean() }), z.literal('x')]), { a: 1 }, undefined],
    // A switch branch, and a value that is no switch's spelling.
    ['not a switch spelling', bias, 'maybe', undefined],
  ])('%s', (_, schema, value, hint) => {
    expect(unionSwitchHint(branchesOf(schema, value), value)).toBe(hint);
  });
});
