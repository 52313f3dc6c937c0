/**
 * src/scenario/recompute.ts and the scenario schema's training.recompute_modules: what a run accepts, and
 * what it refuses at the entry that cannot apply (flops/recomputeModules.ts moduleProblem).
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import { formattedError } from '../helpers.js';

const scenario = (model: string, training: string) => `name: t
model: ${model}
training:
  tokens: 1T
${training}
cluster:
  gpu: h100-sxm
  count: 64
  utilization: 0.4
`;

describe('training.recompute_modules refused', () => {
  it.each([
    ['without recompute: selective', 'llama-3-70b', '  recompute_modules: [mlp]',
      's.yaml:5:3: training.recompute_modules: recompute_modules names the modules selective recomputation reruns: it needs recompute: selective\n  hint: add recompute: selective, or leave recompute_modules out'],
    ['with recompute: full', 'llama-3-70b', '  recompute: full\n  recompute_modules: [mlp]',
      's.yaml:6:3: training.recompute_modules: recompute_modules names the modules selective recomputation reruns: it needs recompute: selective\n  hint: add recompute: selective, or leave recompute_modules out'],
    ['an unknown name, with the list and a did-you-mean', 'deepseek-v3', '  recompute: selective\n  recompute_modules: [moe_ac]',
      's.yaml:6:23: training.recompute_modules[0]: expected one of `core_attn`, `moe_act`, `layernorm`, `mla_up_proj`, `mlp`, `moe`, `shared_experts`, `attention`, `feed_forward`, `op`, `minimal_with_context`, `minimal`, `save_dot_with_context_except_mlp`, `save_dot_except_mlpwi`, `save_dot_except_mlp`, `save_qkv_proj`, `save_out_proj`, found "moe_ac"\n  hint: did you mean `moe_act`?'],
    ['an empty list', 'llama-3-70b', '  recompute: selective\n  recompute_modules: []', 's.yaml:6:3: training.recompute_modules: expected at least 1 item, found a list of 0'],
    ['moe_act on a dense model, Megatron-Core\'s check quoted', 'llama-3-70b', '  recompute: selective\n  recompute_modules: [core_attn, moe_act]',
      's.yaml:6:34: training.recompute_modules[1]: moe_act recomputes the routed experts\' activation, and this model has no MoE layer (Megatron-Core transformer_config.py: "moe_act in recompute_modules is only supported with moe_grouped_gemm", the grouped experts of an MoE layer)\n  hint: modules modelled for this model: core_attn, mlp; or leave moe_act out'],
    ['mla_up_proj without MLA', 'llama-3-70b', '  recompute: selective\n  recompute_modules: [mla_up_proj]', 'only supported with multi_latent_attention'],
    ['layernorm where every norm is fused into its linear', 'llama-3-70b', '  recompute: selective\n  recompute_modules: [layernorm]', 'fuses both norms of a dense, non-MLA layer'],
    ['mlp where every layer is MoE', 'mixtral-8x7b', '  recompute: selective\n  recompute_modules: [mlp]', 'every layer of this model is MoE'],
    ['moe on a dense model', 'llama-3-70b', '  recompute: selective\n  recompute_modules: [core_attn, moe]',
      's.yaml:6:34: training.recompute_modules[1]: moe recomputes an MoE layer (Megatron-Core moe_layer.py MoELayer, moe_layer_recompute), and this model has no MoE layer\n  hint: modules modelled for this model: core_attn, mlp; or leave moe out'],
    ['shared_experts without shared experts', 'mixtral-8x7b', '  recompute: selective\n  recompute_modules: [moe, shared_experts]',
      's.yaml:6:28: training.recompute_modules[1]: shared_experts recomputes an MoE layer\'s shared experts (Megatron-Core moe_layer.py shared_experts_recompute), and this model has none\n  hint: modules modelled for this model: core_attn, moe_act, layernorm, moe; or leave shared_experts out'],
  ])('%s', (_, model, training, expected) => {
    expect(formattedError(() => run(scenario(model, training), { file: 's.yaml' }))).toContain(expected);
  });
});

describe('training.recompute_modules accepted: hardware FLOPs follow the modules', () => {
  // Llama 3 70B per token (test/flops/recomputeModules.test.ts by hand): model 6·… = 481,434,796,032 (the count's
  // own model FLOPs, unchanged); recompute core 21,474,836,480, MLP 112,742,891,520. × 1T tokens.
  it.each([
    ['recompute: selective alone (core_attn)', '  recompute: selective', 21_474_836_480],
    ['[core_attn] named', '  recompute: selective\n  recompute_modules: [core_attn]', 21_474_836_480],
    ['[core_attn, mlp]', '  recompute: selective\n  recompute_modules: [core_attn, mlp]', 134_217_728_000],
    ['[mlp]', '  recompute: selective\n  recompute_modules: [mlp]', 112_742_891_520],
  ])('%s', (_, training, recomputePerToken) => {
    const r = run(scenario('llama-3-70b', training)).results[0]!;
    expect(r.hardware_flops - r.model_flops).toBeCloseTo(recomputePerToken * 1e12, -9);
  });
  // The result says which modules it counted (it printed `recompute selective` alone, whatever the modules).
  it.each([
    ['absent', '  recompute: selective', undefined],
    ['[core_attn, mlp]', '  recompute: selective\n  recompute_modules: [core_attn, mlp]', ['core_attn', 'mlp']],
  ])('the result names them: %s', (_, training, modules) => {
    expect(run(scenario('llama-3-70b', training)).results[0]!.recompute_modules).toEqual(modules);
  });
});

// Hostile sweep 12: a module the model cannot use, set by one option, made that option 'infeasible' (exit 0, the
// others run) as if a cluster could make it run; options share the model, so it is what the file says, refused as the
// schema's refusals are (the whole file, exit 2). Fails on the old code (run returned the other option).
describe('training.recompute_modules in an option', () => {
  const text = `${scenario('llama-3-70b', '  recompute: selective')}options:\n  - {name: a, training: {recompute_modules: [mlp]}}\n  - {name: b, training: {recompute_modules: [core_attn, moe_act]}}\n`;
  it('a module the model cannot use: the file refused, at the option\'s entry', () => {
    expect(formattedError(() => run(text, { file: 's.yaml' }))).toContain('s.yaml:12:57: options[1].training.recompute_modules[1]: moe_act recomputes the routed experts\' activation, and this model has no MoE layer');
  });
});

// Hostile sweep 12: a module listed twice changes nothing (each reruns once), and was accepted and echoed as written:
// 1,000 entries of mlp printed a 6 kB training line and a 1,000-entry recompute_modules in --json. Refused at the
// second, as a module that changes nothing is. Fails on the old code.
describe('training.recompute_modules: a module listed twice', () => {
  it.each([
    { name: '[core_attn, mlp, core_attn]', list: '[core_attn, mlp, core_attn]', expected: 's.yaml:6:39: training.recompute_modules[2]: `core_attn` is listed twice (also training.recompute_modules[0])\n  hint: each module is rerun once; remove one' },
    { name: 'mlp 1,000 times', list: `[${Array(1000).fill('mlp').join(', ')}]`, expected: 's.yaml:6:28: training.recompute_modules[1]: `mlp` is listed twice (also training.recompute_modules[0])' },
  ])('$name', ({ list, expected }) => {
    expect(formattedError(() => run(scenario('llama-3-70b', `  recompute: selective\n  recompute_modules: ${list}`), { file: 's.yaml' }))).toContain(expected);
  });
});

// Hostile sweep 13 (left to the lead): recompute_modules under TorchTitan, MaxText, DeepSpeed or LLM Foundry was counted
// and planned as Megatron-Core runs it; those stacks have no such list (stack.ts can.recomputeModules). Megatron-Core
// and DeepSeek's HAI-LLM (which reruns RMSNorm and the MLA up-projections, DeepSeek-V3 §3.2.3) take Megatron-Core's,
// OLMo-core its own (attention, feed_forward), TorchTitan its per-operator policy (op; 2026-12-03, src/flops/opCheckpoint.ts).
describe('training.recompute_modules and the stack', () => {
  const modules = (stack: string) => `  recompute: selective\n  recompute_modules: [core_attn, mlp]\n  stack: ${stack}`;
  it.each(['deepspeed', 'llm-foundry', 'llm-foundry-2023', 'megatron-lm-2021'])('%s: refused at the key, naming the stack', (stack) => {
    expect(formattedError(() => run(scenario('llama-3-70b', modules(stack)), { file: 's.yaml' }))).toMatch(new RegExp(`^s\\.yaml:6:3: training\\.recompute_modules: stack ${stack} has no recompute_modules \\(a list of modules to rerun: Megatron-Core's, OLMo-core's, TorchTitan's op, a MaxText remat policy\\): .+\\n  hint: leave recompute_modules out \\(recompute: selective reruns the attention core\\), or use training\\.stack: megatron-core \\(its modules\\), olmo-core \\(attention, feed_forward\\), torchtitan \\(op\\) or maxtext \\(a remat policy: minimal, save_qkv_proj, …\\)$`));
  });
  // MaxText names its remat policies (2026-12-03, src/flops/rematPolicy.ts): Megatron-Core's modules are refused at their
  // entry, a policy under another stack names maxtext, and a policy is a run's one rule.
  it('maxtext: Megatron-Core\'s modules refused at their entry, naming the stack that has them and maxtext\'s own', () => {
    expect(formattedError(() => run(scenario('llama-3-70b', modules('maxtext')), { file: 's.yaml' }))).toMatch(/^s\.yaml:6:23: training\.recompute_modules\[0\]: `core_attn` is Megatron-Core's module, not stack maxtext's \(MaxText .+\n  hint: stack maxtext names minimal_with_context, minimal, save_dot_with_context_except_mlp, save_dot_except_mlpwi, save_dot_except_mlp, save_qkv_proj, save_out_proj; or use training\.stack: megatron-core$/);
  });
  it('a MaxText policy under megatron-core: refused at its entry, naming maxtext', () => {
    expect(formattedError(() => run(scenario('llama-3-70b', '  recompute: selective\n  recompute_modules: [save_qkv_proj]'), { file: 's.yaml' }))).toMatch(/training\.recompute_modules\[0\]: `save_qkv_proj` is MaxText's module, not stack megatron-core's .+\n  hint: stack megatron-core names core_attn, .+; or use training\.stack: maxtext$/);
  });
  it('two MaxText policies: refused at the first, a run names one', () => {
    expect(formattedError(() => run(scenario('llama-3-70b', '  recompute: selective\n  recompute_modules: [minimal, save_qkv_proj]\n  stack: maxtext'), { file: 's.yaml' }))).toMatch(/^s\.yaml:6:23: training\.recompute_modules\[0\]: `minimal` is a whole checkpointing policy \(MaxText runs one remat_policy\), and recompute_modules names 2 entries\n  hint: name minimal alone, or leave it out$/);
  });
  // The remedy of a run that does not fit offers a leaner policy in place of the one run (recomputeModules.ts modulesToAdd),
  // never one added to it: [minimal] on Llama 2 70B at micro-batch 2 over 256 v5p needs 123 GiB of 95 (README, MaxText).
  it('a policy that does not fit: the hint offers a leaner policy in its place', () => {
    const text = `name: t
model: llama-2-70b
training: {tokens: 1T, seq_len: 4096, global_batch: 512, stack: maxtext, recompute: selective, recompute_modules: [minimal]}
cluster: {gpu: tpu-v5p, count: 256, utilization: auto, parallelism: {tp: 1, pp: 1, cp: 1, dp: 256, micro_batch: 2, zero_stage: 3}}
pricing: {usd_per_gpu_hour: 4.2}
`;
    const e = formattedError(() => run(text, { file: 's.yaml' }));
    expect(e).toMatch(/does not fit in memory/);
    expect(e).toMatch(/hint: recompute full, recompute_modules \[save_out_proj\],/);
  });
  it('a MaxText policy on an MoE model: refused with the reason', () => {
    expect(formattedError(() => run(scenario('mixtral-8x7b', '  recompute: selective\n  recompute_modules: [minimal]\n  stack: maxtext'), { file: 's.yaml' }))).toMatch(/training\.recompute_modules\[0\]: minimal is modelled for dense blocks .+MoeBlock tags its own tensors/);
  });
  it('torchtitan: Megatron-Core\'s modules refused at their entry, naming the stack that has them and torchtitan\'s own', () => {
    expect(formattedError(() => run(scenario('llama-3-70b', modules('torchtitan')), { file: 's.yaml' }))).toMatch(/^s\.yaml:6:23: training\.recompute_modules\[0\]: `core_attn` is Megatron-Core's module, not stack torchtitan's \(pytorch\/torchtitan .+\n  hint: stack torchtitan names op; or use training\.stack: megatron-core$/);
  });
  it('op under megatron-core: refused at its entry, naming torchtitan', () => {
    expect(formattedError(() => run(scenario('llama-3-70b', '  recompute: selective\n  recompute_modules: [op]'), { file: 's.yaml' }))).toMatch(/training\.recompute_modules\[0\]: `op` is TorchTitan's module, not stack megatron-core's .+\n  hint: stack megatron-core names core_attn, .+; or use training\.stack: torchtitan$/);
  });
  // torchao's float8 linears run torch._scaled_mm, not the aten.mm the policy keeps: every linear reruns (flops/opCheckpoint.ts).
  it('op with FP8 GEMMs: counted, every linear rerun (Llama 3 70B: the attention projections, output projection and FFN of 80 layers)', () => {
    const r = run(scenario('llama-3-70b', '  recompute: selective\n  recompute_modules: [op]\n  stack: torchtitan\n  precision: bf16\n  gemm_precision: fp8'), { file: 's.yaml' }).results[0]! as unknown as { hardware_flops: number; model_flops: number; tokens: number };
    const linears = 2 * 8192 * (8192 + 2 * 1024) + 2 * 8192 * 8192 + 2 * 3 * 8192 * 28672; // q, k, v; o; w1, w3, w2
    expect(r.hardware_flops - r.model_flops).toBeCloseTo(80 * linears * r.tokens, -10);
  });
  it('op under torchtitan: counted', () => {
    expect(run(scenario('llama-3-70b', '  recompute: selective\n  recompute_modules: [op]\n  stack: torchtitan'), { file: 's.yaml' }).results).toHaveLength(1);
  });
  it.each(['megatron-core', 'hai-llm'])('%s: counted', (stack) => {
    expect(run(scenario('llama-3-70b', modules(stack)), { file: 's.yaml' }).results).toHaveLength(1);
  });
});

// New-user trial 22 (a Megatron-Bridge Gemma 3 1B recipe, recompute_granularity None): `recompute: none` written under
// utilization: auto was the schema's default, so the planner chose full recomputation over it and the run printed
// "recompute full"; a validation row's written `none` was kept. Written, it is the run's; left out, it is searched.
describe('training.recompute written is kept under utilization: auto', () => {
  const auto = (recompute: string) => `name: t
model: gpt2
training: {tokens: 1B, seq_len: 1024, global_batch: 768${recompute}}
cluster: {gpu: a100-sxm4-40gb, count: 8, utilization: auto, parallelism: {tp: 1, pp: 1, cp: 1, dp: 8, micro_batch: 96}}
`;
  it('left out: the planner recomputes the layers that do not fit (control)', () => {
    expect(run(auto('')).results[0]!.recompute).toBe('full');
  });
  it('written none: refused where it does not fit, naming it (it ran with full recomputation)', () => {
    const e = formattedError(() => run(auto(', recompute: none'), { file: 's.yaml' }));
    expect(e).toContain('recompute=none can run: does not fit in memory');
    expect(e).toContain('hint: recompute selective with recompute_modules [core_attn, mlp] or full');
  });
  it('written none is the layout\'s where it fits', () => {
    expect(run(auto(', recompute: none').replace('micro_batch: 96', 'micro_batch: 32')).results[0]!.recompute).toBe('none');
  });
});

// training.recompute_every: TorchTitan's selective_ac_option N (torchtitan/distributed/activation_checkpoint.py
// _apply_layer_sac: a rank's blocks counted from 1, every N-th wrapped in a full checkpoint). GPT-2 small by hand
// (h 768, 12 layers, 12 heads, s 1024, micro-batch 8, no TP, flash attention, TorchTitan's default):
//   forward FLOPs a layer a token: matmuls 2·12h² = 14,155,776, attention (convention full) 4sh = 3,145,728: 17,301,504;
//   activations a layer (Korthikanti Table 2 with flash attention): full 34sbh + the log-sum-exp 4·a·s·b
//   = 213,909,504 + 393,216 = 214,302,720 bytes; a recomputed layer keeps its input, 2sbh = 12,582,912; while the
//   backward runs a recomputed layer it holds that layer's full activations once more (214,302,720).
// Each count fails on the old code, which refused the key.
describe('training.recompute_every (TorchTitan\'s every N-th block)', () => {
  const layer = 17_301_504;
  const full = 214_302_720;
  const kept = 12_582_912;
  // The predicted fields a run's result carries under utilization: auto (the CLI's --json prints them).
  type Predicted = { hardware_flops: number; model_flops: number; memory_per_gpu_bytes: number; memory_breakdown: { activations: number }; step_time_seconds: number };
  const predicted = (text: string) => run(text).results[0]! as unknown as Predicted;
  const titan = (every: string, parallelism = 'tp: 1, pp: 1, cp: 1, dp: 8', stack = 'torchtitan') => `name: t
model: gpt2
training: {tokens: 1B, seq_len: 1024, global_batch: 64, stack: ${stack}, recompute: full, ${every}}
cluster: {gpu: h100-sxm, count: 8, utilization: auto, parallelism: {${parallelism}, micro_batch: 8, zero_stage: 3}}
`;
  it.each([
    // blocks 2, 4, …, 12 of 12: six
    { name: 'N 2 of 12 blocks: 6 recomputed', every: 2, parallelism: undefined, recomputed: 6, activations: 6 * kept + 6 * full + full },
    // blocks 5 and 10 of 12 (OLMo-core's block_interval 5, from block 0, would wrap 0, 5 and 10: three)
    { name: 'N 5 of 12 blocks: 2 recomputed (⌊12/5⌋, not ⌈12/5⌉)', every: 5, parallelism: undefined, recomputed: 2, activations: 2 * kept + 10 * full + full },
    { name: 'N 1: every block', every: 1, parallelism: undefined, recomputed: 12, activations: 12 * kept + full },
    // pp 2 × 2 interleaved chunks of 3: a rank's blocks 3 and 6, one a chunk; 2 ranks
    { name: 'pp 2, 2 chunks of 3, N 3: one a chunk, 4 of the model\'s 12', every: 3, parallelism: 'tp: 1, pp: 2, cp: 1, dp: 4, virtual_stages: 2, schedule: interleaved', recomputed: 4, activations: undefined },
  ])('$name', ({ every, parallelism, recomputed, activations }) => {
    const r = predicted(titan(`recompute_every: ${every}`, parallelism));
    expect(r.hardware_flops - r.model_flops).toBeCloseTo(recomputed * layer * 1e9, -6);
    if (activations !== undefined) expect(r.memory_breakdown.activations).toBeCloseTo(activations, 0);
  });
  it('the same as recompute_layers of that count (the same layers, the same memory and time)', () => {
    const every = predicted(titan('recompute_every: 2'));
    const layers = predicted(titan('recompute_layers: 6'));
    expect([every.hardware_flops, every.memory_per_gpu_bytes, every.step_time_seconds]).toEqual([layers.hardware_flops, layers.memory_per_gpu_bytes, layers.step_time_seconds]);
  });
  it.each([
    { name: 'the default stack (Megatron-Core has no such option)', text: titan('recompute_every: 2').replace('stack: torchtitan, ', ''),
      expected: 's.yaml:3:74: training.recompute_every: stack megatron-core has no every N-th block recomputation (TorchTitan\'s selective_ac_option N): NVIDIA/Megatron-LM' },
    { name: 'maxtext', text: titan('recompute_every: 2', undefined, 'maxtext'), expected: 's.yaml:3:90: training.recompute_every: stack maxtext has no every N-th block recomputation (TorchTitan\'s selective_ac_option N): MaxText remat_policy applies to every scanned layer\n  hint: write recompute_layers (a count of each chunk\'s layers) instead, or use training.stack: torchtitan' },
    { name: 'recompute: selective (TorchTitan calls the mode selective)', text: titan('recompute_every: 2').replace('recompute: full', 'recompute: selective'),
      expected: 's.yaml:3:98: training.recompute_every: recompute_every recomputes every N-th block whole, full recomputation of those blocks (TorchTitan\'s mode selective with selective_ac_option N): it needs recompute: full\n  hint: write recompute: full' },
    { name: 'with recompute_layers', text: titan('recompute_every: 2, recompute_layers: 3'), expected: 'training.recompute_every: give one of recompute_every and recompute_layers' },
    { name: 'no block of the rank', text: titan('recompute_every: 13'), expected: 'training.recompute_every: recompute_every 13 recomputes none of the 12 layers of a rank (TorchTitan wraps blocks 13, 26, … of a rank, counted from 1)\n  hint: use a recompute_every of at most 12, or recompute: none' },
    { name: 'pp left to the planner', text: titan('recompute_every: 2', 'tp: 1, cp: 1, dp: 8'), expected: 'training.recompute_every: recompute_every counts the blocks of a pipeline rank, and the run leaves pp to the planner' },
    { name: 'the chunks a rank holds left to the planner', text: titan('recompute_every: 2', 'tp: 1, pp: 2, cp: 1, dp: 4'), expected: 'the run leaves the chunks a rank holds to the planner (pp = 2)' },
    { name: 'chunks holding different counts', text: titan('recompute_every: 2', 'tp: 1, pp: 2, cp: 1, dp: 4, virtual_stages: 2, schedule: interleaved'),
      expected: 'training.recompute_every: recompute_every 2 recomputes 1, 2 layers of a rank\'s 2 chunks of 3 (blocks 2, 4, … of its 6), and flopcast counts each chunk\'s alike' },
    { name: 'no layout', text: titan('recompute_every: 2').replace(/utilization: auto.*/, 'utilization: 0.4}'), expected: 's.yaml:3:93: training.recompute_every: recompute_every counts the blocks of a pipeline rank, and this run has no layout to tell the share it recomputes' },
  ])('refused: $name', ({ text, expected }) => {
    expect(formattedError(() => run(text, { file: 's.yaml' }))).toContain(expected);
  });
});

