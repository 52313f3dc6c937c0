import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';
import { modelFromText } from '../../../src/model/text.js';
import { fromHfConfig, thrownInputError } from '../../helpers.js';

// The families of src/model/hf/moreMoe.ts; test/fixtures/hf/README.md says where each fixture is from.
const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Record<string, unknown>;
const count = (m: ModelInput) => countParams(toArchitecture(ModelSchema.parse(m)));
/** The error a changed fixture gets through the CLI's reader, with the line and column of `key` in its text. */
const refusal = (config: Record<string, unknown>) => {
  const text = JSON.stringify(config, null, 2);
  return { e: thrownInputError(() => modelFromText(text, 'h.json', 'h')), text };
};

describe('hunyuan_v1_moe (HunYuanMoEV1ForCausalLM: Hunyuan-A13B)', () => {
  const m = fromHfConfig(load('hunyuan-a13b-instruct'), 'test/fixtures/hf/hunyuan-a13b-instruct.json');

  it('tencent/Hunyuan-A13B-Instruct: per-head q/k norms, every layer 64 experts of 3072, 8 per token, and one shared MLP, the head tied', () => {
    expect(m).toMatchObject({ layers: 32, d_model: 4096, heads: 32, kv_heads: 8, d_head: 128, ffn: 'swiglu', qk_norm: 'head', norm: 'rmsnorm', tied_embeddings: true, seq_len: 32768 });
    expect(m.moe).toEqual({ experts: 64, top_k: 8, d_ff_expert: 3072, shared_experts: 1, d_ff_shared: 3072 });
    expect(m.bias).toBeUndefined();
  });

  it('80,393,183,232 parameters, 12,747,448,320 active: the published total and the by-hand sums', () => {
    // Per layer (modular_hunyuan_v1_moe.py): q, o 4096² each, k, v 4096·1024 each, query_layernorm and key_layernorm
    // 128 each, the router 4096·64, 64 experts and the shared MLP 3·4096·3072 each, two RMSNorms; one 128,167 × 4096
    // table (tied) and the final norm.
    const attn = 2 * 4096 ** 2 + 2 * 4096 * 1024 + 2 * 128 + 2 * 4096 + 4096 * 64;
    const mlp = 3 * 4096 * 3072;
    const p = count(m);
    expect(p.total).toBe(32 * (attn + 65 * mlp) + 128_167 * 4096 + 4096);
    // A public parameter ledger of Hunyuan-A13B: "the ledger reproduces the safetensors headers exactly: 80,393,183,232
    // parameters"; a public trace of the hub file loaded by transformers 5.14.1 on the meta device: "80.39B total,
    // 12.75B active" (test/fixtures/hf/README.md).
    expect(p.total).toBe(80_393_183_232);
    expect(p.active).toBe(32 * (attn + 9 * mlp) + 128_167 * 4096 + 4096);
    expect(p.active).toBe(12_747_448_320);
  });

  it('refuses a file without use_mixed_mlp_moe (Tencent\'s HunYuanMoeV1Config reads it as False: no shared MLP), naming the key', () => {
    expect(load('hunyuan-a13b-instruct').use_mixed_mlp_moe).toBe(true);
    const { use_mixed_mlp_moe: _u, ...rest } = load('hunyuan-a13b-instruct');
    void _u;
    const e = thrownInputError(() => fromHfConfig(rest, 'h.json'));
    expect(e.message).toMatch(/^use_mixed_mlp_moe left out: /);
    expect(e.details).toMatchObject({ keyPath: 'use_mixed_mlp_moe', hint: expect.stringMatching(/^set use_mixed_mlp_moe true if the model has the shared MLP/) });
  });

  it('reads num_experts and moe_topk as integers too, and unties the head when the file leaves tie_word_embeddings out (HunYuanMoEV1Config)', () => {
    const { tie_word_embeddings: _t, ...rest } = load('hunyuan-a13b-instruct');
    void _t;
    const n = fromHfConfig({ ...rest, moe_topk: 2, num_experts: Array(32).fill(16) }, 'h.json');
    expect(n.moe).toMatchObject({ experts: 16, top_k: 2 });
    expect(n.tied_embeddings).toBe(false);
  });

  it.each([
    { what: 'a top-k that differs between layers', change: { moe_topk: [8, 8, 4, ...Array(29).fill(8)] }, key: 'moe_topk[2]', message: /^moe_topk differs between layers \(8 at layer 0, 4 at layer 2\)/ },
    { what: 'experts of moe_intermediate_size other than intermediate_size', change: { moe_intermediate_size: 1536 }, key: 'moe_intermediate_size', message: /^moe_intermediate_size 1,536: transformers' HunYuanMoEV1Moe builds experts of intermediate_size \(3,072\)/ },
    // A per-layer moe_intermediate_size that varies is refused as transformers ignores the key (it was "the model format has one value for every MoE layer").
    { what: 'a moe_intermediate_size that varies by layer', change: { moe_intermediate_size: [...Array(31).fill(3072), 1536] }, key: 'moe_intermediate_size[31]', message: /^moe_intermediate_size 1,536 at layer 31: transformers' HunYuanMoEV1Moe builds experts of intermediate_size \(3,072\) whatever moe_intermediate_size says/ },
    { what: 'two shared experts', change: { num_shared_expert: Array(32).fill(2) }, key: 'num_shared_expert[0]', message: /^num_shared_expert 2 at layer 0: transformers' HunYuanMoEV1Moe builds one shared MLP/ },
    { what: 'two shared experts, once', change: { num_shared_expert: 2 }, key: 'num_shared_expert', message: /^num_shared_expert 2: transformers' HunYuanMoEV1Moe builds one shared MLP/ },
    // Lists read [layer_idx] of another length than the 32 layers (transformers would raise IndexError on a shorter one): they were read.
    { what: 'a moe_topk list of 3 for 32 layers', change: { moe_topk: [8, 8, 8] }, key: 'moe_topk', message: /^expected one entry per layer \(num_hidden_layers 32\), found 3$/ },
    { what: 'a num_experts list of 40 for 32 layers', change: { num_experts: Array(40).fill(64) }, key: 'num_experts', message: /^expected one entry per layer \(num_hidden_layers 32\), found 40$/ },
    { what: 'a num_shared_expert list of 2 for 32 layers', change: { num_shared_expert: [1, 1] }, key: 'num_shared_expert', message: /^expected one entry per layer \(num_hidden_layers 32\), found 2$/ },
    // The kinds (HfConfig.intOrList): an integer, or a list of integers each refused at its index.
    { what: 'a moe_topk of text', change: { moe_topk: '8' }, key: 'moe_topk', message: /^expected a positive integer or a list of one per layer, found "8"$/ },
    { what: 'a negative num_shared_expert', change: { num_shared_expert: -1 }, key: 'num_shared_expert', message: /^expected a non-negative integer or a list of one per layer, found -1$/ },
    { what: 'a moe_topk entry of text', change: { moe_topk: [8, 'x', ...Array(30).fill(8)] }, key: 'moe_topk[1]', message: /^expected a positive integer, found "x"$/ },
    { what: 'cross-layer attention', change: { use_cla: true }, key: 'use_cla', message: /^use_cla: cross-layer attention/ },
    { what: 'no expert count', change: { num_experts: null }, key: 'num_experts', message: /^required number is missing/ },
    // Tencent's code, vLLM and SGLang build the shared MLP only when use_mixed_mlp_moe is true; transformers always.
    { what: 'use_mixed_mlp_moe false', change: { use_mixed_mlp_moe: false }, key: 'use_mixed_mlp_moe', message: /^use_mixed_mlp_moe false: transformers' HunYuanMoEV1Moe builds a shared MLP/ },
    { what: 'use_mixed_mlp_moe null', change: { use_mixed_mlp_moe: null }, key: 'use_mixed_mlp_moe', message: /^expected true or false, found null$/ },
  ])('refuses $what at its key', ({ change, key, message }) => {
    const { e, text } = refusal({ ...load('hunyuan-a13b-instruct'), ...change });
    expect(e.details.keyPath).toBe(key);
    expect(e.message).toMatch(message);
    const top = key.replace(/\[\d+\]$/, '');
    if (key === top) expect({ line: e.details.line, col: e.details.col }).toEqual({ line: text.split('\n').findIndex((l) => l.startsWith(`  "${top}":`)) + 1, col: 3 });
    else expect(e.details.line).toBeGreaterThan(text.split('\n').findIndex((l) => l.startsWith(`  "${top}":`)) + 1);
  });
});
