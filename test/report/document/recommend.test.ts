/** src/report/document/recommend.ts: the recommendation's budget sentence. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOOD_SCENARIO } from '../../helpers.js';
import { runCli } from '../../cli/run-cli.js';
import { usd } from '../../../src/report/format.js';

const dir = mkdtempSync(join(tmpdir(), 'flopcast-recommend-'));

// hostile sweep 17: a cost equal to the budget read "It leaves $0 of the budget unspent." (fails on the old code). The
// budget is the scenario's own cost, read from run --json, times a factor; equal within compareNear's tolerance is equal.
describe('what the recommended option leaves of the budget', () => {
  it.each([
    [1, 'It spends the whole budget.'],
    [1 + 1e-12, 'It spends the whole budget.'],
    // twice the cost leaves the cost
    [2, (cost: number) => `It leaves ${usd(cost)} of the budget unspent.`],
  ])('budget = cost × %d', async (factor, said) => {
    const cost = JSON.parse((await runCli(['run', write('cost.yaml', GOOD_SCENARIO), '--json'])).stdout).results[0].cost_usd as number;
    const sentence = typeof said === 'string' ? said : said(cost);
    const r = await runCli(['report', write(`b${factor}.yaml`, `${GOOD_SCENARIO}constraints: {budget: ${cost * factor}}\n`), '--format', 'markdown']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(sentence);
    expect(r.stdout).not.toContain('It leaves $0 ');
  });
});

function write(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}
