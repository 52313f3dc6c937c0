/**
 * What zod's issues say: the issue a refusal reports, each branch's of a union, and what a refusing branch takes in
 * words (`a number`, `text`, `` `auto` ``). Read by the schema check (validate.ts) and the hints it gives.
 */
import type { z } from 'zod';
import { schemasAt } from './keyHints.js';
import { listed } from './listed.js';

type Issue = z.core.$ZodIssue;

/**
 * The issue to report. A misspelt key shows up twice: as an unknown key and as a missing one. The
 * unknown key is the cause, and its hint ("did you mean ...") the fix, so it comes first.
 */
export function primaryIssue(issues: readonly Issue[]): Issue {
  return issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
}

/**
 * zod's safeParse without its JIT: on an object schema's first parse zod compiles a fast parser with
 * `new Function`, which pays only over many parses; a CLI call parses each schema a few times, and
 * generated code is outside V8's code cache (bin/flopcast.cjs). The result is the same either way.
 */
export function safeParseInput<S extends z.ZodType>(schema: S, value: unknown): z.ZodSafeParseResult<z.output<S>> {
  return schema.safeParse(value, { jitless: true });
}

/**
 * What the field at `path` takes, in the words a refusal uses (`text`, `a number or text`, `` `auto` ``), or undefined
 * where the schema has no field there: the kinds each schema at the path names when it refuses a NaN. For a caller's
 * NaN or Infinity, which input/data.ts refuses before the schema sees it (a text field's was told 'expected a finite
 * number', sweep33).
 */
export function expectedAt(schema: z.ZodType, path: readonly PropertyKey[]): string | undefined {
  const kinds = new Set<string>();
  for (const s of schemasAt(schema, path)) {
    const r = safeParseInput(s, NaN);
    if (r.success) continue;
    const issue = primaryIssue(r.error.issues);
    for (const b of issue.code === 'invalid_union' ? unionBranches(issue) : [issue]) for (const k of expectedKinds(b)) kinds.add(k);
  }
  return kinds.size ? listed([...kinds], 'or') : undefined;
}

/**
 * The issue each branch of a union reports (its primaryIssue, as a value outside a union has), paths relative
 * to the union's. A union of unions (over the same value) is opened; a union deeper inside a branch (an inline
 * model's `bias`) stays one issue, told by its own branches: opened, its first branch alone spoke (`model.bias:
 * expected boolean`). A branch's first issue was its missing key: `utilization: {lo: 0.3, high: 0.5}` was
 * "cluster.utilization.low: expected a number or text, found nothing", not the misspelt `lo`.
 */
export function unionBranches(issue: Extract<Issue, { code: 'invalid_union' }>): Issue[] {
  return issue.errors.flatMap((branch) => {
    const first = branch.length ? primaryIssue(branch) : undefined;
    if (!first) return [];
    if (first.code !== 'invalid_union' || first.path.length > 0) return [first];
    return unionBranches(first).map((b) => ({ ...b, path: [...first.path, ...b.path] }) as Issue);
  });
}

/** What a branch that refused the value's type accepts, in words: `a number`, `text`, `` `auto` ``. */
export function expectedKinds(b: Issue): string[] {
  if (b.code === 'invalid_value') return b.values.map((v) => `\`${String(v)}\``);
  if (textRefused(b)) return [b.params!.expects as string];
  if (b.code !== 'invalid_type') return [];
  const words: Record<string, string> = { number: 'a number', int: 'an integer', string: 'text', boolean: 'true or false', array: 'a list', tuple: 'a list', object: 'a mapping', record: 'a mapping' };
  return [words[b.expected] ?? b.expected];
}

/** A numeric field's refusal of text it read and found no value in: its params say what it takes (scenario/values.ts value). */
export function textRefused(b: Issue): b is Extract<Issue, { code: 'custom' }> {
  return b.code === 'custom' && typeof b.params?.expects === 'string';
}
