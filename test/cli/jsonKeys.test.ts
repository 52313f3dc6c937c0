/**
 * One key convention in every `--json`: snake_case field names with their units (`step_time_seconds`, `memory_bytes`), as
 * scenario files write them. Each command's JSON is walked at every depth for a camelCase key (a lower-case letter or
 * digit, then a capital: `gpuCount`, `memoryGB`); the keys of data maps (skip reasons, held-out set names, GPU ids,
 * precisions) are data and are not read. Fails on the old code: plan --json said gpuCount, layout.microBatch,
 * prediction.stepTimeSeconds; hardware --json memoryGB, onDemandUsdPerHour; hardware show memoryBytes, scaleUp.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const CAMEL = /[a-z0-9][A-Z]/;

/** The paths (array indices as `[]`) of every camelCase key in `value`, except the keys of the data maps at `dataMaps`. */
function camelKeys(value: unknown, dataMaps: readonly string[], path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => camelKeys(v, dataMaps, `${path}[]`));
  if (value === null || typeof value !== 'object') return [];
  const keysAreData = dataMaps.includes(path);
  return Object.entries(value).flatMap(([k, v]) => {
    const at = path ? `${path}.${k}` : k;
    return [...(!keysAreData && CAMEL.test(k) ? [at] : []), ...camelKeys(v, dataMaps, at)];
  });
}

/** JSON Schema's own camelCase keywords (draft 7 and 2020-12), which `flopcast schema` writes as the standard spells them. */
const JSON_SCHEMA_KEYWORDS = new Set(['anyOf', 'allOf', 'oneOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'exclusiveMinimum', 'exclusiveMaximum', 'additionalProperties', 'additionalItems', 'prefixItems', 'patternProperties', 'propertyNames', 'uniqueItems', 'minProperties', 'maxProperties', 'multipleOf']);
const schemaKeyword = (path: string): boolean => JSON_SCHEMA_KEYWORDS.has(path.split('.').pop()!);

const dir = mkdtempSync(join(tmpdir(), 'flopcast-json-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PLAN_MAPS = ['skipped', 'unseen_median_abs_error', 'kind_record.gpus'];
const CASES: { command: string; args: string[]; code?: number; dataMaps?: string[]; allowed?: (path: string) => boolean }[] = [
  { command: 'flops', args: ['flops', 'deepseek-v3', '--tokens', '14.8T'] },
  { command: 'flops', args: ['flops', 'gpt3-175b', '--recompute', 'selective'] },
  { command: 'run', args: ['run', 'scenarios/deepseek-v3.yaml', 'scenarios/cluster-options.yaml', 'scenarios/rent-or-buy.yaml', 'scenarios/llama-65b.yaml'] },
  { command: 'report', args: ['report', 'scenarios/cluster-options.yaml', '--out', join(dir, 'r.md')] },
  { command: 'budget', args: ['budget', '--usd', '5M', '--deadline', '60 days', '--gpu', 'h100-sxm', '--count', '1024'] },
  { command: 'budget', args: ['budget', '--model', 'llama-3.1-8b', '--tokens', '1T', '--gpu', 'h100-sxm', '--count', '64'] },
  // budget FILE: one run (budget --model's keys), and a file of several (one entry a run, under options).
  { command: 'budget', args: ['budget', 'scenarios/llama-65b.yaml', '--usd', '1M', '--count', '512', '--goodput', '0.9'] },
  { command: 'budget', args: ['budget', 'scenarios/cluster-options.yaml', '--usd', '5M', '--deadline', '90 days'] },
  { command: 'run', args: ['run', 'scenarios/cluster-options.yaml', '--count', '2048', '--price', '2.5', '--deadline', '90 days', '--budget', '30M'] },
  { command: 'models', args: ['models'] },
  { command: 'hardware', args: ['hardware'] },
  { command: 'hardware', args: ['hardware', 'show', 'h100-sxm'], dataMaps: ['peak_flops_per_second'] },
  { command: 'hardware', args: ['hardware', 'show', 'gb200'], dataMaps: ['peak_flops_per_second'] },
  { command: 'prices', args: ['prices'] },
  { command: 'prices', args: ['prices', 'h100-sxm'] },
  { command: 'schema', args: ['schema'], allowed: schemaKeyword },
  { command: 'schema', args: ['schema', 'hardware'], allowed: schemaKeyword },
  { command: 'schema', args: ['schema', 'model'], allowed: schemaKeyword },
  { command: 'plan', args: ['plan', 'scenarios/deepseek-v3.yaml', '--throughput-scale', '0.9'], dataMaps: PLAN_MAPS },
  { command: 'plan', args: ['plan', '--model', 'mixtral-8x7b', '--gpu', 'h100-sxm', '--count', '64', '--global-batch', '256', '--seq-len', '4096', '--stack', 'maxtext', '--moe-capacity-factor', '1.25', '--moe-capacity-padding'], dataMaps: PLAN_MAPS },
  // Nothing fits: the nearest miss and the shortfall, exit 1.
  { command: 'plan', args: ['plan', '--model', 'gpt3-175b', '--gpu', 'a100-sxm4-80gb', '--count', '8', '--global-batch', '8'], code: 1, dataMaps: PLAN_MAPS },
  { command: 'validate', args: ['validate', 'examples/own-runs.yaml'] },
  { command: 'validate', args: ['validate', '--by-kind'] },
  { command: 'validate', args: ['validate'] },
  { command: 'completion', args: ['completion'] },
  { command: 'help', args: ['run', '--help'] },
  { command: 'version', args: ['--version'] },
];
/** Commands whose --json is checked elsewhere: `ui` serves until stopped; test/ui/server.test.ts holds its keys to exactly ['url']. */
const ELSEWHERE = ['ui'];

describe('no --json output has a camelCase key', () => {
  it.each(CASES.map((c) => ({ ...c, name: c.args.join(' ') })))('$name --json', async ({ args, code = 0, dataMaps = [], allowed = () => false }) => {
    const r = await runCli([...args, '--json']);
    expect(r.code, r.stderr).toBe(code);
    expect(camelKeys(JSON.parse(r.stdout), dataMaps).filter((p) => !allowed(p))).toEqual([]);
  }, 60_000);

  it('the table holds every command `flopcast --help` lists', async () => {
    const help = (await runCli(['--help'])).stdout;
    const commands = [...help.matchAll(/^ {2}flopcast (\w+)/gm)].map((m) => m[1]!);
    expect(commands.length).toBeGreaterThan(10);
    expect(commands.filter((c) => !CASES.some((k) => k.command === c) && !ELSEWHERE.includes(c))).toEqual([]);
  });

  // The walk itself: a camelCase key at any depth is found, a data map's keys are not read, and a capital alone
  // (budget's loss_law E, A, B: Hoffmann et al.'s symbols) is no camelCase.
  it.each([
    { value: { a: [{ b: { stepTimeSeconds: 1 } }] }, maps: [], found: ['a[].b.stepTimeSeconds'] },
    { value: { memoryGB: 1, E: 1, fp8: 2, x_y: 3 }, maps: [], found: ['memoryGB'] },
    { value: { skipped: { 'DualPipe needs an even pp': 1 }, best: [{ layout: { microBatch: 1 } }] }, maps: ['skipped'], found: ['best[].layout.microBatch'] },
  ])('camelKeys($value)', ({ value, maps, found }) => {
    expect(camelKeys(value, maps)).toEqual(found);
  });
});
