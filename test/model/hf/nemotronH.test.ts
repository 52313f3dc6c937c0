import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countParams } from '../../../src/model/params.js';
import { ModelSchema, toArchitecture } from '../../../src/model/schema.js';
import { fromHfConfig, thrownInputError } from '../../helpers.js';

/**
 * nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16's config.json (test/fixtures/hf/README.md says where it is from).
 * The model card: 31.6B total parameters, 3.6B active (embeddings included); 23 Mamba-2, 23 MoE (128 routed
 * experts + 1 shared, 6 per token) and 6 GQA layers.
 */
const NANO = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', 'nemotron-3-nano-30b-a3b.json'), 'utf8')) as Record<string, unknown> & { hybrid_override_pattern: string };

const params = (config: unknown) => countParams(toArchitecture(ModelSchema.parse(fromHfConfig(config, 'config.json'))));

const thrown = thrownInputError;

describe('nemotron_h import (configuration_nemotron_h.py, modeling_nemotron_h.py)', () => {
  it('Nemotron 3 Nano: 31,577,940,288 total (card: 31.6B), 3,580,076,352 active (card: 3.6B with embeddings)', () => {
    // embedding + head 2 × 131,072 × 2,688 = 704,643,072
    // 23 mixers × (in_proj 2688 × (8192 + 2048 + 64) 27,697,152 + conv 6,144 × 5 30,720 + 3 × 64 + norm 4,096 + out_proj 11,010,048) = 891,070,784
    // 6 attention × (2 × 2688 × 4096 + 2 × 2688 × 256) = 140,378,112
    // 23 MoE × (router 128 × 2688 + 128 correction bias 344,192 + 128 experts × 2 × 2688 × 1856 1,277,165,568 + shared 2 × 2688 × 3712 19,955,712) = 29,841,705,856
    // 53 RMSNorms × 2688 = 142,464. Inactive: 23 × 122 × 9,977,856 = 27,997,863,936.
    const p = params(NANO);
    expect(p.byComponent).toMatchObject({ mamba: 891_070_784, attention: 140_378_112, norms: 142_464, ffn: 0 });
    expect(p.byComponent.router + p.byComponent.experts + p.byComponent.shared_experts).toBe(29_841_705_856);
    expect([p.total, p.active]).toEqual([31_577_940_288, 3_580_076_352]);
  });

  it('reads the newer layers_block_type list, legacy names too, as the same pattern', () => {
    const { hybrid_override_pattern: _p, ...rest } = NANO;
    const toName: Record<string, string> = { M: 'mamba', E: 'moe', '*': 'full_attention' };
    const listed = { ...rest, layers_block_type: [...NANO.hybrid_override_pattern].map((c) => toName[c]) };
    expect(params(listed).total).toBe(31_577_940_288);
    expect(fromHfConfig(listed, 'config.json').layer_pattern).toBe(NANO.hybrid_override_pattern);
  });

  it('refuses latent MoE projections at moe_latent_size', () => {
    const e = thrown(() => fromHfConfig({ ...NANO, moe_latent_size: 1024 }, 'config.json'));
    expect(e.details.keyPath).toBe('moe_latent_size');
  });

  it('says what it leaves out: MTP layers, an unused expand, and the class defaults it filled in', () => {
    const { ssm_state_size: _n, ...withoutState } = NANO;
    const m = fromHfConfig({ ...withoutState, num_nextn_predict_layers: 1 }, 'config.json');
    const said = (m.assumptions ?? []).join('\n');
    expect(said).toMatch(/num_nextn_predict_layers 1: the multi-token-prediction layers/);
    expect(said).toMatch(/expand 2 is not used: the Mamba-2 inner width is mamba_num_heads × mamba_head_dim = 4,096/);
    expect(said).toMatch(/ssm_state_size 128/);
  });

  it('a pattern that disagrees with num_hidden_layers follows the pattern (NemotronHConfig.num_hidden_layers)', () => {
    const m = fromHfConfig({ ...NANO, num_hidden_layers: 50 }, 'config.json');
    expect(m.layers).toBe(52);
    // transformers warns (NemotronHConfig.__post_init__); the importer says so too (it was silent).
    expect(m.assumptions).toContainEqual('num_hidden_layers 50 does not match the 52 layers of hybrid_override_pattern: counted by hybrid_override_pattern, as transformers does (NemotronHConfig warns).');
  });

  it('a pattern with no M layer has no mamba block (the schema refuses one no layer uses)', () => {
    const m = fromHfConfig({ ...NANO, hybrid_override_pattern: NANO.hybrid_override_pattern.replace(/M/g, '*') }, 'config.json');
    expect(m.mamba).toBeUndefined();
    expect(ModelSchema.safeParse(m).success).toBe(true);
  });

  it('an unknown layer type reaches the model schema named', () => {
    const m = fromHfConfig({ ...NANO, hybrid_override_pattern: 'MEX*' + NANO.hybrid_override_pattern.slice(4) }, 'config.json');
    const r = ModelSchema.safeParse(m);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join('\n')).toMatch(/unknown layer type "X" at position 3/);
  });
});
