/**
 * src/flops/recomputeModules.ts: Megatron-Core's recompute_modules, which apply to a model, and the
 * matrix products each reruns (the FLOP core's recompute column, count.ts).
 */
import { describe, expect, it } from 'vitest';
import { countFlops } from '../../src/flops/count.js';
import { MEGATRON_MODULE_NAMES, moduleProblem, modulesToAdd, RECOMPUTE_MODULE_NAMES, separateNorms, separateNormsPerLayer, type RecomputeModule } from '../../src/flops/recomputeModules.js';
import type { Architecture } from '../../src/model/architecture.js';

import { dsv3, llama70b, mixtral, preset, tinyDense, tinyMoe } from './recomputeModels.js';

const falcon40b = preset('falcon-40b');

describe('moduleProblem: which modules apply to a model', () => {
  // undefined: applies; otherwise a fragment of the refusal. Megatron-Core's own checks are quoted for moe_act
  // and mla_up_proj (transformer_config.py __post_init__); mlp and layernorm it skips where nothing applies.
  it.each([
    ['llama-3-70b', llama70b, 'core_attn', undefined],
    ['llama-3-70b', llama70b, 'mlp', undefined],
    ['llama-3-70b', llama70b, 'layernorm', 'fuses both norms of a dense, non-MLA layer'],
    ['llama-3-70b', llama70b, 'moe_act', 'no MoE layer'],
    ['llama-3-70b', llama70b, 'mla_up_proj', 'only supported with multi_latent_attention'],
    ['llama-3-70b', llama70b, 'moe', 'this model has no MoE layer'],
    ['llama-3-70b', llama70b, 'shared_experts', 'shared experts (Megatron-Core moe_layer.py shared_experts_recompute), and this model has none'],
    ['deepseek-v3', dsv3, 'core_attn', undefined],
    ['deepseek-v3', dsv3, 'moe_act', undefined],
    ['deepseek-v3', dsv3, 'layernorm', undefined],
    ['deepseek-v3', dsv3, 'mlp', undefined],
    ['deepseek-v3', dsv3, 'mla_up_proj', undefined],
    ['deepseek-v3', dsv3, 'moe', undefined],
    ['deepseek-v3', dsv3, 'shared_experts', undefined],
    // Mixtral: every layer MoE, no shared expert.
    ['mixtral-8x7b', mixtral, 'moe', undefined],
    ['mixtral-8x7b', mixtral, 'shared_experts', 'and this model has none'],
    ['tiny MoE', tinyMoe, 'shared_experts', undefined],
    ['tiny MoE (MLA without a query low rank)', tinyMoe, 'mla_up_proj', undefined],
    ['mixtral-8x7b', mixtral, 'mlp', 'every layer of this model is MoE'],
    ['mixtral-8x7b', mixtral, 'layernorm', undefined],
    ['mixtral-8x7b', mixtral, 'moe_act', undefined],
    ['tiny dense', tinyDense, 'layernorm', 'has none'],
    ['tiny MoE', tinyMoe, 'layernorm', undefined],
    // A parallel block (attention and MLP on one normed input) is not Megatron-Core's TransformerLayer: mlp would free
    // the norm output attention still keeps (the review of this session; accepted before).
    ['falcon-40b (parallel block)', falcon40b, 'mlp', 'parallel blocks'],
    ['falcon-40b (parallel block)', falcon40b, 'layernorm', 'parallel blocks'],
    ['falcon-40b (parallel block)', falcon40b, 'core_attn', undefined],
  ] as const)('%s, %s', (_, a, m, problem) => {
    const p = moduleProblem(a, m);
    if (problem === undefined) expect(p).toBeUndefined();
    else expect(p).toContain(problem);
  });

  it('names every Megatron-Core choice, in its order, then OLMo-core\'s, then TorchTitan\'s, then MaxText\'s policies', () => {
    expect(MEGATRON_MODULE_NAMES).toEqual(['core_attn', 'moe_act', 'layernorm', 'mla_up_proj', 'mlp', 'moe', 'shared_experts']);
    // MaxText decoders.py get_remat_policy's save_only_these_names policies (full, custom and the *_offloaded ones aside).
    expect(RECOMPUTE_MODULE_NAMES).toEqual([...MEGATRON_MODULE_NAMES, 'attention', 'feed_forward', 'op', 'minimal_with_context', 'minimal', 'save_dot_with_context_except_mlp', 'save_dot_except_mlpwi', 'save_dot_except_mlp', 'save_qkv_proj', 'save_out_proj']);
  });
});

