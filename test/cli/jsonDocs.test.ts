/**
 * Every field `run --json`, `plan --json` and `budget --json` print is named in the README (in code, `field` or a path
 * or sample holding it), where a notebook user looks one up: the keys at every depth, except the keys of data maps
 * (skip reasons, held-out set names, GPU ids). Fails on the old README: 55 field names were in none of its code, among
 * them run's `throughput_from`, `memory_capacity_bytes` and `layouts_evaluated`, plan's `shortfall` and `micro_batches`,
 * and budget's `rule_of_thumb`, `loss_law` and `budget_compute_flops`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
/** The words of the README's code: its `spans` and fenced blocks. */
const CODE_WORDS = new Set([...README.matchAll(/```[^\n]*\n([\s\S]*?)```|`([^`\n]+)`/g)].flatMap((m) => (m[1] ?? m[2]!).split(/[^A-Za-z0-9_]+/)));

/** Every key in `value` at every depth, with its path, except the keys of the data maps at `dataMaps`. */
function keys(value: unknown, dataMaps: readonly string[], path = ''): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v) => keys(v, dataMaps, `${path}[]`));
  if (value === null || typeof value !== 'object') return [];
  const keysAreData = dataMaps.includes(path.replace(/^(options|results)\[\]\./, ''));
  return Object.entries(value).flatMap(([k, v]) => {
    const at = path ? `${path}.${k}` : k;
    return [...(keysAreData ? [] : [[k, at] as [string, string]]), ...keys(v, dataMaps, at)];
  });
}

const TINY = 'test/fixtures/scenarios/tiny-long-context.yaml';
const PLAN_MAPS = ['skipped', 'unseen_median_abs_error', 'kind_record.gpus'];
const CASES: { args: string[]; code?: number; dataMaps?: string[] }[] = [
  { args: ['run', 'scenarios/deepseek-v3.yaml', 'scenarios/cluster-options.yaml', 'scenarios/rent-or-buy.yaml', 'scenarios/llama-65b.yaml'], dataMaps: ['unseen_median_abs_error'] },
  { args: ['run', 'scenarios/cluster-options.yaml', '--count', '2048', '--price', '2.5', '--deadline', '90 days', '--budget', '30M'] },
  { args: ['run', TINY], dataMaps: ['unseen_median_abs_error'] },
  { args: ['plan', 'scenarios/deepseek-v3.yaml', '--throughput-scale', '0.9'], dataMaps: PLAN_MAPS },
  { args: ['plan', '--model', 'mixtral-8x7b', '--gpu', 'h100-sxm', '--count', '64', '--global-batch', '256', '--seq-len', '4096', '--moe-capacity-factor', '1.25', '--moe-capacity-padding'], dataMaps: PLAN_MAPS },
  { args: ['plan', TINY], dataMaps: PLAN_MAPS },
  { args: ['plan', '--model', 'gpt3-175b', '--gpu', 'a100-sxm4-80gb', '--count', '8', '--global-batch', '8'], code: 1, dataMaps: PLAN_MAPS },
  { args: ['budget', '--usd', '5M', '--deadline', '60 days', '--gpu', 'h100-sxm', '--count', '1024'] },
  { args: ['budget', '--flops', '5.76e23', '--gpu', 'a100-sxm4-80gb', '--count', '1024'] },
  { args: ['budget', '--model', 'llama-3.1-8b', '--tokens', '1T', '--usd', '1M', '--deadline', '30 days', '--gpu', 'h100-sxm', '--count', '64', '--seq-len', '131072'] },
  { args: ['budget', '--model', 'llama-3.1-8b', '--usd', '1M', '--gpu', 'h100-sxm', '--count', '64', '--seq-len', '131072'] },
  { args: ['budget', 'scenarios/cluster-options.yaml', '--usd', '5M', '--deadline', '90 days'] },
  { args: ['budget', TINY, '--usd', '1M'], dataMaps: ['unseen_median_abs_error'] },
];

describe('every --json field of run, plan and budget is named in the README', () => {
  it.each(CASES.map((c) => ({ ...c, name: c.args.join(' ') })))('$name --json', async ({ args, code = 0, dataMaps = [] }) => {
    const r = await runCli([...args, '--json']);
    expect(r.code, r.stderr).toBe(code);
    const missing = new Map(keys(JSON.parse(r.stdout), dataMaps).filter(([k]) => !CODE_WORDS.has(k)));
    expect([...missing].map(([k, at]) => `${k} (${at})`)).toEqual([]);
  }, 60_000);
});
