import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHfConfig, thrownInputError } from '../../helpers.js';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';

// Fixtures of the MoE families src/model/hf/moe.ts added for kimi_k2, olmoe, dbrx and glm4_moe
// (test/fixtures/hf/README.md says where each is from).
const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Record<string, unknown>;
const arch = (m: ModelInput) => toArchitecture(ModelSchema.parse(m));
const count = (m: ModelInput) => countParams(arch(m));

describe('kimi_k2 (moonshotai/Kimi-K2-Instruct: DeepseekV3ForCausalLM under its own model_type)', () => {
  const kimi = fromHfConfig(load('kimi-k2-instruct'), 'test/fixtures/hf/kimi-k2-instruct.json');

  it('is counted as DeepSeek-V3 is: MLA, 60 MoE layers of 384 experts + 1 shared, the router bias (noaux_tc)', () => {
    expect(kimi.source).toContain('model_type kimi_k2');
    expect(kimi).toMatchObject({ attention: 'mla', q_lora_rank: 1536, kv_lora_rank: 512, qk_rope_head_dim: 64, qk_nope_head_dim: 128, v_head_dim: 128, d_ff: 18432, tied_embeddings: false, seq_len: 4096 });
    expect(kimi.moe).toEqual({ experts: 384, top_k: 8, d_ff_expert: 2048, shared_experts: 1, d_ff_shared: 2048, dense_layers: 1, router_bias: true });
    // num_nextn_predict_layers 0: no multi-token-prediction module to leave out.
    expect(kimi.assumptions?.join('\n') ?? '').not.toMatch(/multi-token-prediction/);
  });

  it('1,026,408,232,448 parameters: by hand from DeepseekV3ForCausalLM\'s modules, and with the FP8 block scales the hub\'s 1026.5B', () => {
    // By hand (modeling_deepseek.py): MLA per layer q_a 7168·1536 + norm 1536 + q_b 1536·64·192 + kv_a 7168·576
    // + norm 512 + kv_b 512·64·256 + o 64·128·7168 = 101,124,096, × 61; the dense layer 3·7168·18432; 60 MoE layers
    // × (385 experts × 3·7168·2048 + router 384·7168 + 384 bias); two 163,840 × 7168 tables; 2·61 + 1 RMSNorms of 7168.
    const byHand = 61 * 101_124_096 + 3 * 7168 * 18432 + 60 * (385 * 3 * 7168 * 2048 + 384 * 7168 + 384) + 2 * 163_840 * 7168 + (2 * 61 + 1) * 7168;
    // Active by hand (python3): the same with 8 routed + 1 shared of the 385 expert MLPs in each MoE layer,
    // 61·101,124,096 + 3·7168·18432 + 60·(9·3·7168·2048 + 384·7168 + 384) + 2·163,840·7168 + 123·7168 = 32,861,500,928.
    const activeByHand = 61 * 101_124_096 + 3 * 7168 * 18432 + 60 * (9 * 3 * 7168 * 2048 + 384 * 7168 + 384) + 2 * 163_840 * 7168 + (2 * 61 + 1) * 7168;
    const p = count(kimi);
    expect(p.total).toBe(byHand);
    expect(p.total).toBe(1_026_408_232_448);
    expect(p.active).toBe(activeByHand);
    expect(p.active).toBe(32_861_500_928);
    // The hub's safetensors total for moonshotai/Kimi-K2-Instruct, "Parameters: 1026.5B", is a third-party capture
    // of the Hub's statistics (https://drose.io/aitools/tools/kimi-k2-instruct; the Hub itself could not be reached).
    // The primary figure it agrees with is the model card's "Total Parameters 1T" (below). A second third-party copy of
    // the Hub API total, debaditc/kvfit scripts/build_registry.py (commit bd4ccabf914323ee9831bc4dfae6bff777aa7966),
    // lists 1,026,408,235,864, our count + 3,416 and no scales: the two captures disagree by about the scales' 62.5M,
    // so this check follows the 1026.5B only to half its printed 0.1B. That total also counts the FP8 checkpoint's
    // weight_scale_inv tensors: one F32 scale per 128 × 128
    // block of every quantized linear (quantization_config weight_block_size [128, 128]; the embedding, head,
    // router and norms stay BF16). Per layer: q_a 12·56 + q_b 96·12 + kv_a 5·56 + kv_b 128·4 + o 56·64 = 6,200;
    // per expert 3 × 16·56 = 2,688; the dense MLP 3 × 56·144 = 24,192.
    const scales = 61 * 6200 + 60 * 385 * 2688 + 24_192;
    expect(Math.abs(p.total + scales - 1026.5e9)).toBeLessThanOrEqual(0.05e9);
    // The model card (MoonshotAI/Kimi-K2 README, Model Summary): "Total Parameters 1T", "Activated Parameters 32B".
    expect(Math.round(p.total / 1e12)).toBe(1);
  });
});

