/**
 * Granite 4.0's attention-only checkpoints under GraniteMoeHybrid's model_type (src/model/hf/granite4.ts), counted; its
 * Mamba hybrids and routed experts refused at their keys. They were all refused as "its Mamba (state-space) layers beside
 * attention", which the attention-only files do not have (new-user trial configs33).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture } from '../../../src/model/schema.js';
import { HYBRID_SSM_HINT } from '../../../src/model/hf/unsupported.js';
import { fromHfConfig, thrownInputError } from '../../helpers.js';

const micro = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', 'granite-4.0-micro.json'), 'utf8')) as Record<string, unknown>;
const count = (config: Record<string, unknown>) => countParams(toArchitecture(ModelSchema.parse(fromHfConfig(config, 'config.json'))));
const sizes = (d: number, layers: number, heads: number, kv: number, ff: number) => ({
  hidden_size: d, num_hidden_layers: layers, num_attention_heads: heads, num_key_value_heads: kv,
  intermediate_size: ff, shared_intermediate_size: ff, layer_types: Array(layers).fill('attention'),
});

describe('granitemoehybrid, every layer attention and no experts (GraniteMoeHybridForCausalLM)', () => {
  it('ibm-granite/granite-4.0-micro: Granite\'s layers, the MLP shared_intermediate_size wide, rotary, the head tied', () => {
    expect(fromHfConfig(micro, 'config.json')).toMatchObject({
      layers: 40, d_model: 2560, heads: 40, kv_heads: 8, d_ff: 8192, ffn: 'swiglu', norm: 'rmsnorm', position: 'rotary', tied_embeddings: true, vocab: 100_352,
    });
  });

  // The totals are the Hugging Face Hub API's safetensors.total for each repository, as a public license-and-size table
  // records them ("HF Hub API 2026-09-25: tags license:* and safetensors.total", code index file id 71142266638); the
  // sizes are the "real HF dimensions" a public Granite 4 test suite lists (file id 56628895354) and this fixture has.
  it.each([
    // Per layer: q, o d² each; k, v d·(kv·d/heads) each; input_linear d·2F and output_linear F·d; two RMSNorms. One tied
    // 100,352 × d table and the final norm.
    { name: 'granite-4.0-micro', over: {}, d: 2560, layers: 40, heads: 40, kv: 8, ff: 8192, total: 3_402_836_480 },
    { name: 'granite-4.0-1b', over: sizes(2048, 40, 16, 4, 4096), d: 2048, layers: 40, heads: 16, kv: 4, ff: 4096, total: 1_631_750_144 },
    { name: 'granite-4.0-350m', over: sizes(1024, 28, 16, 4, 2048), d: 1024, layers: 28, heads: 16, kv: 4, ff: 2048, total: 352_379_904 },
  ])('$name: $total parameters, the checkpoint\'s safetensors total, and the by-hand sum', ({ over, d, layers, heads, kv, ff, total }) => {
    const layer = 2 * d * d + 2 * d * (kv * d / heads) + 3 * d * ff + 2 * d;
    const p = count({ ...micro, ...over });
    expect(p.total).toBe(layers * layer + 100_352 * d + d);
    expect(p.total).toBe(total);
  });

  it('position_embedding_type left out (GraniteMoeHybridConfig\'s None) is no position encoding, with a note', () => {
    const { position_embedding_type: _p, ...rest } = micro;
    void _p;
    const m = fromHfConfig(rest, 'config.json');
    expect(m.position).toBe('none');
    expect(m.assumptions?.join('\n')).toMatch(/no rotary embedding/);
  });
});

describe('granitemoehybrid that is not attention-only and expert-free is refused at its key, naming what is not read', () => {
  const hybrid = [...Array(5).fill('mamba'), 'attention', ...Array(34).fill('mamba')];
  it.each([
    { what: 'Mamba layers (granite-4.0-h-micro\'s pattern)', over: { layer_types: hybrid }, key: 'layer_types', message: /^39 of 40 layers are "mamba": GraniteMoeHybrid's Mamba-2 mixers/, hint: HYBRID_SSM_HINT },
    { what: 'no layer_types (every layer mamba)', over: { layer_types: undefined }, key: 'layer_types', message: /every layer a Mamba-2 mixer/, hint: HYBRID_SSM_HINT },
    { what: 'routed experts', over: { num_local_experts: 64 }, key: 'num_local_experts', message: /^64 routed experts beside the shared MLP/, hint: /by hand/ },
    { what: 'no num_local_experts (the class\'s 8)', over: { num_local_experts: undefined }, key: 'num_local_experts', message: /^8 routed experts \(left out/, hint: /by hand/ },
    { what: 'a layer kind the class refuses', over: { layer_types: [...Array(39).fill('attention'), 'linear'] }, key: 'layer_types[39]', message: /expected "mamba" or "attention"/, hint: /"mamba" or "attention"/ },
    { what: 'a list not one per layer', over: { layer_types: Array(39).fill('attention') }, key: 'layer_types', message: /one entry per layer \(num_hidden_layers 40\), found 39/, hint: /one entry per layer/ },
    { what: 'an unknown position encoding', over: { position_embedding_type: 'alibi' }, key: 'position_embedding_type', message: /expected "rope" or null/, hint: /rope/ },
  ])('$what', ({ over, key, message, hint }) => {
    const config: Record<string, unknown> = { ...micro, ...over };
    for (const k of Object.keys(over)) if ((over as Record<string, unknown>)[k] === undefined) delete config[k];
    const e = thrownInputError(() => fromHfConfig(config, 'config.json'));
    expect(e.details.keyPath).toBe(key);
    expect(e.message).toMatch(message);
    if (typeof hint === 'string') expect(e.details.hint).toBe(hint);
    else expect(e.details.hint).toMatch(hint);
  });
});
