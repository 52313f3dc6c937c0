/**
 * Llama 4 (src/model/hf/llama4.ts): the Scout and Maverick config.json fixtures (test/fixtures/hf/README.md says
 * where each is from), counted against a by-hand formula, the Hugging Face checkpoints' safetensors totals and
 * Meta's model card; and how the importer reads each of transformers' ways of writing the layers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFromText } from '../../../src/model/text.js';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../../src/model/schema.js';
import { fromHfConfig, LLAMA4_VISION_PARAMS, thrownInputError } from '../../helpers.js';

type Json = Record<string, unknown>;
const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Json;
const arch = (m: ModelInput) => toArchitecture(ModelSchema.parse(m));
/** A fixture with its text_config edited. */
const withText = (name: string, edit: (t: Json) => void): Json => {
  const c = load(name);
  const t = { ...(c.text_config as Json) };
  edit(t);
  return { ...c, text_config: t };
};

/**
 * The text model by hand (transformers modeling_llama4.py), d = 5120, L = 48, 40 heads and 8 KV heads of 128,
 * V = 202,048, untied: per layer q, o 5120·5120 and k, v 5120·1024 (62,914,560; the L2 q/k norm has no weight)
 * and two RMSNorms (2·5120); a MoE layer a router 5120·E, E experts and one shared expert of 3·5120·8192
 * (125,829,120 each); a dense layer 3·5120·16384 (intermediate_size_mlp); embedding and head 202,048·5120 each;
 * the final norm 5120. Active: the router, one routed expert (top-1) and the shared expert per MoE layer.
 */
const ATTN = 2 * 5120 * 5120 + 2 * 5120 * 1024;
const EXPERT = 3 * 5120 * 8192;
const DENSE = 3 * 5120 * 16384;
const OUTSIDE = 2 * 202_048 * 5120 + 5120 + 48 * 2 * 5120;
const byHand = (experts: number, moeLayers: number) => ({
  total: 48 * ATTN + moeLayers * (5120 * experts + (experts + 1) * EXPERT) + (48 - moeLayers) * DENSE + OUTSIDE,
  active: 48 * ATTN + moeLayers * (5120 * experts + 2 * EXPERT) + (48 - moeLayers) * DENSE + OUTSIDE,
});

/** The vision encoder and projector, by hand (test/helpers.ts). */
const VISION = LLAMA4_VISION_PARAMS;

