/**
 * src/library/planBlame.ts hintOption and fieldNames, end to end: a layout hint names each field as the caller's user
 * writes it. `run` a scenario: its keys (`zero_stage`, `training.stack`); `plan` on the command line: the options
 * (planWith with cli/commands/plan.ts flagOf: `--zero`, `--stack`); the library's plan: the query's keys (`zero`,
 * `stack`); plan FILE: the file's field with its place where the file wrote it, else the option that gives it.
 */
import { describe, expect, it } from 'vitest';
import { plan, run } from '../../src/index.js';
import { fileSources } from '../../src/cli/load/sources.js';
import { flagOf } from '../../src/cli/commands/plan.js';
import { planWith } from '../../src/library/plan.js';
import type { PlanQuery } from '../../src/library/planQuery.js';
import { STACKS } from '../../src/perf/stackProfiles.js';
import { thrownInputError } from '../helpers.js';

const scenario = (model: string, training: string, parallelism: string) =>
  `model: ${model}\ntraining: {tokens: 1B, ${training}}\ncluster:\n  gpu: h100-sxm\n  count: 8\n  utilization: auto\n  parallelism: {${parallelism}}\n`;
/** The hint each caller is told: run the scenario; plan its query on the command line and in the library; plan the file. */
function hints(text: string, query: PlanQuery, of: (f: () => unknown) => string): string[] {
  return [
    of(() => run(text)),
    of(() => planWith(fileSources({}), query, flagOf)),
    of(() => plan(query)),
    of(() => plan({ scenario: text, file: 'f.yaml' })),
  ];
}
const thrown = (f: () => unknown) => thrownInputError(f).details.hint ?? '';

