/**
 * src/input/zodIssue.ts: what zod's issues say, in the words a refusal uses. Each expectation is written from the schema
 * in the row (what it takes), not from what the functions print.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { expectedAt, expectedKinds, primaryIssue, safeParseInput, textRefused, unionBranches } from '../../src/input/zodIssue.js';

type Issue = z.core.$ZodIssue;
const issuesOf = (schema: z.ZodType, value: unknown): Issue[] => schema.safeParse(value).error!.issues;

describe('primaryIssue', () => {
  // A misspelt key is both unknown and, as the key meant, missing: the unknown one, whose hint is the fix, is reported.
  const strict = z.strictObject({ model: z.string() });
  it('a misspelt key: the unknown key, not the missing one', () => {
    const issues = issuesOf(strict, { modle: 'gpt2' });
    expect(issues.map((i) => i.code).sort()).toEqual(['invalid_type', 'unrecognized_keys']);
    expect(primaryIssue(issues)).toMatchObject({ code: 'unrecognized_keys', keys: ['modle'] });
  });
  it('otherwise the first', () => {
    const issues = issuesOf(z.object({ a: z.number(), b: z.number() }), { a: 'x', b: 'y' });
    expect(primaryIssue(issues)).toBe(issues[0]);
    expect(primaryIssue(issues).path).toEqual(['a']);
  });
});

describe('safeParseInput: zod\'s safeParse, without its JIT', () => {
  const schema = z.object({ n: z.number().int(), s: z.string().optional() });
  it.each<[unknown]>([[{ n: 3 }], [{ n: 3.5 }], [{ n: 'x', s: 1 }], [null]])('%j: the same result as safeParse', (value) => {
    expect(safeParseInput(schema, value)).toEqual(schema.safeParse(value));
  });
});

describe('expectedKinds: what a refusing branch takes, in words', () => {
  it.each<[string, z.ZodType, unknown, string[]]>([
    ['a number', z.number(), 'x', ['a number']],
    // An integer's refusal of text is of its kind, a number; of a fraction, of an integer.
    ['an integer, text', z.int(), 'x', ['a number']],
    ['an integer, a fraction', z.int(), 1.5, ['an integer']],
    ['text', z.string(), 1, ['text']],
    ['a switch', z.boolean(), 1, ['true or false']],
    ['a list', z.array(z.number()), 1, ['a list']],
    ['a tuple is a list', z.tuple([z.number()]), 1, ['a list']],
    ['a mapping', z.object({}), 1, ['a mapping']],
    ['a record is a mapping', z.record(z.string(), z.number()), 1, ['a mapping']],
    ['values, each in backticks', z.enum(['auto', 'full']), 'x', ['`auto`', '`full`']],
    ['a literal', z.literal(8), 9, ['`8`']],
    // A refusal of the value, not of its kind, says nothing of what it takes.
    ['too small', z.number().min(1), 0, []],
  ])('%s', (_, schema, value, kinds) => {
    expect(expectedKinds(issuesOf(schema, value)[0]!)).toEqual(kinds);
  });
  // A numeric field's own refusal of text (scenario/values.ts): its params say what it takes.
  const counted = z.unknown().superRefine((_, ctx) => ctx.addIssue({ code: 'custom', message: 'no value', params: { expects: 'a count' } }));
  it('a custom refusal with params.expects', () => {
    const issue = issuesOf(counted, 'ten')[0]!;
    expect(textRefused(issue)).toBe(true);
    expect(expectedKinds(issue)).toEqual(['a count']);
  });
  it('a custom refusal without it, and another code, are not text refused', () => {
    const plain = z.unknown().superRefine((_, ctx) => ctx.addIssue({ code: 'custom', message: 'no' }));
    expect(textRefused(issuesOf(plain, 1)[0]!)).toBe(false);
    expect(expectedKinds(issuesOf(plain, 1)[0]!)).toEqual([]);
    expect(textRefused(issuesOf(z.number(), 'x')[0]!)).toBe(false);
  });
});

describe('unionBranches', () => {
  const union = (schema: z.ZodType, value: unknown) => {
    const issue = issuesOf(schema, value)[0]!;
    if (issue.code !== 'invalid_union') throw new Error(`expected a union's refusal, found ${issue.code}`);
    return unionBranches(issue);
  };
  it('each branch\'s issue', () => {
    expect(union(z.union([z.number(), z.literal('auto')]), 'x').map(expectedKinds)).toEqual([['a number'], ['`auto`']]);
  });
  it('a union of unions is opened', () => {
    expect(union(z.union([z.union([z.number(), z.boolean()]), z.literal('a')]), 'x').map(expectedKinds)).toEqual([['a number'], ['true or false'], ['`a`']]);
  });
  // A branch's misspelt key is its issue (its primaryIssue), not the missing key: `{lo: 0.3, high: 0.5}`.
  it('a branch reports its primary issue', () => {
    const range = z.union([z.number(), z.strictObject({ low: z.number(), high: z.number() })]);
    const [number, mapping] = union(range, { lo: 0.3, high: 0.5 });
    expect(number).toMatchObject({ code: 'invalid_type', expected: 'number' });
    expect(mapping).toMatchObject({ code: 'unrecognized_keys', keys: ['lo'] });
  });
  // A union deeper inside a branch stays one issue, at its path.
  it('a union inside a branch\'s mapping stays one issue', () => {
    const branches = union(z.union([z.object({ bias: z.union([z.boolean(), z.literal('qkv')]) }), z.literal('x')]), { bias: 1 });
    expect(branches.map((b) => [b.code, b.path])).toEqual([['invalid_union', ['bias']], ['invalid_value', []]]);
  });
});

describe('expectedAt: what the field at a path takes', () => {
  const schema = z.object({
    name: z.string(),
    utilization: z.union([z.number(), z.literal('auto')]).optional(),
    cluster: z.object({ count: z.number() }),
  });
  it.each<[PropertyKey[], string | undefined]>([
    [['name'], 'text'],
    [['utilization'], 'a number or `auto`'],
    [['cluster', 'count'], 'a number'],
    [['cluster'], 'a mapping'],
    // No field there.
    [['nothing'], undefined],
    [['cluster', 'nothing'], undefined],
  ])('%j: %j', (path, words) => {
    expect(expectedAt(schema, path)).toBe(words);
  });
});