describe.each([
  {
    name: 'Scout (meta-llama/Llama-4-Scout-17B-16E)', fixture: 'llama-4-scout-17b-16e', experts: 16, moeLayers: 48,
    total: 107_769_861_120, active: 17_172_894_720,
    // Hugging Face Hub safetensors total of meta-llama/Llama-4-Scout-17B-16E-Instruct (the same shapes as the base
    // model): 108,641,793,536, as third-party copies of the Hub's metadata print it (the Hub could not be reached:
    // a model-size test table, HF = {'meta-llama/Llama-4-Scout-17B-16E-Instruct': 108641793536}, and an
    // inventory of checkpoints, "safetensors.parameters.BF16 = 108,641,793,536", revision 92f3b159).
    hub: 108_641_793_536,
    // MODEL_CARD.md (meta-llama/llama-models models/llama4, commit 038acb9f): "17B (Activated) 109B (Total)".
    card: { total: 109e9, active: 17e9 },
  },
  {
    name: 'Maverick (meta-llama/Llama-4-Maverick-17B-128E)', fixture: 'llama-4-maverick-17b-128e', experts: 128, moeLayers: 24,
    total: 400_711_848_960, active: 17_184_691_200,
    // The checkpoint's total, 401,583,781,376: Fireworks AI's billing-export documentation prints it as the
    // parameter_count of "Llama 4 Maverick Basic" (accounts/fireworks/models/llama4-maverick-instruct-basic).
    hub: 401_583_781_376,
    // MODEL_CARD.md: "17B (Activated) 400B (Total)".
    card: { total: 400e9, active: 17e9 },
  },
])('llama4 $name', ({ fixture, experts, moeLayers, total, active, hub, card }) => {
  const m = fromHfConfig(load(fixture), `test/fixtures/hf/${fixture}.json`);
  const p = countParams(arch(m));

  it('counts the text model exactly as the by-hand formula (the integer written out by python3 from the same formula)', () => {
    expect(byHand(experts, moeLayers)).toEqual({ total, active });
    expect({ total: p.total, active: p.active }).toEqual({ total, active });
  });

  it('the checkpoint\'s total is the text model plus the vision encoder and projector by hand (871,932,416)', () => {
    expect(VISION).toBe(871_932_416);
    expect(p.total + VISION).toBe(hub);
  });

  it('Meta\'s model card: the total includes the vision encoder (109B, 400B to the card\'s rounding), the 17B active does not', () => {
    // Scout: text 107.77B rounds to 108B, text + vision 108.64B to 109B, the card's figure; Maverick: 400.7B and
    // 401.6B both within the card's "400B" (its figure is rounded to the hundred billion: 401.6B would print 402B).
    expect(Math.abs(p.total + VISION - card.total)).toBeLessThan(card.total === 109e9 ? 0.5e9 : 2e9);
    // Active: 17.17B and 17.18B text only; with the vision encoder's 0.87B it would be 18.0B, not "17B".
    expect(Math.round(p.active / 1e9) * 1e9).toBe(card.active);
    expect(Math.round((p.active + VISION) / 1e9) * 1e9).not.toBe(card.active);
  });

  it('says the vision encoder is not counted, and what has no parameters', () => {
    const said = m.assumptions!.join('\n');
    expect(said).toMatch(/the vision encoder and the multimodal projector \(vision_config\) are not/);
    expect(said).toMatch(/NoPE layers .* add no parameters and no matrix product/);
  });
});