describe('modulesToAdd: what a remedy suggests adding (those that apply, less what moe covers)', () => {
  it.each([
    ['llama-3-70b', llama70b, ['core_attn'], ['mlp']],
    // moe reruns the experts' activation and the shared experts already: moe_act and shared_experts are left out.
    ['deepseek-v3', dsv3, ['core_attn'], ['layernorm', 'mla_up_proj', 'mlp', 'moe']],
    ['deepseek-v3, moe named', dsv3, ['moe'], ['core_attn', 'layernorm', 'mla_up_proj', 'mlp']],
    ['mixtral-8x7b', mixtral, ['core_attn', 'moe_act'], ['layernorm', 'moe']],
  ] as const)('%s, now %j', (_, a, now, more) => expect(modulesToAdd(a, now)).toEqual(more));
  // A stack whose names are whole policies (TorchTitan's op, MaxText's remat policies, stack.ts can.recomputeModules): one is
  // offered alone, never added to another; a run of one is offered a leaner one of the list in its place (MaxText's order,
  // configs/base.yml: fastest to leanest), none past the last.
  const maxtext = RECOMPUTE_MODULE_NAMES.slice(RECOMPUTE_MODULE_NAMES.indexOf('minimal_with_context'));
  it.each([
    ['torchtitan, nothing run', ['op'], [], ['op']],
    ['torchtitan, op run', ['op'], ['op'], []],
    ['maxtext, nothing run: the leanest', maxtext, [], ['save_out_proj']],
    ['maxtext, minimal run: the leanest in its place', maxtext, ['minimal'], ['save_out_proj']],
    ['maxtext, the leanest run: none leaner', maxtext, ['save_out_proj'], []],
  ] as const)('%s', (_, names, now, more) => expect(modulesToAdd(llama70b, now as never, names as never)).toEqual(more));
  it('maxtext on an MoE model: no policy applies, none offered', () => {
    expect(modulesToAdd(mixtral, [], RECOMPUTE_MODULE_NAMES.slice(RECOMPUTE_MODULE_NAMES.indexOf('minimal_with_context')))).toEqual([]);
  });
});

describe('separateNorms: the norms Megatron-Core\'s TE layer spec keeps as their own module', () => {
  // gpt_layer_specs.py: MLA layers keep input_layernorm = TENorm; MoE layers keep pre_mlp_layernorm = TENorm;
  // a dense GQA layer fuses both (TELayerNormColumnParallelLinear).
  it.each([
    ['llama-3-70b', llama70b, { dense: 0, moe: 1 }, 0],
    ['mixtral-8x7b (every layer MoE, GQA)', mixtral, { dense: 0, moe: 1 }, 1],
    // DeepSeek-V3: 3 dense MLA layers with 1 norm each, 58 MoE MLA layers with 2: 119 over 61 layers.
    ['deepseek-v3', dsv3, { dense: 1, moe: 2 }, 119 / 61],
    // tiny MoE: a dense MLA layer (1) and an MoE MLA layer (2): 3 over 2 layers.
    ['tiny MoE', tinyMoe, { dense: 1, moe: 2 }, 1.5],
  ] as const)('%s', (_, a, perKind, perLayer) => {
    expect(separateNorms(a)).toEqual(perKind);
    expect(separateNormsPerLayer(a)).toBeCloseTo(perLayer, 12);
  });
});

