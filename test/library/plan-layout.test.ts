/**
 * The library's plan option `pipelineLayout` (src/library/plan.ts, args.ts layoutArg): text the layout
 * rules read; anything else refused at the option's name, as the CLI refuses it at --pipeline-layout.
 */
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/index.js';
import { renderPlan } from '../../src/perf/render.js';
import { thrownInputError } from '../helpers.js';

const GPT3 = { model: 'gpt3-175b', gpu: 'a100-sxm4-80gb', count: 1024, globalBatch: 1536, pp: 8 } as const;

describe('plan({ pipelineLayout })', () => {
  it.each([
    [5, 'expected a pipeline layout such as Et*4|(t*4|)*14tmL, found a number (5)'],
    [['Et*96L'], 'expected a pipeline layout such as Et*4|(t*4|)*14tmL, found a list'],
  ])('%j: refused at pipelineLayout', (value, message) => {
    const e = thrownInputError(() => plan({ ...GPT3, pipelineLayout: value as unknown as string }));
    expect(e.details.keyPath).toBe('pipelineLayout');
    expect(e.message).toBe(message);
  });

  it('a layout that does not fit the model: refused at pipelineLayout with the rule\'s message', () => {
    const e = thrownInputError(() => plan({ ...GPT3, pipelineLayout: 'Et*95L' }));
    expect(e.details.keyPath).toBe('pipelineLayout');
    expect(e.message).toMatch(/the layout has 95 decoder layers \(t\), the model GPT-3 175B has 96/);
  });

  it('a layout that fits: every layout found holds it and its 1 virtual stage per rank', () => {
    const r = plan({ ...GPT3, pipelineLayout: 'Et*12|(t*12|)*6t*12L', top: 2 });
    expect(r.best.length).toBe(2);
    for (const e of r.best) expect(e.layout).toMatchObject({ pp: 8, virtualStages: 1, schedule: '1f1b', pipelineLayout: 'Et*12|(t*12|)*6t*12L' });
  });
});

// Writability sweep: the file's training.mtp_layers and Megatron-Core's split fields are the file's run; plan reads them
// as run does, and --model (the query's model) is trained with the file's MTP modules too (before: 'the layout has 1 MTP
// layers (m), the model DeepSeek-V3 (671B) has 0' for a preset the file trains one on).
describe('plan(scenario) with the file\'s mtp_layers and split fields', () => {
  const scenario = (model: string, parallelism: string) => `model: ${model}\ntraining: {tokens: 1T, seq_len: 4096, global_batch: 4096, mtp_layers: 1}\ncluster: {gpu: h100-sxm, count: 2048, utilization: auto, parallelism: {tp: 2, pp: 16, ep: 64, etp: 1, micro_batch: 1, zero_stage: 1, ${parallelism}}}\n`;
  it.each([
    { name: 'the file\'s model', query: {}, model: 'deepseek-v3', parallelism: 'pipeline_layout: \'Et*4|(t*4|)*14tmL\'' },
    { name: '--model over it', query: { model: 'deepseek-v3' }, model: 'mixtral-8x7b', parallelism: 'pipeline_layout: \'Et*4|(t*4|)*14tmL\'' },
    { name: 'the split fields with MTP', query: {}, model: 'deepseek-v3', parallelism: 'num_layers_in_first_pipeline_stage: 4, num_layers_in_last_pipeline_stage: 1' },
  ])('$name: the layout holds the MTP module', ({ query, model, parallelism }) => {
    const r = plan({ scenario: scenario(model, parallelism), ...query, top: 1 });
    expect(r.best[0]!.layout.pipelineLayout).toBe('Et*4|(t*4|)*14tmL');
  });
});

