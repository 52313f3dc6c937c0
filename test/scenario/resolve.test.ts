/** Resolving a scenario's references (src/scenario/resolve.ts): a model path that names no file. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { report, run, type PredictionJson } from '../../src/index.js';
import { LIMITS } from '../../src/input/limits.js';
import { GOOD_SCENARIO as GOOD, thrownInputError } from '../helpers.js';

describe('model: a path that names no file', () => {
  // The hint echoed the whole path (a model: of 100,000 characters made an error of 200,000), where the
  // message beside it cut the reference as a name; a path is cut past PATH_MAX (input/name.ts shownPath).
  it.each([
    { what: 'a short path', model: 'no-such.yaml', hint: (dir: string) => `looked for ${dir}/no-such.yaml` },
    { what: 'a path of 100,000 characters', model: `${'a'.repeat(100_000)}.yaml`, hint: (dir: string) => `looked for ${`${dir}/${'a'.repeat(100_000)}.yaml`.slice(0, LIMITS.pathChars)}… (${dir.length + 1 + 100_005} characters)` },
  ])('$what: refused at model:, the path it looked for in the hint', ({ model, hint }) => {
    const dir = '/tmp/flopcast-resolve-test';
    const e = thrownInputError(() => run(GOOD.replace('model: gpt3-175b', `model: ${model}`), { baseDir: dir }));
    expect(e.details.keyPath).toBe('model');
    expect(e.details.hint).toBe(hint(dir));
  });
});

describe('model: that is not a preset id, a path or a mapping says what it found', () => {
  // It was 'expected a preset id, a path, or an inline model mapping' alone; '' was 'unknown model ``'.
  const EXPECTED = 'expected a preset id, a path, or an inline model mapping, found';
  it.each([
    { model: '[gpt2, llama-3-8b]', message: `${EXPECTED} a list of 2`, hint: 'a scenario has one model; to compare models, list them in the matrix: matrix: {model: [...]}' },
    { model: '42', message: `${EXPECTED} 42`, hint: undefined },
    { model: 'null', message: `${EXPECTED} null`, hint: undefined },
    { model: '""', message: `${EXPECTED} ""`, hint: undefined },
    { model: '"  "', message: `${EXPECTED} "  "`, hint: undefined },
  ])('model: $model', ({ model, message, hint }) => {
    const e = thrownInputError(() => run(GOOD.replace('model: gpt3-175b', `model: ${model}`), { file: 's.yaml' }));
    expect(e.located()).toBe(`s.yaml:2:1: model: ${message}`);
    expect(e.details.hint).toBe(hint);
  });
});

describe('training.tokens_per_param counts per active parameter, the N of an MoE\'s 6ND', () => {
  // Hand counts (d 4096, 32 layers, 32 heads, 8 KV heads of 128, FFN 14336, 8 experts top-2, vocab 32000, untied):
  // Mixtral 8x7B per layer active = q, o 2·4096² + k, v 2·4096·1024 + 2 experts 2·3·4096·14336 + router 4096·8
  // + 2 norms 2·4096 = 394,305,536; × 32 + embedding and head 2·32000·4096 + final norm 4096 = 12,879,925,248
  // (Mistral AI: "12.9B active"). Llama 3 8B is dense: every parameter is active, 8,030,261,248 (the card's 8.03B).
  it.each([
    { model: 'mixtral-8x7b', active: 12_879_925_248 },
    { model: 'llama-3-8b', active: 8_030_261_248 },
  ])('$model: tokens_per_param 20 trains 20 × $active tokens', ({ model, active }) => {
    const text = GOOD.replace('model: gpt3-175b', `model: ${model}`).replace('tokens: 300B', 'tokens_per_param: 20');
    const [r] = run(text).results;
    expect(r!.active_params).toBe(active);
    expect(r!.tokens).toBe(20 * active);
  });
});

// `count` names cluster.count in the scenario's expressions (README, Scenarios). A count written as a
// count's text (`1k`, `2 * 512`) left it out: `tokens: 1B * count / 1000` was "unknown name `count`"
// with the hint "did you mean `round`?".
describe('count in an expression, whatever form cluster.count takes', () => {
  it.each([
    ['1024', 1024],
    ['1k', 1000],
    ['2 * 512', 1024],
    ['"1024"', 1024],
  ])('count: %s', (written, count) => {
    const [r] = run(GOOD.replace('count: 1024', `count: ${written}`).replace('tokens: 300B', 'tokens: 1B * count')).results;
    expect([r!.count, r!.tokens]).toEqual([count, count * 1e9]);
  });
  it('from the matrix', () => {
    const rs = run(GOOD.replace('tokens: 300B', 'tokens: 1B * count') + 'matrix:\n  cluster.count: [8, 1k]\n').results;
    expect(rs.map((r) => r.tokens)).toEqual([8e9, 1e12]);
  });
});

// `seq_len` in an expression is the run's sequence length where training.seq_len gives one: it was the
// model's, and `global_batch: {tokens: 512 * seq_len}` at seq_len 4096 on Llama 3 8B (8,192) was 512 ×
// 8,192 tokens, 1,024 sequences where 512 were written (exit 0).
describe('seq_len in an expression', () => {
  const text = (seqLen: string) => GOOD.replace('model: gpt3-175b', 'model: llama-3-8b').replace('tokens: 300B', `tokens: 1T\n  global_batch: {tokens: 512 * seq_len}${seqLen}`);
  it.each([
    ['the model\'s (8,192)', '', 8192],
    ['the run\'s', '\n  seq_len: 4096', 4096],
    ['the run\'s, written as arithmetic', '\n  seq_len: 4 * 1024', 4096],
  ])('%s', (_, seqLen, length) => {
    const [r] = run(text(seqLen)).results;
    expect(r!.steps).toBe(Math.ceil(1e12 / (512 * length)));
  });
});

// recompute_layers counts layers of each pipeline chunk. Without a layout the share it recomputes is
// unknown, and the count took every layer: achieved_tflops: 140 with recompute_layers: 1 of GPT-3's 96
// printed the 34.7 days of full recomputation of all of them (exit 0).
describe('recompute_layers needs a layout', () => {
  const text = (cluster: string) => GOOD.replace('tokens: 300B', 'tokens: 300B\n  global_batch: 1536\n  recompute: full\n  recompute_layers: 1').replace('  utilization: 0.4', cluster);
  it('without one: refused at its key', () => {
    const e = thrownInputError(() => run(text('  achieved_tflops: 140'), { file: 's.yaml' }));
    expect(e.format()).toMatch(/^s\.yaml:7:3: training\.recompute_layers: recompute_layers counts layers of each pipeline chunk, and this run has no layout to tell the share it recomputes\n  hint: give cluster\.parallelism/);
  });
  it('with one: counted, fewer hardware FLOPs than every layer recomputed', () => {
    const layout = '  achieved_tflops: 140\n  parallelism: {tp: 8, pp: 16, dp: 8, micro_batch: 1}';
    const [one] = run(text(layout)).results;
    const [all] = run(text(layout).replace('  recompute_layers: 1\n', '')).results;
    expect(one!.hardware_flops).toBeLessThan(all!.hardware_flops);
  });
});

// Writability sweep: a recipe's TP 1 with sequence_parallel True (Megatron-Bridge glm45_air_106b_pretrain_config) was
// refused at cluster.parallelism.sequence_parallel; Megatron-LM runs it with sequence parallelism off and warns. The run
// must carry the note with the model's warnings, and predict as the same layout without it.
/** A run's result with the fields a prediction adds (run --json; src/scenario/predict.ts predictionJson). */
const predicted = (r: unknown) => r as PredictionJson & { warnings: string[] };