// OLMo-core's selected_modules (model.py apply_activation_checkpointing wraps blocks.*.attention / blocks.*.feed_forward in
// a checkpoint that keeps the module's input, the norm's output) under stack olmo-core. GPT-2 small by hand, as above
// (h 768, s 1024, micro-batch 8, 12 layers, flash attention; sbh = 6,291,456 bytes at 1 byte an element):
//   attention reruns q, k, v and the output projection, 2·4h² = 4,718,592, and the core, 4sh = 3,145,728: 7,864,320 a
//     layer a token; it frees Q, K, V and the output projection's input, 2(q + k) + 2v + 2q = 8sbh, and the log-sum-exp;
//   feed_forward reruns the FFN, 2·8h² = 9,437,184; it frees the GeLU's input (2·4h) and the second linear's (2·4h),
//     16sbh, and keeps the norm's output that Megatron-Core's mlp frees (2sbh) as its input.
// A layer keeps 34sbh + the log-sum-exp without them (Korthikanti Table 2, flash attention): 26sbh with attention,
// 18sbh + lse with feed_forward, 10sbh with both. Each fails on the old code (no such names, no olmo-core stack).
describe('training.recompute_modules under stack olmo-core (OLMo-core\'s selected_modules)', () => {
  const sbh = 6_291_456;
  const lse = 393_216;
  type Predicted = { hardware_flops: number; model_flops: number; memory_breakdown: { activations: number }; recompute_modules?: string[] };
  const olmo = (modules: string, stack = 'olmo-core', model = 'gpt2') => `name: t
model: ${model}
training: {tokens: 1B, seq_len: 1024, global_batch: 64, stack: ${stack}, recompute: selective, recompute_modules: ${modules}}
cluster: {gpu: h100-sxm, count: 8, utilization: auto, parallelism: {tp: 1, pp: 1, cp: 1, dp: 8, micro_batch: 8, zero_stage: 3}}
`;
  it.each([
    { modules: '[attention]', recompute: 7_864_320, layer: 26 * sbh },
    { modules: '[feed_forward]', recompute: 9_437_184, layer: 18 * sbh + lse },
    { modules: '[attention, feed_forward]', recompute: 7_864_320 + 9_437_184, layer: 10 * sbh },
  ])('$modules', ({ modules, recompute, layer }) => {
    const r = run(olmo(modules)).results[0]! as unknown as Predicted;
    expect(r.hardware_flops - r.model_flops).toBeCloseTo(12 * recompute * 1e9, -6);
    expect(r.memory_breakdown.activations).toBeCloseTo(12 * layer, 0);
    expect(r.recompute_modules).toEqual(modules.slice(1, -1).split(', '));
  });
  it('feed_forward keeps what mlp frees beside it: the norm\'s output, 2sbh a layer (mlp under megatron-core)', () => {
    const ff = run(olmo('[feed_forward]')).results[0]! as unknown as Predicted;
    const mlp = run(olmo('[mlp]', 'megatron-core')).results[0]! as unknown as Predicted;
    expect(ff.hardware_flops).toBe(mlp.hardware_flops);
    expect(ff.memory_breakdown.activations - mlp.memory_breakdown.activations).toBeCloseTo(12 * 2 * sbh, 0);
  });
  it.each([
    { name: 'feed_forward under the default stack', text: olmo('[attention, feed_forward]').replace('stack: olmo-core, ', ''),
      expected: 's.yaml:3:99: training.recompute_modules[0]: `attention` is OLMo-core\'s module, not stack megatron-core\'s (NVIDIA/Megatron-LM' },
    { name: 'mlp under olmo-core', text: olmo('[attention, mlp]'), expected: 's.yaml:3:128: training.recompute_modules[1]: `mlp` is Megatron-Core\'s module, not stack olmo-core\'s (allenai/OLMo-core' },
    // OLMo-core's MoE blocks name the MoE feed_forward_moe (nn/transformer/block.py MoETransformerBlock): the glob matches
    // nothing there; its error is for a glob that matches the MoE module itself (review27: the old text said it raised).
    { name: 'feed_forward where every layer is MoE', text: olmo('[feed_forward]', 'olmo-core', 'mixtral-8x7b'),
      expected: 'training.recompute_modules[0]: feed_forward recomputes a dense block\'s FFN, and every layer of this model is MoE, so it wraps nothing: OLMo-core\'s MoE blocks hold theirs as feed_forward_moe (nn/transformer/block.py MoETransformerBlock), which blocks.*.feed_forward does not match, and it refuses to wrap an MoE module whole (model.py apply_activation_checkpointing: "Wrapping an entire MoE module for activation checkpointing is not supported")\n  hint: modules modelled for this model: attention; or leave feed_forward out' },
    { name: 'attention in a parallel block', text: olmo('[attention]', 'olmo-core', '{name: p, layers: 2, d_model: 64, heads: 4, d_ff: 256, vocab: 100, seq_len: 1024, parallel_block: true}'),
      expected: 'training.recompute_modules[0]: attention follows OLMo-core\'s TransformerBlock (attention, then the feed-forward on its own norm\'s output), and this model\'s layers are parallel blocks' },
  ])('refused: $name', ({ text, expected }) => {
    expect(formattedError(() => run(text, { file: 's.yaml' }))).toContain(expected);
  });
});

