/** `flopcast models [filter]`: a filter no preset id holds is a typo, as `hardware --vendor` treats one. */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('flopcast models FILTER', () => {
  it.each([
    { filter: 'llama', ids: ['llama-3-8b', 'llama-3-70b'] },
    { filter: 'LLAMA-3-8', ids: ['llama-3-8b'] },
  ])('$filter lists the ids holding it', async ({ filter, ids }) => {
    const r = await runCli(['models', filter, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const got = (JSON.parse(r.stdout) as { models: { id: string }[] }).models.map((m) => m.id);
    expect(got).toEqual(expect.arrayContaining(ids));
    expect(got.every((id) => id.includes(filter.toLowerCase()))).toBe(true);
  });
  it.each([
    // It printed an empty table (or {"models": []}) with exit 0.
    { filter: 'lamma-3-8b', stderr: 'error: no preset id contains `lamma-3-8b`\n  hint: did you mean `llama-3-8b`?\n' },
    { filter: 'gp\u0442', stderr: 'error: no preset id contains `gp\u0442`\n  hint: did you mean `gpt2`? (what was written holds U+0442, not ASCII: a look-alike character)\n' },
    { filter: 'zzzzzzzz', stderr: 'error: no preset id contains `zzzzzzzz`\n  hint: run `flopcast models` for every preset\n' },
    // an empty filter listed every preset (every id includes ''), where ' ' was refused as a filter no id holds
    { filter: '', stderr: 'error: the filter needs text, found an empty string\n  hint: leave it out to list every preset\n' },
    { filter: ' ', stderr: 'error: the filter needs text, found an empty string\n  hint: leave it out to list every preset\n' },
  ])('$filter (no id holds it): exit 2, not an empty list', async ({ filter, stderr }) => {
    for (const json of [[], ['--json']]) {
      const r = await runCli(['models', filter, ...json]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toEqual(stderr);
    }
  });
});

// Hostile sweep 19: a filter written as the name is (`llama 3`, `llama_3`) was 'no preset id contains `llama 3`', where
// the ids write `llama-3`; fails on the old code.
describe('flopcast models: a filter with spaces or underscores', () => {
  it.each(['llama 3', 'llama_3', 'Llama 3 8B'])('%s reads as the ids write it', async (filter) => {
    const r = await runCli(['models', filter, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const got = (JSON.parse(r.stdout) as { models: { id: string }[] }).models.map((m) => m.id);
    expect(got).toContain(filter === 'Llama 3 8B' ? 'llama-3-8b' : 'llama-3-70b');
  });
});