describe('llama4_text: which layers are MoE and which chunked', () => {
  it('Scout: every layer MoE (moe_layers 0…47), 36 chunked layers from no_rope_layers (1 = RoPE = chunked), seq_len 8192', () => {
    const m = fromHfConfig(load('llama-4-scout-17b-16e'), 's.json');
    expect(m).toMatchObject({ attention_chunk_size: 8192, seq_len: 8192, moe: { experts: 16, top_k: 1, d_ff_expert: 8192, shared_experts: 1, d_ff_shared: 8192 } });
    expect([m.moe?.every, m.qk_norm]).toEqual([undefined, undefined]);
    expect(m.d_ff).toBeUndefined();
    expect(arch(m).chunkedAttention).toMatchObject({ chunk: 8192, layers: 36 });
    expect(m.assumptions!.join('\n')).toMatch(/use_qk_norm: a weightless L2 norm/);
  });

  it('Maverick: MoE every other layer (interleave_moe_layer_step 2), dense layers of intermediate_size_mlp, the default NoPE interval 4', () => {
    const m = fromHfConfig(load('llama-4-maverick-17b-128e'), 'm.json');
    expect(m).toMatchObject({ d_ff: 16384, layer_types: ['chunked_attention', 'chunked_attention', 'chunked_attention', 'full_attention'], moe: { experts: 128, every: 2 } });
    expect(m.assumptions!.join('\n')).toMatch(/defaults .*Llama4TextConfig\): text_config.no_rope_layer_interval 4/);
    expect(m.assumptions!.join('\n')).not.toMatch(/use_qk_norm/);
  });

  it.each([
    ['layer_types (newer transformers)', (t: Json) => { delete t.no_rope_layers; t.layer_types = Array.from({ length: 48 }, (_, i) => ((i + 1) % 4 ? 'chunked_attention' : 'full_attention')); }, 36],
    ['no_rope_layer_interval 2', (t: Json) => { delete t.no_rope_layers; t.no_rope_layer_interval = 2; }, 24],
    ['no_rope_layer_interval past the layers: every layer chunked', (t: Json) => { delete t.no_rope_layers; t.no_rope_layer_interval = 64; }, 48],
    ['an empty no_rope_layers falls back to the interval (transformers: `if self.no_rope_layers`)', (t: Json) => { t.no_rope_layers = []; }, 36],
  ] as const)('reads %s', (_, edit, chunked) => {
    expect(arch(fromHfConfig(withText('llama-4-scout-17b-16e', edit), 's.json')).chunkedAttention?.layers).toBe(chunked);
  });

  it('attention_chunk_size null: no layer is chunked, and it says so', () => {
    const m = fromHfConfig(withText('llama-4-scout-17b-16e', (t) => { t.attention_chunk_size = null; }), 's.json');
    expect(m.attention_chunk_size).toBeUndefined();
    expect(m.assumptions).toContain('attention_chunk_size null: every layer is counted as attending over the whole sequence.');
  });

  it.each([
    ['moe_layers on the every-2 rule is moe.every 2', { moe_layers: Array.from({ length: 24 }, (_, i) => 2 * i + 1) }, { every: 2 }, 24],
    ['moe_layers off any period keeps its count (dense layers modelled first, said)', { moe_layers: [0, 5, 6] }, { dense_layers: 45 }, 3],
    ['moe_layers empty: a dense model', { moe_layers: [] }, undefined, 0],
  ] as const)('%s', (_, patch, moe, moeLayers) => {
    const m = fromHfConfig(withText('llama-4-scout-17b-16e', (t) => Object.assign(t, patch)), 's.json');
    if (moe) expect(m.moe).toMatchObject(moe);
    else expect(m.moe).toBeUndefined();
    const a = arch(m);
    expect(countParams(a).byComponent.experts).toBe(moeLayers * 16 * EXPERT);
  });

  it.each([
    ['a moe_layers index past the last layer', (t: Json) => { t.moe_layers = [1, 48]; }, 'text_config.moe_layers[1]', /^layer 48 is past the last of 48 layers$/],
    ['a layer type Llama 4 does not have', (t: Json) => { t.layer_types = ['sliding_attention']; }, 'text_config.layer_types[0]', /^expected "chunked_attention" or "full_attention", found "sliding_attention"$/],
    ['interleave_moe_layer_step 0', (t: Json) => { delete t.moe_layers; t.interleave_moe_layer_step = 0; }, 'text_config.interleave_moe_layer_step', /expected a positive integer, found 0/],
    ['more no_rope_layers than layers', (t: Json) => { t.no_rope_layers = Array(49).fill(1); }, 'text_config.no_rope_layers', /^expected one entry per layer \(num_hidden_layers 48\), found 49$/],
    ['fewer no_rope_layers than layers (was a pattern repeated from layer 0)', (t: Json) => { t.no_rope_layers = (t.no_rope_layers as number[]).slice(0, 40); }, 'text_config.no_rope_layers', /^expected one entry per layer \(num_hidden_layers 48\), found 40$/],
  ] as const)('refuses %s at its key', (_, edit, keyPath, message) => {
    const e = thrownInputError(() => fromHfConfig(withText('llama-4-scout-17b-16e', edit), 'c.json'));
    expect(e.details.keyPath).toBe(keyPath);
    expect(e.message).toMatch(message);
  });

  it('an interleave_moe_layer_step past the layers: the schema\'s refusal, at the config\'s key and in its terms', () => {
    const text = JSON.stringify(withText('llama-4-maverick-17b-128e', (t) => { t.interleave_moe_layer_step = 64; }), null, 2);
    const e = thrownInputError(() => modelFromText(text, 'c.json', 'c'));
    expect(e.details).toMatchObject({ keyPath: 'text_config.interleave_moe_layer_step', line: text.split('\n').findIndex((l) => l.includes('interleave_moe_layer_step')) + 1 });
    expect(e.message).toBe('text_config.interleave_moe_layer_step (64) leaves no MoE layer out of 48');
    expect(e.details.hint).toBe('layer i is MoE when it is past the dense layers and i + 1 is a multiple of text_config.interleave_moe_layer_step: text_config.interleave_moe_layer_step needs a multiple after the dense layers, up to text_config.num_hidden_layers (text_config.num_hidden_layers itself is one)');
  });
});