// Each row: a fixture, what it maps to, its total and active counts by hand from the modules, and the
// published figures with their printed precision.
describe.each([
  {
    model_type: 'olmoe', fixture: 'olmoe-1b-7b',
    // OLMoE (arXiv:2409.02060): 6.9B total parameters, 1.3B active per token. By hand (modular_olmoe.py):
    // per layer q, k, v, o 4·2048² + q_norm 2048 + k_norm 2048, router 2048·64, 64 experts × 3·2048·1024, two
    // RMSNorms; two untied 50,304 × 2048 tables; the final norm.
    shape: { qk_norm: 'full', tied_embeddings: false, moe: { experts: 64, top_k: 8, d_ff_expert: 1024 } },
    byHand: 16 * (4 * 2048 ** 2 + 2 * 2048 + 2048 * 64 + 64 * 3 * 2048 * 1024 + 2 * 2048) + 2 * 50_304 * 2048 + 2048,
    // Active by hand (python3): 8 of the 64 experts in each layer,
    // 16·(4·2048² + 2·2048 + 2048·64 + 8·3·2048·1024 + 2·2048) + 2·50,304·2048 + 2048 = 1,282,017,280.
    activeByHand: 16 * (4 * 2048 ** 2 + 2 * 2048 + 2048 * 64 + 8 * 3 * 2048 * 1024 + 2 * 2048) + 2 * 50_304 * 2048 + 2048,
    exact: [6_919_161_856, 1_282_017_280], published: { total: 6.9e9, active: 1.3e9, within: 0.05e9 },
  },
  {
    model_type: 'dbrx', fixture: 'dbrx',
    // databricks/dbrx-instruct and dbrx-base model cards: "132B total parameters of which 36B parameters are
    // active on any input". By hand (modular_dbrx.py): per block Wqkv 6144·(6144 + 2·8·128) and out_proj 6144², a
    // router 6144·16, 16 GLU experts 3·6144·10752, norm_1 and norm_2 6144 each; wte and the untied lm_head
    // 100,352 × 6144; norm_f.
    shape: { kv_heads: 8, seq_len: 32768, norm: 'rmsnorm', tied_embeddings: false, moe: { experts: 16, top_k: 4, d_ff_expert: 10752 } },
    byHand: 40 * (6144 * (6144 + 2 * 8 * 128) + 6144 ** 2 + 6144 * 16 + 16 * 3 * 6144 * 10752 + 2 * 6144) + 2 * 100_352 * 6144 + 6144,
    // Active by hand (python3): 4 of the 16 experts in each block,
    // 40·(6144·(6144 + 2·8·128) + 6144² + 6144·16 + 4·3·6144·10752 + 2·6144) + 2·100,352·6144 + 6144 = 36,469,708,800.
    activeByHand: 40 * (6144 * (6144 + 2 * 8 * 128) + 6144 ** 2 + 6144 * 16 + 4 * 3 * 6144 * 10752 + 2 * 6144) + 2 * 100_352 * 6144 + 6144,
    exact: [131_596_523_520, 36_469_708_800], published: { total: 132e9, active: 36e9, within: 0.5e9 },
  },
])('$model_type ($fixture)', ({ fixture, shape, byHand, activeByHand, exact, published }) => {
  it('total and active by hand from the modules, and the published figures to their precision', () => {
    const m = fromHfConfig(load(fixture), `test/fixtures/hf/${fixture}.json`);
    expect(m).toMatchObject(shape);
    const p = count(m);
    expect(p.total).toBe(byHand);
    expect(p.active).toBe(activeByHand);
    expect([p.total, p.active]).toEqual(exact);
    expect(Math.abs(p.total - published.total)).toBeLessThanOrEqual(published.within);
    expect(Math.abs(p.active - published.active)).toBeLessThanOrEqual(published.within);
  });
});

describe('dbrx (databricks/dbrx: nested attn_config and ffn_config)', () => {
  it('a missing nested size is refused at its path', () => {
    const cfg = load('dbrx');
    const e = thrownInputError(() => fromHfConfig({ ...cfg, ffn_config: { ...(cfg.ffn_config as object), moe_top_k: undefined } }, 'd.json'));
    expect(e.details).toMatchObject({ keyPath: 'ffn_config.moe_top_k' });
    expect(e.message).toBe('required number is missing');
    expect(thrownInputError(() => fromHfConfig({ ...cfg, attn_config: null }, 'd.json')).details.keyPath).toBe('attn_config.kv_n_heads');
  });
});

