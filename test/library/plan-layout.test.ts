/**
 * The library's plan option `pipelineLayout` (src/library/plan.ts, args.ts layoutArg): text the layout
 * rules read; anything else refused at the option's name, as the CLI refuses it at --pipeline-layout.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { plan, type PlanQuery } from '../../src/index.js';
import { renderPlan } from '../../src/perf/render.js';
import { planReport } from '../../src/library/plan.js';
import { fileSources } from '../../src/cli/load/sources.js';
import type { ModelInput } from '../../src/model/schema.js';
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
    for (const e of r.best) expect(e.layout).toMatchObject({ pp: 8, virtual_stages: 1, schedule: '1f1b', pipeline_layout: 'Et*12|(t*12|)*6t*12L' });
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
    expect(r.best[0]!.layout.pipeline_layout).toBe('Et*4|(t*4|)*14tmL');
  });
});

// Follow-up to the writability sweep: the split fields are Megatron-Core's flags, read at the run's pp and virtual stages
// (as a matrix cell over cluster.parallelism.pp reads them in run). Before, plan kept the layout built at the file's pp:
// --pp 4 on the 405B recipe's pp 8 × vp 2 was refused at virtual_stages ("the pipeline_layout's 16 chunks on pp = 4 ranks
// are 4 virtual stages"), and DeepSeek-V3's pp 16 layout ran silently as pp 8 × vp 2 under --pp 8.
describe('plan(scenario) with the file\'s split fields and an overriding pp or virtual_stages', () => {
  const L405 = 'model: llama-3.1-405b\ntraining: {tokens: 1T, seq_len: 8192, global_batch: 512}\ncluster: {gpu: h100-sxm, count: 1024, utilization: auto, parallelism: {tp: 8, pp: 8, virtual_stages: 2, account_for_embedding_in_pipeline_split: true, account_for_loss_in_pipeline_split: true}}\n';
  const DSV3 = 'model: deepseek-v3\ntraining: {tokens: 1T, seq_len: 4096, global_batch: 4096, mtp_layers: 1}\ncluster: {gpu: h100-sxm, count: 2048, utilization: auto, parallelism: {tp: 2, pp: 16, ep: 64, etp: 1, micro_batch: 1, zero_stage: 1, num_layers_in_first_pipeline_stage: 4, num_layers_in_last_pipeline_stage: 1}}\n';
  // The layouts by hand from get_num_layers_to_build: 405B's 126 layers + embedding + loss = 128 over pp·vp chunks, the
  // first chunk one layer fewer for E, the last one fewer for L; DeepSeek-V3's 61 less 4 first and 1 last over pp − 2 ranks.
  it.each([
    { name: '405B --pp 4: 128 / 4 ranks / 2 = 16 a chunk', file: L405, query: { pp: 4 }, layout: 'Et*15|(t*16|)*6t*15L', pp: 4, v: 2 },
    { name: '405B --virtual-stages 4: 128 / 8 / 4 = 4 a chunk', file: L405, query: { virtualStages: 4 }, layout: 'Et*3|(t*4|)*30t*3L', pp: 8, v: 4 },
    { name: '405B --pp 16 --virtual-stages 8: one a chunk, the embedding and the loss alone', file: L405, query: { pp: 16, virtualStages: 8 }, layout: 'E|(t|)*126L', pp: 16, v: 8 },
    { name: 'DeepSeek-V3 --pp 4: (61 − 5) / 2 = 28 on the middle ranks', file: DSV3, query: { pp: 4 }, layout: 'Et*4|(t*28|)*2tmL', pp: 4, v: 1 },
  ])('$name', ({ file, query, layout, pp, v }) => {
    const r = plan({ scenario: file, ...query, top: 1 });
    expect(r.best[0]!.layout).toMatchObject({ pipeline_layout: layout, pp, virtual_stages: v });
  });

  it.each([
    { name: '405B --pp 3: 128 does not divide over 3', file: L405, query: { pp: 3 }, keyPath: 'pp', message: /^the file's account_for_embedding_in_pipeline_split and account_for_loss_in_pipeline_split cannot place the layers at pp 3: the 126 layers plus the embedding plus the loss \(128\) do not divide over pp 3/ },
    { name: '405B --virtual-stages 3: 16 a rank does not divide over 3', file: L405, query: { virtualStages: 3 }, keyPath: 'virtualStages', message: /cannot place the layers at virtualStages 3: pipeline rank 0 holds 16 layers, which do not divide over 3 virtual stages/ },
    { name: 'DeepSeek-V3 --pp 8: 56 layers over 6 ranks', file: DSV3, query: { pp: 8 }, keyPath: 'pp', message: /^the file's num_layers_in_first_pipeline_stage and num_layers_in_last_pipeline_stage cannot place the layers at pp 8: 4 on the first stage and 1 on the last leave 56 of the 61 layers for 6 stages/ },
  ])('$name: refused at the override, naming the split fields', ({ file, query, keyPath, message }) => {
    const e = thrownInputError(() => plan({ scenario: file, ...query }));
    expect([e.details.keyPath, e.message]).toEqual([keyPath, expect.stringMatching(message)]);
    expect(e.details.hint).toMatch(/give pipelineLayout to place the layers yourself$/);
  });

  // It was refused by the layout rule for a pipeline_layout the file did not write, with the hint to drop it.
  // Review: any overriding schedule counted as moved, so the file's own bad split was blamed on --schedule, without its line.
  it('a file\'s own bad split with another --schedule: still at the file\'s key and line', () => {
    const bad = DSV3.replace('num_layers_in_first_pipeline_stage: 4', 'num_layers_in_first_pipeline_stage: 3');
    const e = thrownInputError(() => plan({ scenario: bad, file: 'f.yaml', schedule: 'interleaved' }));
    expect([e.details.file, e.details.keyPath]).toEqual(['f.yaml', 'cluster.parallelism.num_layers_in_first_pipeline_stage']);
  });

  it('DeepSeek-V3 --schedule dualpipe: refused at the override, naming the split fields and the schedule', () => {
    const e = thrownInputError(() => plan({ scenario: DSV3, schedule: 'dualpipe' }));
    expect([e.details.keyPath, e.message, e.details.hint]).toEqual(['schedule',
      "the file's num_layers_in_first_pipeline_stage and num_layers_in_last_pipeline_stage cannot place the layers at schedule dualpipe: num_layers_in_first_pipeline_stage splits the layers for Megatron-Core's 1F1B or interleaved schedule, found schedule dualpipe",
      'DualPipe takes no split: give another schedule, or remove the split fields']);
  });

  it('a split the file\'s own pp refuses is refused at the file\'s key and line (before: no file, no line)', () => {
    const e = thrownInputError(() => plan({ scenario: L405.replace('account_for_embedding_in_pipeline_split: true, ', ''), file: 'f.yaml' }));
    expect([e.details.file, e.details.line, e.details.keyPath]).toEqual(['f.yaml', 3, 'cluster.parallelism.account_for_loss_in_pipeline_split']);
  });
});

// Follow-up: plan --model had no way to train the MTP modules a recipe prints (a scenario's training.mtp_layers). The
// query's mtpLayers is that rule (scenario/model.ts mtpTrained), over the model's depth and the file's: the same run as
// the scenario gives it, and the split fields place as many `m` as it trains. Refused as an unknown option on the old code.
describe('plan({ mtpLayers })', () => {
  const layout = { tp: 2, pp: 16, ep: 64, etp: 1, microBatch: 1, zero: 1 as const, cp: 1 };
  const query = { model: 'deepseek-v3', gpu: 'h100-sxm', count: 2048, globalBatch: 4096, seqLen: 4096, ...layout, pipelineLayout: 'Et*4|(t*4|)*14tmL', top: 1 };
  const file = (training: string, parallelism: string) => `model: deepseek-v3\ntraining: {tokens: 1T, seq_len: 4096, global_batch: 4096${training}}\ncluster: {gpu: h100-sxm, count: 2048, utilization: auto, parallelism: {tp: 2, pp: 16, cp: 1, ep: 64, etp: 1, micro_batch: 1, zero_stage: 1, ${parallelism}}}\n`;
  it('--model with mtpLayers 1 is the scenario\'s run with mtp_layers: 1', () => {
    const fromQuery = plan({ ...query, mtpLayers: 1 }).best[0]!;
    const fromFile = plan({ scenario: file(', mtp_layers: 1', "pipeline_layout: 'Et*4|(t*4|)*14tmL'"), top: 1 }).best[0]!;
    expect(fromQuery.layout).toEqual(fromFile.layout);
    expect(fromQuery.prediction.step_time_seconds).toBe(fromFile.prediction.step_time_seconds);
  });
  const split = 'num_layers_in_first_pipeline_stage: 4, num_layers_in_last_pipeline_stage: 1';
  it.each([
    { name: 'the file trains 1, the query 0', scenario: file(', mtp_layers: 1', split), q: { mtpLayers: 0 }, layout: 'Et*4|(t*4|)*14tL' },
    { name: 'the file trains none, the query 2', scenario: file('', split), q: { mtpLayers: '2' }, layout: 'Et*4|(t*4|)*14tmmL' },
    { name: '--model over the file\'s, with the query\'s 2 over the file\'s 1', scenario: file(', mtp_layers: 1', split), q: { model: 'deepseek-v3', mtpLayers: 2 }, layout: 'Et*4|(t*4|)*14tmmL' },
  ])('$name: the split places its modules', ({ scenario, q, layout: placed }) => {
    expect(plan({ scenario, ...q, top: 1 }).best[0]!.layout.pipeline_layout).toBe(placed);
  });
  it.each([
    { q: { ...query, mtpLayers: 100 }, refused: 'mtpLayers: 100 is more multi-token-prediction modules than the model has layers (61): each is one more block like its last' },
    { q: { scenario: file('', split), mtpLayers: -1 }, refused: 'mtpLayers: expected 0 or a positive number, found -1' },
  ])('$refused', ({ q, refused }) => {
    const e = thrownInputError(() => plan(q));
    expect(`${e.details.keyPath}: ${e.message}`).toBe(refused);
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
    expect(plan({ scenario, file: 's.yaml', pp: 4, top: 1 }).best[0]!.layout).toMatchObject({ pp: 4, virtual_stages: 1, pipeline_layout: 'Et*3|(t*36|)*2t*5L' });
  });
  it.each([
    // At the override, naming the file's split fields (the follow-up's rule above): the file's own pp places them.
    { name: 'pp 2: 3 + 5 is not the 80 layers', query: { pp: 2 }, keyPath: 'pp', at: {}, message: /^the file's num_layers_in_first_pipeline_stage and num_layers_in_last_pipeline_stage cannot place the layers at pp 2: 3 on the first stage and 5 on the last do not add up to the model's 80 layers over pp 2/ },
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
    const q = { scenario, model: 'llama-3-8b', ...query, top: 1 };
    expect(plan(q).recompute_modules).toEqual(modules);
    expect(renderPlan(planReport(fileSources({}), q)).split('\n')[1]).toBe(line);
  });
  // The stack planned must have the list (stack.ts can.recomputeModules): the query's stack at its option, the file's at
  // the key; a query's recompute full reads no module. The first two were planned as Megatron-Core runs them.
  it.each([
    { name: 'stack deepspeed from the query', file: scenario, query: { stack: 'deepspeed' }, at: { keyPath: 'stack' }, message: /^stack deepspeed has no recompute_modules/, hint: 'or use stack megatron-core \\(its modules\\), olmo-core \\(attention, feed_forward\\), torchtitan \\(op\\) or maxtext \\(a remat policy: minimal, save_qkv_proj, …\\)' },
    // MaxText names its remat policies (2026-12-03, src/flops/rematPolicy.ts): Megatron-Core's are refused, naming the owner.
    { name: 'stack maxtext from the query', file: scenario, query: { stack: 'maxtext' }, at: { keyPath: 'stack' }, message: /^`core_attn` is Megatron-Core's module, not stack maxtext's/, hint: 'stack maxtext names minimal_with_context, .+, save_out_proj; or use stack megatron-core' },
    // TorchTitan names its own (op, 2026-12-03): Megatron-Core's are refused at their entry.
    { name: 'stack torchtitan from the file', file: scenario.replace('  recompute: selective\n', '  recompute: selective\n  stack: torchtitan\n'), query: {}, at: { file: 's.yaml', line: 7, keyPath: 'training.recompute_modules[0]' }, message: /^`core_attn` is Megatron-Core's module, not stack torchtitan's/, hint: 'stack torchtitan names op; or use training.stack: megatron-core' },
  ])('$name: refused, naming the stack', ({ file, query, at, message, hint }) => {
    const e = thrownInputError(() => plan({ scenario: file, file: 's.yaml', ...query, top: 1 }));
    expect(e.details).toMatchObject(at);
    expect(e.message).toMatch(message);
    expect(e.details.hint).toMatch(new RegExp(`${hint}$`));
  });
  it('stack torchtitan from the query with recompute full: planned (no module read)', () => {
    expect(plan({ scenario, stack: 'torchtitan', recompute: 'full', top: 1 }).best.length).toBe(1);
  });
  // recompute_every is TorchTitan's every N-th block (stack.ts can.blockInterval): a query's other stack is refused at its
  // option, as the file's own stack is at the key (test/scenario/recompute.test.ts). Fails on the old code (no such key).
  it('recompute_every under the query\'s stack megatron-core: refused at the option; under the file\'s torchtitan: planned', () => {
    const every = 'model: gpt2\ntraining: {tokens: 1B, seq_len: 1024, global_batch: 64, stack: torchtitan, recompute: full, recompute_every: 2}\ncluster: {gpu: h100-sxm, count: 8, utilization: auto, parallelism: {tp: 1, pp: 1, cp: 1, dp: 8, micro_batch: 8, zero_stage: 3}}\n';
    const e = thrownInputError(() => plan({ scenario: every, file: 's.yaml', stack: 'megatron-core', top: 1 }));
    expect(e.details).toMatchObject({ keyPath: 'stack', hint: 'write recompute_layers (a count of each chunk\'s layers) instead, or use stack torchtitan' });
    expect(e.message).toMatch(/^stack megatron-core has no every N-th block recomputation/);
    expect(plan({ scenario: every, top: 1 }).best[0]!.layout.recompute_layers).toBe(6);
  });
});

// A file's pipeline_layout against a count the query set: --mtp-layers' MTP layers or --model's decoder layers are the
// cause, named at the option, as --schedule is. Before: refused at cluster.parallelism.pipeline_layout, the file's line,
// naming no option the user gave.
describe('plan(scenario) with a pipeline_layout, and mtpLayers or model over the file\'s', () => {
  const scenario = "model: deepseek-v3\ntraining: {tokens: 1T, seq_len: 4096, global_batch: 4096, mtp_layers: 1}\ncluster:\n  gpu: h800-sxm\n  count: 2048\n  utilization: auto\n  parallelism: {pp: 4, pipeline_layout: 'Et*4|(t*4|)*14tmL'}\n";
  // The key's place, as errors at a key give it: line 7, after the 23 characters of `  parallelism: {pp: 4, `.
  it.each([
    { q: { mtpLayers: 2 }, keyPath: 'mtpLayers', message: /the layout has 1 MTP layers \(m\), the model DeepSeek-V3 \(671B\) has 2$/, hint: "in the scenario's pipeline_layout (f.yaml:7:24): write 2 m; or give mtpLayers the count it places" },
    { q: { mtpLayers: 0 }, keyPath: 'mtpLayers', message: /the layout has 1 MTP layers \(m\), the model DeepSeek-V3 \(671B\) has 0$/, hint: "in the scenario's pipeline_layout (f.yaml:7:24): leave m out: the model has no multi-token prediction; or give mtpLayers the count it places" },
    { q: { model: 'mixtral-8x7b' }, keyPath: 'model', message: /the layout has 61 decoder layers \(t\), the model Mixtral 8x7B has 32$/, hint: "in the scenario's pipeline_layout (f.yaml:7:24): write 32 t; or plan the file's own model" },
  ])('$q: refused at the option', ({ q, keyPath, message, hint }) => {
    const e = thrownInputError(() => plan({ scenario, file: 'f.yaml', ...q }));
    expect([e.details.file, e.details.keyPath, e.details.hint]).toEqual([undefined, keyPath, hint]);
    expect(e.message).toMatch(message);
  });

  // A scenario given as an object has no lines: the hint printed '<scenario>:0:0'.
  it('a scenario object: the hint names no place', () => {
    const e = thrownInputError(() => plan({ scenario: parse(scenario), mtpLayers: 2 }));
    expect([e.details.keyPath, e.details.hint]).toEqual(['mtpLayers', "in the scenario's pipeline_layout: write 2 m; or give mtpLayers the count it places"]);
  });

  it('the file\'s own mtp_layers against its layout stays at the file\'s key and line', () => {
    const e = thrownInputError(() => plan({ scenario: scenario.replace('mtp_layers: 1', 'mtp_layers: 2'), file: 'f.yaml' }));
    expect([e.details.file, e.details.line, e.details.keyPath]).toEqual(['f.yaml', 7, 'cluster.parallelism.pipeline_layout']);
  });

  it('the query\'s layout against the query\'s mtpLayers stays at pipelineLayout', () => {
    const e = thrownInputError(() => plan({ scenario, file: 'f.yaml', mtpLayers: 2, pipelineLayout: 'Et*4|(t*4|)*14tmL' }));
    expect(e.details.keyPath).toBe('pipelineLayout');
  });
});

// Review of the blame (B1-B3): the file's pipeline_layout is consistent (it plans as written: rows above), and a --pp,
// --schedule or --model the query gives breaks it. Each was told at the file's line, naming no option given: --pp 1 as
// "16 chunks on pp = 1"; --schedule 1f1b with the hint "write a multiple of 4 chunks for pp 4" (it has 16) and
// --schedule dualpipe only as "(also impossible: --schedule)"; --model with an MTP module as "the layout has 0 MTP
// layers" (the option was blamed only for the decoder layers). Every row fails on the old code (keyPath
// cluster.parallelism.pipeline_layout, or the old hint).
describe('plan(scenario) with a consistent pipeline_layout and an option that breaks it: told at the option', () => {
  const scenario = (training: string, layout: string) => `model: deepseek-v3\ntraining: {tokens: 1T, seq_len: 4096, global_batch: 4096${training}}\ncluster:\n  gpu: h800-sxm\n  count: 2048\n  utilization: auto\n  parallelism: {pp: 4, pipeline_layout: '${layout}'}\n`;
  const s1 = scenario(', mtp_layers: 1', 'Et*4|(t*4|)*14tmL');
  const s3 = scenario('', 'Et*4|(t*4|)*14tL');
  // DeepSeek-V3 with its one MTP module in the model file (the 61-layer model, mtp.depth 1: models/deepseek-v3.yaml leaves it out).
  const withMtp = { ...(parse(readFileSync('models/deepseek-v3.yaml', 'utf8')) as ModelInput), name: 'dsv3-with-mtp', mtp: { depth: 1 } } as ModelInput;
  // The hints by hand: 16 chunks run on pp d for d | 16 with d > 1 (pp 1 has no pipeline for 16 virtual stages);
  // with 1f1b on exactly 16 (one virtual stage a rank); 16 chunks on pp 4 are 4 virtual stages, interleaved.
  it.each([
    { name: 'B1 --pp 1', text: s1, q: { pp: 1 }, keyPath: 'pp', message: /^impossible layout: the pipeline_layout's 16 chunks on pp = 1 are virtual_stages 16 and schedule interleaved: the interleaved schedule needs pp > 1/,
      hint: "the 16 chunks of the scenario's pipeline_layout (f.yaml:7:24) are pp × virtual stages: give pp one of 2, 4, 8, 16" },
    { name: 'B1 --pp 32', text: s1, q: { pp: 32 }, keyPath: 'pp', message: /the layout's 16 chunks do not divide into pp = 32 pipeline ranks$/,
      hint: "the 16 chunks of the scenario's pipeline_layout (f.yaml:7:24) are pp × virtual stages: give pp one of 2, 4, 8, 16" },
    { name: 'B2 --schedule 1f1b', text: s1, q: { schedule: '1f1b' as const }, keyPath: 'schedule', message: /virtual stages \(4\) need the interleaved schedule$/,
      hint: "on pp 4 the 16 chunks of the scenario's pipeline_layout (f.yaml:7:24) are 4 virtual stages, run on the interleaved schedule: give schedule interleaved, or leave it out (it follows from the layout)" },
    { name: 'B2 --schedule dualpipe', text: s1, q: { schedule: 'dualpipe' as const }, keyPath: 'schedule', message: /need the interleaved schedule; a pipeline_layout places layers on Megatron-Core's 1F1B or interleaved schedule or a zero-bubble one, found schedule dualpipe/,
      hint: "on pp 4 the 16 chunks of the scenario's pipeline_layout (f.yaml:7:24) are 4 virtual stages, run on the interleaved schedule: give schedule interleaved, or leave it out (it follows from the layout)" },
    { name: 'B3 --model with an MTP module', text: s3, q: { model: withMtp }, keyPath: 'model', message: /the layout has 0 MTP layers \(m\), the model dsv3-with-mtp has 1$/,
      hint: "in the scenario's pipeline_layout (f.yaml:7:24): write 1 m; or plan the file's own model, or give mtpLayers the count it places" },
  ])('$name', ({ text, q, keyPath, message, hint }) => {
    const e = thrownInputError(() => plan({ scenario: text, file: 'f.yaml', ...q }));
    expect([e.details.file, e.details.keyPath, e.details.hint]).toEqual([undefined, keyPath, hint]);
    expect(e.message).toMatch(message);
  });

  it.each([
    { name: 'the file\'s own 16 chunks on its pp 1', text: s1.replace('pp: 4', 'pp: 1'), q: { count: 1024 } },
    { name: 'the file\'s own schedule 1f1b beside its 16 chunks', text: s1.replace('pp: 4', 'pp: 4, schedule: 1f1b'), q: { count: 1024 } },
  ])('$name, with an option that moves no layout field: still at the file\'s line (as on the old code)', ({ text, q }) => {
    const e = thrownInputError(() => plan({ scenario: text, file: 'f.yaml', ...q }));
    expect([e.details.file, e.details.line, e.details.keyPath]).toEqual(['f.yaml', 7, 'cluster.parallelism.pipeline_layout']);
  });
});

// Second review: plan's hints named the layout two ways (`cluster.parallelism.pipeline_layout`, no place, at --pp and
// --schedule; `the scenario's pipeline_layout (f.yaml:7:24)` at --model and --mtp-layers, rows above) and a virtual
// stages option given by the file key's name (`leave virtual_stages out`). Now each field as the user gave it: the
// option, or the file's field with its place (library/planBlame.ts fieldNames). Every row fails on the old code.
describe('plan hints name a field as the user gave it', () => {
  const s1 = "model: deepseek-v3\ntraining: {tokens: 1T, seq_len: 4096, global_batch: 4096, mtp_layers: 1}\ncluster:\n  gpu: h800-sxm\n  count: 2048\n  utilization: auto\n  parallelism: {pp: 4, pipeline_layout: 'Et*4|(t*4|)*14tmL'}\n";
  const ownVp = "model: deepseek-v3\ntraining: {tokens: 1T, seq_len: 4096, global_batch: 4096, mtp_layers: 1}\ncluster:\n  gpu: h800-sxm\n  count: 2048\n  utilization: auto\n  parallelism: {pp: 4, virtual_stages: 2}\n";
  const DSV3 = { model: 'deepseek-v3', gpu: 'h800-sxm', count: 2048, globalBatch: 4096 } as const;
  // By hand: 16 chunks on pp 4 are 4 virtual stages (the rows above).
  it.each([
    { name: 'virtualStages over the file\'s layout', q: { scenario: s1, file: 'f.yaml', virtualStages: 2 }, keyPath: 'virtualStages', hint: 'leave virtualStages out (it follows from the layout), or set it to 4' },
    { name: 'virtualStages beside the query\'s layout', q: { ...DSV3, pp: 4, virtualStages: 2, pipelineLayout: 'Et*4|(t*4|)*14tL' }, keyPath: 'virtualStages', hint: 'leave virtualStages out (it follows from the layout), or set it to 4' },
    { name: 'virtualStages on pp 1', q: { ...DSV3, pp: 1, virtualStages: 2 }, keyPath: 'virtualStages', hint: 'leave virtualStages out, or give pp of 2 or more' },
    { name: 'the file\'s virtual_stages beside the query\'s layout', q: { scenario: ownVp, file: 'f.yaml', pipelineLayout: 'Et*4|(t*4|)*14tmL' }, keyPath: 'cluster.parallelism.virtual_stages', hint: "leave the scenario's virtual_stages out (it follows from the layout), or set it to 4" }, // its place, 7:24, starts the error (review B: not repeated)
    { name: 'pp over the file\'s layout, given as an object (no place)', q: { scenario: parse(s1) as Record<string, unknown>, pp: 1 }, keyPath: 'pp', hint: "the 16 chunks of the scenario's pipeline_layout are pp × virtual stages: give pp one of 2, 4, 8, 16" },
  ])('$name', ({ q, keyPath, hint }) => {
    const e = thrownInputError(() => plan(q as PlanQuery));
    expect([e.details.keyPath, e.details.hint]).toEqual([keyPath, hint]);
  });
});