// The hints spelt their fields by hand, one way whatever the caller: `set tp: 1 ..., or another training.stack` to
// `plan --stack llm-foundry --tp 2`, `set recompute: full` with a colon no option takes, `shard ...: zero_stage 1 or
// more` to `plan --zero 0`. Places by hand from the texts (the key's line and column). Each row fails on the old code.
// In plan FILE the error is placed at the field at fault, so its hint names that field without the place again (the
// second describe below); the other fields keep theirs.
describe('a layout hint names each field as the caller\'s user writes it', () => {
  const base = { gpu: 'h100-sxm', count: 8 } as const;
  const SRC = STACKS['llm-foundry'].can.tensorParallel.source;
  it.each([
    { name: 'stack-tp: a stack without tensor parallelism, and another stack suggested',
      text: scenario('gpt2', 'global_batch: 64, stack: llm-foundry', 'tp: 2'), query: { ...base, model: 'gpt2', globalBatch: 64, stack: 'llm-foundry', tp: 2 },
      expected: ['tp 1 (X), or set training.stack', '--tp 1 (X), or set --stack', 'tp 1 (X), or set stack', "the scenario's tp 1 (X), or set the scenario's stack (f.yaml:2:42)"]
        .map((x) => `set ${x.replace('X', SRC)} to another stack`) },
    { name: 'recompute-layers beside selective recomputation',
      text: scenario('gpt2', 'global_batch: 64, recompute: selective, recompute_layers: 2', 'tp: 1'), query: { ...base, model: 'gpt2', globalBatch: 64, recompute: 'selective', recomputeLayers: 2 },
      expected: ['recompute full, or leave recompute_layers out', '--recompute full, or leave --recompute-layers out', 'recompute full, or leave recomputeLayers out',
        "the scenario's recompute full, or leave the scenario's recompute_layers (f.yaml:2:64) out"].map((x) => `set ${x}`) },
    { name: 'batch-divisible: a micro-batch given, dp searched',
      text: scenario('gpt2', 'global_batch: 60', 'micro_batch: 8'), query: { ...base, model: 'gpt2', globalBatch: 60, microBatch: 8 },
      expected: ['micro_batch·dp', '--micro-batch·--dp', 'microBatch·dp', "the scenario's micro_batch·dp"].map((x) => `the global batch must be a multiple of ${x}`) },
    // Hostile sweep 25: hints that put an article or an adjective before a field read 'a smaller the scenario's pp (f.yaml:7:27),
    // or another the scenario's schedule' in plan FILE (DualPipeV's, DualPipe's, the V schedules', cp's): each is now a verb
    // and the field (lower, change, set ... to). Fails on the old code. Mixtral's 8 experts need ep > 1 for the stack's DualPipeV.
    { name: 'dualpipev-microbatches: a batch too small for 2·pp, micro-batch and dp free',
      text: scenario('mixtral-8x7b', 'global_batch: 7, seq_len: 4096, stack: torchtitan', 'pp: 4, schedule: dualpipev'), query: { ...base, model: 'mixtral-8x7b', globalBatch: 7, seqLen: 4096, stack: 'torchtitan', pp: 4, schedule: 'dualpipev' },
      expected: [['pp', 'schedule'], ['--pp', '--schedule'], ['pp', 'schedule'], ["the scenario's pp (f.yaml:7:17)", "the scenario's schedule"]]
        .map(([pp, schedule]) => `deepseek-ai/DualPipe asserts num_chunks >= num_ranks * 2; use a global batch of at least 8 sequences, or lower ${pp}, or change ${schedule}`) },
  ] as { name: string; text: string; query: PlanQuery; expected: string[] }[])('$name', ({ text, query, expected }) => {
    expect(hints(text, query, thrown)).toEqual(expected);
  });

  // The memory hint of the nearest miss (perf/fit.ts memoryShortfall): run throws it, plan reports it. Llama 3.1 405B's
  // optimizer states at ZeRO 0 on 8 GPUs (fit.test.ts has the rule: ZeRO-1 shards the largest part).
  it('the memory hint: the ZeRO stage to raise', () => {
    const text = scenario('llama-3.1-405b', 'global_batch: 64', 'tp: 1, pp: 1, dp: 8, micro_batch: 1, zero_stage: 0');
    const query: PlanQuery = { ...base, model: 'llama-3.1-405b', globalBatch: 64, tp: 1, pp: 1, dp: 8, microBatch: 1, zero: 0 };
    const shortfall = (f: () => unknown) => {
      try {
        return ((f() as { shortfall?: { hint: string } }).shortfall?.hint ?? 'no shortfall');
      } catch (err) {
        return thrown(() => { throw err; });
      }
    };
    const f = (key: string, col: number) => `the scenario's ${key} (f.yaml:7:${col})`;
    expect(hints(text, query, shortfall)).toEqual([['zero_stage', 'tp', 'pp', 'dp', 'offload: {optimizer: 1}'], ['--zero', '--tp', '--pp', '--dp', '--offload optimizer'], ['zero', 'tp', 'pp', 'dp', 'offload: {optimizer: 1}'],
      [f('zero_stage', 54), f('tp', 17), f('pp', 24), f('dp', 31), 'offload: {optimizer: 1}']]
      // tp, pp and dp are the user's (fixed), so each degree comes with dp's new value (leftover 32: the old code left the
      // fixed degrees out, the one lever the planner could not pull; 128 heads, 8 key/value heads and 126 layers take 2).
      .map(([z, tp, pp, dp, o]) => `shard the optimizer states: ${z} 1 or more, or ${tp} 2 with ${dp} 4, or ${pp} 2 with ${dp} 4, or offload them to host memory (${o}); or add GPUs, or a GPU with more memory`));
  });

  // Review D: recompute_modules, a key only a scenario gives, was hinted bare to plan on the command line and in the library
  // (`training.recompute_modules [core_attn, mlp]`, a flag or query key neither takes): a scenario's, there (fails on the old
  // code); run and plan FILE keep the file's key. Llama 3.1 405B's activations at 128k tokens on 8 GPUs, recomputed selectively.
  it('the memory hint: recompute_modules, a scenario\'s key', () => {
    const text = scenario('llama-3.1-405b', 'seq_len: 131072, global_batch: 8, recompute: selective', 'tp: 8, pp: 1, dp: 1, cp: 1, micro_batch: 1, zero_stage: 3');
    const query: PlanQuery = { ...base, model: 'llama-3.1-405b', globalBatch: 8, seqLen: 131072, recompute: 'selective', tp: 8, pp: 1, dp: 1, cp: 1, microBatch: 1, zero: 3 };
    const hintOf = (f: () => unknown) => {
      try {
        return (f() as { shortfall?: { hint: string } }).shortfall?.hint ?? 'no shortfall';
      } catch (err) {
        return thrown(() => { throw err; });
      }
    };
    const modules = (f: () => unknown) => /[^,:]*recompute_modules \[[^\]]*\]/.exec(hintOf(f))?.[0].trim().replace(/^or /, '') ?? hintOf(f);
    expect(hints(text, query, modules)).toEqual(['recompute_modules [core_attn, mlp]', "a scenario's training.recompute_modules [core_attn, mlp]", "a scenario's training.recompute_modules [core_attn, mlp]", 'training.recompute_modules [core_attn, mlp]']);
  });
});