describe('glm4_moe (zai-org/GLM-4.5, GLM-4.5-Air)', () => {
  // The hub's safetensors totals, in third-party captures of the Hub's model statistics (the Hub itself could not
  // be reached): GLM-4.5 "params 358B" (https://www.onlylabs.fyi/signals/215ba15c-649f-49a6-b687-455309a9c640),
  // GLM-4.5-Air "110B Parameters" (https://www.fitmyllm.com/model/glm-4.5-air); and exactly, 358,337,791,296 and
  // 110,468,824,832, in debaditc/kvfit scripts/build_registry.py (commit bd4ccabf914323ee9831bc4dfae6bff777aa7966),
  // which copies https://huggingface.co/api/models/<repo>?expand[]=safetensors's total, a third-party copy too; the
  // checkpoint below comes to exactly these by hand (python3). No primary source prints 358B or 110B: the model
  // card's 355B / 106B are other conventions (below). The checkpoint
  // holds the main model, the num_nextn_predict_layers = 1 multi-token-prediction layer
  // (what `mtp: {depth: 1}` counts: its MoE decoder block, eh_proj and three norms) and that layer's own copies
  // of the embedding and the output head (2·V·d), as DeepSeek-V3's does (src/model/params.ts mtpParams). The
  // model card's "355B" / "106B" fit no one convention (GLM-4.5's is the non-embedding count with the MTP layer,
  // 355.2B; GLM-4.5-Air's the non-embedding count without it, 105.6B); its "32B" / "12B" activated are the
  // non-embedding active counts (32.1B, 12.2B). total and active by hand (python3; the GLM-4.5 terms as in the
  // by-hand test below, GLM-4.5-Air's in the one after it): active keeps 8 routed + 1 shared of the expert MLPs,
  // GLM-4.5 92·att + 3·3·5120·12288 + 89·(9·3·5120·1536 + 160·5120 + 160) + 2·151,552·5120 + 185·5120 = 33,632,266,144;
  // GLM-4.5-Air (att without q/k norms) 46·att + 3·4096·10944 + 45·(129·3·4096·1408 + 128·4096 + 128) + 2·151,552·4096
  // + 93·4096 = 106,852,251,264 total, with 9 in place of 129 = 13,424,129,664 active.
  it.each([
    { fixture: 'glm-4.5', total: 352_797_829_024, active: 33_632_266_144, hub: 358e9, hubExact: 358_337_791_296, card: 32e9, qkNorm: 'head', dense: 3 },
    { fixture: 'glm-4.5-air', total: 106_852_251_264, active: 13_424_129_664, hub: 110e9, hubExact: 110_468_824_832, card: 12e9, qkNorm: undefined, dense: 1 },
  ])('$fixture: $total main model; with the MTP layer and its copies, the hub\'s total', ({ fixture, total, active, hub, hubExact, card, qkNorm, dense }) => {
    const m = fromHfConfig(load(fixture), `test/fixtures/hf/${fixture}.json`);
    expect(m).toMatchObject({ bias: 'qkv', d_head: 128, kv_heads: 8, tied_embeddings: false, moe: { shared_experts: 1, dense_layers: dense, router_bias: true } });
    expect(m.qk_norm).toBe(qkNorm);
    expect(m.assumptions?.join('\n')).not.toMatch(/o_proj/);
    expect(m.assumptions?.join('\n')).toMatch(/num_nextn_predict_layers 1: the multi-token-prediction module \(1 extra decoder block with attention and MoE/);
    const p = count(m);
    expect([p.total, p.active]).toEqual([total, active]);
    const a = arch({ ...m, mtp: { depth: 1 } });
    const checkpoint = countParams(a).total + 2 * a.vocab * a.dModel;
    expect(Math.abs(checkpoint - hub)).toBeLessThanOrEqual(0.5e9);
    expect(checkpoint).toBe(hubExact);
    expect(Math.abs(p.active - p.embedding - card)).toBeLessThanOrEqual(0.5e9);
  });

  it('GLM-4.5 by hand: q/k/v biases, no o_proj bias, per-head q/k norms, 3 dense + 89 MoE layers', () => {
    // Glm4MoeAttention: q 5120·12288 + 12288, k and v 5120·1024 + 1024 each, o 12288·5120, q_norm and k_norm 128 each.
    const attention = 5120 * 12288 + 12288 + 2 * (5120 * 1024 + 1024) + 12288 * 5120 + 2 * 128;
    // Glm4MoeMoE: 160 experts and one shared MLP of 3·5120·1536, the router 160·5120 and its 160 correction biases.
    const moe = 161 * 3 * 5120 * 1536 + 160 * 5120 + 160;
    const byHand = 92 * attention + 3 * 3 * 5120 * 12288 + 89 * moe + 2 * 151_552 * 5120 + (2 * 92 + 1) * 5120;
    // Active: 8 routed + 1 shared of the 161 expert MLPs.
    const activeMoe = 9 * 3 * 5120 * 1536 + 160 * 5120 + 160;
    const activeByHand = 92 * attention + 3 * 3 * 5120 * 12288 + 89 * activeMoe + 2 * 151_552 * 5120 + (2 * 92 + 1) * 5120;
    const p = count(fromHfConfig(load('glm-4.5'), 'g.json'));
    expect([p.total, p.active]).toEqual([byHand, activeByHand]);
  });

  it('GLM-4.5-Air by hand: q/k/v biases, no q/k norms, 1 dense + 45 MoE layers of 128 experts', () => {
    // Glm4MoeAttention: q 4096·12288 + 12288, k and v 4096·1024 + 1024 each, o 12288·4096 (use_qk_norm false).
    const attention = 4096 * 12288 + 12288 + 2 * (4096 * 1024 + 1024) + 12288 * 4096;
    // Glm4MoeMoE: 128 experts and one shared MLP of 3·4096·1408, the router 128·4096 and its 128 correction biases;
    // a token uses 8 routed + the shared one.
    const moe = (mlps: number) => mlps * 3 * 4096 * 1408 + 128 * 4096 + 128;
    const body = (mlps: number) => 46 * attention + 3 * 4096 * 10944 + 45 * moe(mlps) + 2 * 151_552 * 4096 + (2 * 46 + 1) * 4096;
    const p = count(fromHfConfig(load('glm-4.5-air'), 'g.json'));
    expect([p.total, p.active]).toEqual([body(129), body(9)]);
  });

  it('attention_bias false drops the q/k/v biases; first_k_dense_replace alone decides the dense layers (no moe_layer_freq)', () => {
    expect(fromHfConfig({ ...load('glm-4.5-air'), attention_bias: false }, 'g.json').bias).toBe(false);
    const m = fromHfConfig({ ...load('glm-4.5-air'), moe_layer_freq: 2 }, 'g.json');
    expect(m.moe?.dense_layers).toBe(1);
  });
});

// Hostile sweep 13: the note for a config's uncounted multi-token-prediction module said "add `mtp: {depth: 1}` to
// count it", a model YAML's key: added to the config.json it changed nothing (the note stayed, the count too). It names
// what counts it for a config: --mtp-layers (flops, plan) and a scenario's training.mtp_layers. Fails on the old code.
describe('the uncounted MTP module: how to count it', () => {
  it.each(['deepseek-v3', 'glm-4.5'])('%s', (fixture) => {
    const notes = fromHfConfig(load(fixture), `test/fixtures/hf/${fixture}.json`).assumptions?.join('\n') ?? '';
    expect(notes).toContain('count it with --mtp-layers 1 (flops, plan) or training.mtp_layers: 1 in a scenario.');
    expect(notes).not.toContain('mtp: {depth');
  });
});

// Review D: `n_shared_experts: null` counted no shared expert, silently, for every type. transformers' classes refuse it
// (DeepseekV2Config, DeepseekV3Config, Glm4MoeConfig, Glm4MoeLiteConfig: `n_shared_experts: int`, @strict, @ 008e574;
// Dots1MoE is DeepseekV3MoE, which multiplies by it); Kimi K2's remote code (modeling_deepseek.py) builds no shared
// expert for None: kept as none, with a note. The refusing rows fail on the old code; deepseek_v2 is the V3 file retyped.
describe('n_shared_experts: null', () => {
  it.each([
    { what: 'deepseek_v3', config: load('deepseek-v3') },
    { what: 'deepseek_v2', config: { ...load('deepseek-v3'), model_type: 'deepseek_v2' } },
    { what: 'glm4_moe', config: load('glm-4.5-air') },
    { what: 'glm4_moe_lite', config: load('glm-4.7-flash') },
    { what: 'dots1', config: load('dots.llm1.inst') },
  ])('$what: refused at the key', ({ config }) => {
    const e = thrownInputError(() => fromHfConfig({ ...config, n_shared_experts: null }, 'c.json'));
    expect([e.details.keyPath, e.message]).toEqual(['n_shared_experts', 'expected a non-negative integer, found null']);
  });
  it('kimi_k2 (remote code): no shared expert, with a note', () => {
    const m = fromHfConfig({ ...load('kimi-k2-instruct'), n_shared_experts: null }, 'k.json');
    expect(m.moe?.shared_experts ?? 0).toBe(0);
    expect(m.assumptions?.join('\n')).toContain('n_shared_experts null: no shared expert');
  });
});