// OLMo-core refuses to wrap an MoE block whole (model.py apply_activation_checkpointing, modes full and selected_blocks:
// "Wrapping MoE blocks for activation checkpointing is not supported."): stack olmo-core runs no full recomputation of an
// MoE model, written or planned (TorchTitan's profile otherwise; torchtitan itself recomputes some of Mixtral's layers here).
describe('stack olmo-core and full recomputation of MoE blocks', () => {
  const mixtral = (stack: string, recompute: string) => `name: t
model: mixtral-8x7b
training: {tokens: 1B, seq_len: 4096, global_batch: 512, stack: ${stack}${recompute}}
cluster: {gpu: h100-sxm, count: 64, utilization: auto, parallelism: {tp: 1, pp: 1, cp: 1, dp: 64, ep: 8, micro_batch: 4, zero_stage: 3}}
`;
  it('written: refused at the key, naming the stack and OLMo-core\'s error', () => {
    expect(formattedError(() => run(mixtral('olmo-core', ', recompute: full'), { file: 's.yaml' }))).toContain('s.yaml:3:76: training.recompute: impossible layout: stack olmo-core does not recompute an MoE block whole, and this model has MoE layers: found recompute full\n  hint: set recompute selective (OLMo-core\'s selected_modules, recompute_modules [attention]) or none (allenai/OLMo-core');
  });
  it('planned: torchtitan recomputes some layers whole; olmo-core does not, and says so', () => {
    expect(run(mixtral('torchtitan', '')).results[0]!.recompute).toBe('full');
    expect(formattedError(() => run(mixtral('olmo-core', ''), { file: 's.yaml' }))).toContain('the stack does not recompute MoE blocks whole (7 layouts)');
  });
});