describe('countFlops: the forward each module reruns (hardware FLOPs per token, recompute column)', () => {
  const rerun = (a: Architecture, recomputeModules: readonly RecomputeModule[] | undefined, seqLen?: number) =>
    countFlops(a, { recompute: 'selective', ...(seqLen !== undefined ? { seqLen } : {}), ...(recomputeModules ? { recomputeModules } : {}) }).perToken.recompute;
  // By hand ('full' attention convention, the count's default):
  // Llama 3 70B at s 8192: core QKᵀ + A·V = 2·(2·s·H·d_h)·L = 4·8192·64·128·80 = 21,474,836,480;
  //   its SwiGLU MLP 2·3·d·F·L = 6·8192·28672·80 = 112,742,891,520.
  // DeepSeek-V3 at s 4096: core 2·s·H·(d_qk + d_v)·L = 2·4096·128·(192 + 128)·61 = 20,468,203,520;
  //   its 3 dense layers' MLP 6·7168·18432·3 = 2,378,170,368; moe_act and layernorm rerun element-wise work only.
  //   mla_up_proj: MLA's up-projections, q 2·r_q·H·(Q_nope + Q_rope) = 2·1536·128·192 = 75,497,472 and kv
  //   2·r_kv·H·(Q_nope + V_h) = 2·512·128·256 = 33,554,432: 109,051,904 × 61 = 6,652,166,144.
  // tiny dense at s 16: core 2·16·4·(16 + 16)·2 = 8,192; MLP 6·64·128·2 = 98,304.
  // tiny MoE (no query low rank: q from d): q 2·64·4·24 = 12,288 + kv 2·16·4·32 = 4,096, × 2 layers = 32,768.
  // moe (moe_layer.py checkpoints the whole MoE forward): the router 2·d·E, the routed experts 2·3·d·F_e·k and the shared
  //   ones 2·3·d·F_s·n_s, on each MoE layer. DeepSeek-V3 (d 7168, E 256, k 8, F_e = F_s = 2048, n_s 1, 58 MoE layers):
  //   router 2·7168·256 = 3,670,016 × 58 = 212,860,928; experts 6·7168·2048·8 = 704,643,072 × 58 = 40,869,298,176;
  //   shared 6·7168·2048 = 88,080,384 × 58 = 5,108,662,272; moe 46,190,821,376.
  //   shared_experts alone 5,108,662,272; with moe the nested checkpoint reruns them twice: 46,190,821,376 + 5,108,662,272
  //   = 51,299,483,648. moe_act adds nothing (element-wise).
  // tiny MoE (1 MoE layer, d 64, E 4, k 2, F_e = F_s = 32): router 2·64·4 = 512, experts 6·64·32·2 = 24,576, shared
  //   6·64·32 = 12,288: moe 37,376; shared_experts 12,288.
  it.each([
    ['llama-3-70b', llama70b, ['core_attn'], 21_474_836_480],
    ['llama-3-70b', llama70b, ['mlp'], 112_742_891_520],
    ['llama-3-70b', llama70b, ['core_attn', 'mlp'], 134_217_728_000],
    ['deepseek-v3', dsv3, ['core_attn'], 20_468_203_520],
    ['deepseek-v3', dsv3, ['mlp'], 2_378_170_368],
    ['deepseek-v3', dsv3, ['moe_act'], 0],
    ['deepseek-v3', dsv3, ['layernorm'], 0],
    ['deepseek-v3', dsv3, ['moe_act', 'layernorm', 'mlp'], 2_378_170_368],
    ['deepseek-v3', dsv3, ['mla_up_proj'], 6_652_166_144],
    ['deepseek-v3', dsv3, ['mla_up_proj', 'mlp'], 6_652_166_144 + 2_378_170_368],
    ['tiny MoE', tinyMoe, ['mla_up_proj'], 32_768],
    ['deepseek-v3', dsv3, ['moe'], 46_190_821_376],
    ['deepseek-v3', dsv3, ['shared_experts'], 5_108_662_272],
    ['deepseek-v3', dsv3, ['moe', 'shared_experts'], 51_299_483_648],
    ['deepseek-v3', dsv3, ['moe_act', 'moe'], 46_190_821_376],
    ['deepseek-v3', dsv3, ['core_attn', 'mlp', 'moe'], 20_468_203_520 + 2_378_170_368 + 46_190_821_376],
    ['tiny MoE', tinyMoe, ['moe'], 37_376],
    ['tiny MoE', tinyMoe, ['shared_experts'], 12_288],
    ['tiny MoE', tinyMoe, ['moe', 'shared_experts'], 37_376 + 12_288],
    ['tiny dense', tinyDense, ['core_attn'], 8_192],
    ['tiny dense', tinyDense, ['mlp'], 98_304],
  ] as const)('%s %j', (_, a, modules, flops) => expect(rerun(a, modules)).toBe(flops));

  it.each([
    ['llama-3-70b', llama70b], ['deepseek-v3', dsv3], ['tiny dense', tinyDense], ['tiny MoE', tinyMoe],
  ] as const)('%s: [core_attn] is recompute: selective as it was (no modules given)', (_, a) => {
    expect(rerun(a, ['core_attn'])).toBe(rerun(a, undefined));
    expect(countFlops(a, { recompute: 'selective', recomputeModules: ['core_attn'] }).perToken.hardware).toBe(countFlops(a, { recompute: 'selective' }).perToken.hardware);
  });

  it('the count\'s options carry the modules only when given (flops --json unchanged without them)', () => {
    expect(countFlops(tinyDense, { recompute: 'selective' }).options).not.toHaveProperty('recomputeModules');
    expect(countFlops(tinyDense, { recompute: 'selective', recomputeModules: ['mlp'] }).options.recomputeModules).toEqual(['mlp']);
  });
});