describe('cluster.parallelism.sequence_parallel with tp 1', () => {
  const text = (sp: boolean) => `model: llama-3.1-8b\ntraining: {tokens: 1T, seq_len: 8192, global_batch: 64}\ncluster: {gpu: h100-sxm, count: 8, utilization: auto, parallelism: {tp: 1, pp: 1, sequence_parallel: ${sp}}}\n`;
  it('runs as without it, and says so', () => {
    const on = predicted(run(text(true)).results[0]);
    const off = predicted(run(text(false)).results[0]);
    expect(on.warnings).toEqual([...off.warnings, expect.stringMatching(/^sequence_parallel with tp 1 is off/)]);
    expect([on.step_time_seconds, on.layout.sequence_parallel]).toEqual([off.step_time_seconds, false]);
  });
  // Sweep 12: the note rode in the model's own warnings (the FLOP analysis'), so the report listed it under the model
  // in its Models section too, twice in all, as if Llama 3.1 8B assumed it. It is the run's: once, in the Warnings.
  // Fails on the old code.
  it('the report says it once, in its warnings, not as the model\'s', () => {
    const md = report(text(true), { format: 'markdown' }).text;
    expect(md.split('sequence\\_parallel with tp 1 is off').length - 1).toBe(1);
    expect(md).toMatch(/> \*\*Warnings\*\*\n> - sequence\\_parallel with tp 1 is off/);
  });
});