// Hostile sweep 12: Megatron-Core splits the layers over the pp and virtual stages it runs, so the query's pp and
// virtual stages are the split's. plan --pp 4 on a file's first 3 / last 5 at pp 8 kept the 8 chunks split for pp 8
// (Et*3|(t*12|)*6t*5L), read as pp 4 × 2 virtual stages; --pp 2 planned rank 0 with 3 + 12 + 12 + 12 layers where
// Megatron-Core refuses 3 + 5 of 80 on two stages. A split the file's own pp refuses was told without the file's line.
// Each row fails on the old code.
describe('plan(scenario) with the file\'s split fields and the query\'s stages', () => {
  const scenario = 'model: llama-3-70b\ntraining: {tokens: 1T, seq_len: 4096, global_batch: 1024}\ncluster:\n  gpu: h100-sxm\n  count: 1024\n  utilization: auto\n  parallelism: {tp: 8, pp: 8, num_layers_in_first_pipeline_stage: 3, num_layers_in_last_pipeline_stage: 5}\n';
  it('pp 4: first 3, last 5, the other 72 of the 80 layers over the 2 middle stages (36 each)', () => {
    expect(plan({ scenario, file: 's.yaml', pp: 4, top: 1 }).best[0]!.layout).toMatchObject({ pp: 4, virtualStages: 1, pipelineLayout: 'Et*3|(t*36|)*2t*5L' });
  });
  it.each([
    { name: 'pp 2: 3 + 5 is not the 80 layers', query: { pp: 2 }, keyPath: 'cluster.parallelism.num_layers_in_first_pipeline_stage', at: { file: 's.yaml', line: 7, col: 31 }, message: /3 on the first stage and 5 on the last do not add up to the model's 80 layers over pp 2/ },
    { name: 'virtualStages 2: rank 0\'s 3 layers', query: { virtualStages: 2 }, keyPath: 'virtualStages', at: {}, message: /pipeline rank 0 holds 3 layers, which do not divide over 2 virtual stages/ },
    { name: 'the file\'s own pp 2, at its line', query: {}, text: scenario.replace('pp: 8', 'pp: 2'), keyPath: 'cluster.parallelism.num_layers_in_first_pipeline_stage', at: { file: 's.yaml', line: 7, col: 31 }, message: /over pp 2/ },
  ])('$name: refused', ({ query, text, keyPath, at, message }) => {
    const e = thrownInputError(() => plan({ scenario: text ?? scenario, file: 's.yaml', ...query, top: 1 }));
    expect(e.details.keyPath).toBe(keyPath);
    expect(e.details).toMatchObject(at);
    expect(e.message).toMatch(message);
  });
});

// Hostile sweep 12: run refuses a recompute module that cannot apply to the file's model (scenario/recompute.ts), but
// plan --model planned the query's model with the file's modules unchecked: [mlp] on Mixtral (every layer MoE) was
// planned as if given, recomputing nothing. Now refused at the file's entry. Fails on the old code.
describe('plan(scenario) --model with the file\'s recompute_modules', () => {
  const scenario = 'model: llama-3-70b\ntraining:\n  tokens: 1T\n  global_batch: 1024\n  recompute: selective\n  recompute_modules: [core_attn, mlp]\ncluster: {gpu: h100-sxm, count: 1024, utilization: auto}\n';
  it('mlp on a model whose every layer is MoE: refused at its entry', () => {
    const e = thrownInputError(() => plan({ scenario, file: 's.yaml', model: 'mixtral-8x7b', top: 1 }));
    expect(e.details).toMatchObject({ file: 's.yaml', line: 6, col: 34, keyPath: 'training.recompute_modules[1]' });
    expect(e.message).toMatch(/every layer of this model is MoE/);
  });
  it('a dense model: planned', () => {
    expect(plan({ scenario, model: 'llama-3-8b', top: 1 }).best.length).toBe(1);
  });
  // The plan said `fixed: recompute=selective` (and --json nothing) whatever the modules it counted, as run did before
  // 3150471. Now it names them where the selective layouts read them; a query's --recompute full reads none. Fails on
  // the old code.
  it.each([
    { name: 'the file\'s modules', query: {}, modules: ['core_attn', 'mlp'], line: 'fixed: recompute=selective, recompute_modules=[core_attn, mlp]' },
    { name: '--recompute full over them', query: { recompute: 'full' as const }, modules: undefined, line: 'fixed: recompute=full' },
  ])('$name: named in the plan', ({ query, modules, line }) => {
    const r = plan({ scenario, model: 'llama-3-8b', ...query, top: 1 });
    expect(r.recomputeModules).toEqual(modules);
    expect(renderPlan(r).split('\n')[1]).toBe(line);
  });
});
