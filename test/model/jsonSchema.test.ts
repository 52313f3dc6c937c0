import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelJsonSchema } from '../../src/model/jsonSchema.js';
import { ModelSchema } from '../../src/model/schema.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { runCli } from '../cli/run-cli.js';

describe('model JSON Schema', () => {
  it('the committed schema/model.schema.json is what `flopcast schema model` prints (regenerate with: node bin/flopcast.cjs schema model > schema/model.schema.json)', async () => {
    const committed = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'model.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(modelJsonSchema())));
    const printed = await runCli(['schema', 'model']);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toEqual(committed);
  });

  it('is strict draft-07, with every model field and the required ones', () => {
    const s = modelJsonSchema() as { $schema: string; additionalProperties: boolean; properties: Record<string, unknown>; required: string[] };
    expect(s.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(s.additionalProperties).toBe(false);
    expect(Object.keys(s.properties).sort()).toEqual(Object.keys(ModelSchema.shape).sort());
    expect(s.required.sort()).toEqual(['d_model', 'heads', 'layers', 'seq_len', 'vocab']);
  });

  // Review D: `bias` had no description, and on latent attention `qkv` biases q_a_proj, kv_a_proj_with_mqa and o_proj
  // (DeepseekV3Attention's attention_bias; src/model/params.ts), not q, k and v: each value says what it biases (fails on the old code).
  it.each([
    ['qkv, standard attention', /qkv: standard attention's q, k and v projections/],
    ['qkv, latent attention', /with attention: mla, q_a_proj, kv_a_proj_with_mqa and o_proj/],
    ['true', /true: every linear: .*the FFN's and the routed experts'/],
  ])('bias describes %s', (_, text) => {
    const bias = (modelJsonSchema() as { properties: Record<string, { description?: string }> }).properties.bias!;
    expect(bias.description).toMatch(text);
  });
});