// Writability sweep: Megatron-Bridge's llama31_405b.py prints account_for_embedding_in_pipeline_split and
// account_for_loss_in_pipeline_split True on pp 8 × vp 2; they were unknown keys, to be hand-translated into a
// pipeline_layout. Written as printed, the run must be the run of the layout Megatron-Core builds from them.
describe('cluster.parallelism: Megatron-Core\'s split fields', () => {
  const text = (fields: string) => `model: llama-3.1-405b\ntraining: {tokens: 1T, seq_len: 8192, global_batch: 512}\ncluster:\n  gpu: h100-sxm\n  count: 2048\n  utilization: auto\n  parallelism: {tp: 8, pp: 8, cp: 4, micro_batch: 1, virtual_stages: 2, sequence_parallel: true, zero_stage: 1, ${fields}}\n`;
  it('run as the layout they describe', () => {
    const split = predicted(run(text('account_for_embedding_in_pipeline_split: true, account_for_loss_in_pipeline_split: true')).results[0]);
    const layout = predicted(run(text('pipeline_layout: \'Et*7|(t*8|)*14t*7L\'')).results[0]);
    expect([split.step_time_seconds, split.layout.pipeline_layout]).toEqual([layout.step_time_seconds, 'Et*7|(t*8|)*14t*7L']);
  });
  it('a split Megatron-Core refuses is refused at its key, on its line', () => {
    const e = thrownInputError(() => run(text('account_for_loss_in_pipeline_split: true')));
    expect([e.details.keyPath, e.details.line, e.message]).toEqual(['cluster.parallelism.account_for_loss_in_pipeline_split', 7, expect.stringMatching(/the 126 layers plus the loss \(127\) do not divide over pp 8/)]);
  });
});

// Review B: an error in a file the scenario points to said `referenced by FILE:L:C (key)` with the run's key, where the
// place was the matrix entry's or the option's: `(model)` for matrix.model[1], `(cluster.gpu)` for options[1]'s. The key
// path is now the one written at that place. Both rows fail on the old code.
describe('referenced by: the key path written at the place', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-reference-'));
  writeFileSync(join(dir, 'bad.yaml'), 'name: bad\nlayers: 0\nd_model: 4096\nheads: 32\nvocab: 32000\nseq_len: 4096\n');
  mkdirSync(join(dir, 'hw'));
  writeFileSync(join(dir, 'hw', 'my-c.yaml'), 'extends: h100-sxm\nid: zz-other\nname: My H100 c\n');
  it.each([
    { what: 'a model from the matrix', text: `${GOOD}matrix:\n  model: [gpt2, bad.yaml]\n`, reference: 'referenced by s.yaml:12:17 (matrix.model[1])' },
    { what: 'a GPU from an option', text: `${GOOD}options:\n  - name: a\n  - name: b\n    cluster: {gpu: my-c}\n`, reference: 'referenced by s.yaml:14:15 (options[1].cluster.gpu)' },
  ])('$what', ({ text, reference }) => {
    const e = thrownInputError(() => run(text, { file: 's.yaml', baseDir: dir, hardwareDirs: [join(dir, 'hw')] }));
    expect(e.details.file).not.toBe('s.yaml');
    expect(e.details.hint?.split('; ').at(-1)).toBe(reference);
  });
});

