import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';
import { run } from '../../src/index.js';
import { formattedError } from '../helpers.js';

describe('scenario JSON Schema', () => {
  it('the committed schema/scenario.schema.json is what `flopcast schema` prints (regenerate with: npx flopcast schema > schema/scenario.schema.json)', () => {
    const committed = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'scenario.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });
  // newuser35 F5: every whole count (cluster.count, tp, micro_batch, ...) carried a token count's example, "(a number such as
  // 300B, 1.4T or 20 * params)", in an editor's tooltip. Each numeric field's example is of its own kind; fails on the old code.
  it.each([
    [['cluster', 'count'], 'a whole number such as 8, 1024 or 2 * 512'],
    [['cluster', 'parallelism', 'tp'], 'a whole number such as 8, 1024 or 2 * 512'],
    [['cluster', 'parallelism', 'micro_batch'], 'a whole number such as 8, 1024 or 2 * 512'],
    [['training', 'tokens'], 'a number such as 300B, 1.4T or 20 * params'],
  ])('%j is described with %s', (path, example) => {
    let node = scenarioJsonSchema() as Record<string, any>;
    for (const k of path) {
      const props = node.properties ?? node.anyOf?.find((b: any) => b.properties?.[k])?.properties;
      node = props[k];
    }
    const description = JSON.stringify(node);
    expect(description).toContain(example);
    if (!example.includes('300B')) expect(description).not.toContain('300B');
  });
  it('is strict draft-07 with descriptions, so editors flag typos', () => {
    const s = scenarioJsonSchema() as { $schema: string; additionalProperties: boolean; properties: Record<string, { description?: string }> };
    expect(s.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(s.additionalProperties).toBe(false);
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['model', 'training', 'cluster', 'pricing', 'energy', 'overheads', 'constraints', 'matrix']));
  });
  // Library trial (libuser22): scenarios/megatron-1t.yaml writes `d_ff: 4 * d_model`, which a scenario's inline model
  // takes (src/scenario/model.ts), and its own schema said `d_ff` was an integer: an editor flagged a bundled file.
  // Each field of every bundled inline model is held to the schema's `type` and `anyOf` (the keywords a validator
  // reads for a field's kind); fails on the old code.
  it('takes every bundled scenario\'s inline model, arithmetic included', () => {
    type Node = { type?: string | string[]; anyOf?: Node[] };
    const accepts = (node: Node, kinds: string[]): boolean =>
      [node.type ?? []].flat().some((t) => kinds.includes(t)) || (node.anyOf ?? []).some((b) => accepts(b, kinds));
    const kindsOf = (v: unknown): string[] =>
      typeof v === 'number' ? (Number.isInteger(v) ? ['integer', 'number'] : ['number']) : Array.isArray(v) ? ['array'] : v === null ? ['null'] : [typeof v];
    const model = (scenarioJsonSchema() as { properties: { model: { anyOf: { properties?: Record<string, Node> }[] } } }).properties.model;
    const inline = model.anyOf.find((b) => b.properties)!.properties!;
    const dir = join(PACKAGE_ROOT, 'scenarios');
    const refused: string[] = [];
    let fields = 0;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      const m = (parse(readFileSync(join(dir, f), 'utf8')) as { model: unknown }).model;
      if (typeof m !== 'object' || m === null) continue;
      for (const [k, v] of Object.entries(m)) {
        fields++;
        if (!inline[k] || !accepts(inline[k], kindsOf(v))) refused.push(`${f}: model.${k}: ${JSON.stringify(v)}`);
      }
    }
    expect(fields).toBeGreaterThan(0);
    expect(refused).toEqual([]);
  });
});

// Hostile sweep 19: pricing without kind but with a field of one kind (`capex_usd_per_gpu`, owned's) was told "give kind
// or usd_per_gpu_hour | e.g. kind: on_demand", a kind that then refuses the field; each row fails on the old code.
describe('pricing without kind, with a field of one kind', () => {
  const S = (pricing: string) => `model: gpt2\ntraining: {tokens: 1B, global_batch: 8}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\npricing: {${pricing}}\n`;
  it.each([
    ['capex_usd_per_gpu: 30000, amortization_years: 4', 'capex_usd_per_gpu is kind: owned\'s: write kind: owned'],
    ['capex_usd_per_node: 300k, gpus_per_node: 8', 'capex_usd_per_node is kind: owned\'s: write kind: owned'],
    ['interruption_overhead: 0.1', 'interruption_overhead is kind: spot\'s: write kind: spot'],
  ])('%s', (pricing, hint) => {
    const e = formattedError(() => run(S(pricing)));
    expect(e).toContain('pricing.kind: give kind or usd_per_gpu_hour');
    expect(e).toContain(`hint: ${hint}`);
  });
  it('with neither, the examples', () => {
    expect(formattedError(() => run(S('fixed_usd: 5')))).toContain('hint: e.g. kind: on_demand, or usd_per_gpu_hour: 2.5');
  });
});