// review35 #14: a run's hardware FLOPs took block recomputation as whole layers of the model, round(share × layers), where
// the planner's HFU (perf/layout.ts layoutHardwareFlopsPerToken) takes the exact share. 3 layers over pp 2 make chunks of
// ⌈3/2⌉ = 2 layers; recompute_layers 1 recomputes half of each, which round(0.5 × 3) = 2 counted as 2 of 3. By hand, per
// token (d 1024, 8 heads, d_ff 4096, vocab 32,000, seq 2,048, attention counted whole): a layer's forward is
// 6d² + 2d² + 4·d·d_ff + 2·2·s·d = 6,291,456 + 2,097,152 + 16,777,216 + 8,388,608 = 33,554,432; the logits 2·d·V =
// 65,536,000; the forward 3 × 33,554,432 + 65,536,000 = 166,199,296, model FLOPs 3× that = 498,597,888. Half the layers
// rerun: + 1.5 × 33,554,432 = 50,331,648, so hardware / model = 548,929,536 / 498,597,888 (the old count: + 2 layers,
// 565,706,752 / 498,597,888, and hfu 0.1627 against predicted_hfu 0.1579).
describe('block recomputation: run\'s HFU takes the share the planner takes', () => {
  const text = `name: t
model: {layers: 3, d_model: 1024, heads: 8, d_ff: 4096, vocab: 32000, seq_len: 2048}
training: {tokens: 10B, global_batch: 64, recompute: full, recompute_layers: 1}
cluster: {gpu: h100-sxm, count: 2, utilization: auto, parallelism: {tp: 1, pp: 2, dp: 1, micro_batch: 1}}
`;
  it('half of each 2-layer chunk of a 3-layer model: hfu is predicted_hfu, hardware FLOPs by hand', () => {
    const r = run(text).results[0] as unknown as { hfu: number; mfu: number; predicted_hfu: number; hardware_flops: number; model_flops: number; layout: { recompute_layers: number } };
    expect(r.layout.recompute_layers).toBe(1);
    expect(r.model_flops).toBe(498_597_888 * 10e9);
    expect(r.hardware_flops).toBe(548_929_536 * 10e9);
    expect(r.hfu / r.mfu).toBeCloseTo(548_929_536 / 498_597_888, 12);
    expect(r.hfu).toBeCloseTo(r.predicted_hfu, 12);
  });
});