// Planner leftovers: a run with training.ep_comm_overlap and ep left to the planner can be given ep 1, where the
// overlap has no all-to-all to hide (Mixtral 8x7B on 64 H100s: the fastest layout is ep 1, etp 8); it said nothing.
// Fails on the old code.
describe('training.ep_comm_overlap on a layout of ep 1', () => {
  const text = (parallelism: string) => `model: mixtral-8x7b\ntraining: {tokens: 1T, seq_len: 4096, global_batch: 256, ep_comm_overlap: true}\ncluster: {gpu: h100-sxm, count: 64, utilization: auto${parallelism}}\n`;
  it('ep planned as 1: said in the run\'s warnings', () => {
    const r = predicted(run(text('')).results[0]);
    expect(r.layout.ep).toBe(1);
    expect(r.warnings).toContain('ep_comm_overlap is on, but the layout has ep 1, with no expert-parallel all-to-all to overlap: it runs without it; give ep above 1 for layouts that run it');
  });
  it('ep fixed at 8: nothing to say', () => {
    expect(predicted(run(text(', parallelism: {ep: 8}')).results[0]).warnings.filter((w) => w.startsWith('ep_comm_overlap'))).toEqual([]);
  });
});

// Hostile sweep 29 (polish 29): a matrix over stacks whose one stack runs no offload (or lacks a switch) the run asks for
// stopped the whole file at exit 2 (m4.yaml), where a stack without the run's schedule marks its combination infeasible
// (m5.yaml, a layout rule): now the stack rules' refusals are the combination's where a matrix entry or an option gives
// the stack or the key, the file's (a thrown InputError) where the file itself gives both. Each infeasible row fails on
// the old code. The refusals' stacks: Megatron-Core's HybridDeviceOptimizer offloads no parameters (stackProfiles.ts
// STACK_OFFLOAD); the zero-bubble fork has no --overlap-moe-expert-parallel-comm (perf/stackRules.ts STACK_SWITCHES).
describe('a stack rule in a matrix or options: that combination infeasible, with the reason', () => {
  const base = (training: string, tail: string) => `name: s\nmodel: llama-3.1-70b\ntraining: {tokens: 1T, global_batch: 512, ${training}}\ncluster: {gpu: h100-sxm, count: 64, utilization: auto, parallelism: {zero_stage: 3}}\npricing: {usd_per_gpu_hour: 2}\n${tail}`;
  it.each([
    { case: 'a matrix over stacks, offload of params', text: base('offload: {params: true}', 'matrix:\n  training.stack: [torchtitan, megatron-core]\n'), ran: ['s [stack=torchtitan]'], infeasible: 's [stack=megatron-core]', reason: 's.yaml:3:43: training.offload: stack megatron-core runs no offload of parameters' },
    { case: 'a matrix over offload fractions under deepspeed', text: base('stack: deepspeed', 'matrix:\n  training.offload.optimizer: [1, 0.5]\n'), ran: ['s [optimizer=1]'], infeasible: 's [optimizer=0.5]', reason: 'matrix["training.offload.optimizer"][1]: stack deepspeed offloads the whole optimizer state, not a fraction' },
    { case: 'options over stacks', text: base('offload: {params: true}', 'options:\n  - {name: tt, training: {stack: torchtitan}}\n  - {name: mc, training: {stack: megatron-core}}\n'), ran: ['s [tt]'], infeasible: 's [mc]', reason: 'training.offload: stack megatron-core runs no offload of parameters' },
  ])('$case', ({ text, ran, infeasible, reason }) => {
    const r = run(text, { file: 's.yaml' });
    expect(r.results.map((x) => x.name)).toEqual(ran);
    expect(r.infeasible?.map((x) => x.name)).toEqual([infeasible]);
    expect(r.infeasible?.[0]!.error).toContain(reason);
  });

  it.each([
    { case: 'the file\'s own stack and offload', text: base('stack: megatron-core, offload: {params: true}', ''), message: /^stack megatron-core runs no offload of parameters/ },
    // a value no stack takes is the file's, in a matrix too
    { case: 'a matrix over stacks, an offload fraction above 1', text: base('offload: {optimizer: 2}', 'matrix:\n  training.stack: [torchtitan, megatron-core]\n'), message: /^expected a value <= 1, found 2$/ },
  ])('$case: the file\'s error (exit 2)', ({ text, message }) => {
    expect(thrownInputError(() => run(text, { file: 's.yaml' })).message).toMatch(message);
  });
});