/**
 * Where plan(scenario) names the file's fields (src/library/planBlame.ts fieldNames, fileError). Review B: a field an
 * option wrote was named at the base's place (`the scenario's pipeline_layout (f.yaml:7:3)`, the base's `parallelism:`,
 * where the option writes it at 18:9); a hint repeated the place its error starts with. Both rows fail on the old code.
 */
// DeepSeek-V3 on 2048 H100 with pp 16 and its MTP module: the layout below places its 61 layers and the MTP layer on 16
// chunks (the layouts of test/library/plan-layout.test.ts).
const BASE = "model: deepseek-v3\ntraining: {tokens: 1T, seq_len: 4096, global_batch: 4096, mtp_layers: 1}\ncluster:\n  gpu: h100-sxm\n  count: 2048\n  utilization: auto\n  parallelism:\n    tp: 2\n    pp: 16\n    ep: 64\n    etp: 1\n    micro_batch: 1\n    zero_stage: 1\n";
const LAYOUT = "'Et*4|(t*4|)*14tmL'";

describe('plan(scenario): a file field named at the place the run has it', () => {
  it('written by an option: at the option', () => {
    const text = `${BASE}options:\n  - name: a\n    cluster:\n      parallelism:\n        pipeline_layout: ${LAYOUT}\n`;
    const e = thrownInputError(() => plan({ scenario: text, file: 'f.yaml', schedule: 'dualpipe' }));
    expect(e.details.keyPath).toBe('schedule');
    expect(e.details.hint).toContain("the scenario's pipeline_layout (f.yaml:18:9)");
  });
  it('the error at the field: its hint names it without the place again', () => {
    const e = thrownInputError(() => plan({ scenario: `${BASE}    pipeline_layout: ${LAYOUT}\n`, file: 'f.yaml', stack: 'llm-foundry' }));
    expect([e.details.file, e.details.line, e.details.col, e.details.keyPath]).toEqual(['f.yaml', 14, 5, 'cluster.parallelism.pipeline_layout']);
    expect(e.details.hint).toContain("the scenario's pipeline_layout");
    expect(e.details.hint).not.toContain('f.yaml:14:5');
  });
  // Review D: placed at the option's or matrix entry's line, the error still named the run's key
  // (`cluster.parallelism.micro_batch`) where run names the place's (resolve.ts blameOrigin). Places by hand from the
  // texts (line 10 col 29: the option's micro_batch value; line 9 col 37: the matrix entry). Both rows fail on the old code.
  const GPT2 = 'model: gpt2\ntraining: {tokens: 1B, global_batch: 60}\ncluster:\n  gpu: h100-sxm\n  count: 8\n  utilization: auto\n';
  it.each([
    { name: 'an option', text: `${GPT2}  parallelism: {tp: 1}\noptions:\n  - name: a\n    cluster: {parallelism: {micro_batch: 8}}\n`, at: [10, 29, 'options[0].cluster.parallelism.micro_batch'] },
    { name: 'a matrix entry', text: `${GPT2}  parallelism: {tp: 1, micro_batch: 4}\nmatrix:\n  cluster.parallelism.micro_batch: [8]\n`, at: [9, 37, 'matrix["cluster.parallelism.micro_batch"][0]'] },
  ])('written by $name: named as written there', ({ text, at }) => {
    const e = thrownInputError(() => plan({ scenario: text, file: 'f.yaml' }));
    expect([e.details.line, e.details.col, e.details.keyPath]).toEqual(at);
  });
});
