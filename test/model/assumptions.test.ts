import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/flops/analyse.js';
import { fromHfConfig } from '../../src/model/hf.js';
import { ModelSchema, toArchitecture } from '../../src/model/schema.js';

const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Record<string, unknown>;
const imported = (cfg: unknown, file = 'config.json') => toArchitecture(ModelSchema.parse(fromHfConfig(cfg, file)));

describe('what an imported model assumed travels with it', () => {
  it('seq_len from max_position_embeddings is a warning naming the field and the overrides, until the run gives its own', () => {
    const a = imported(load('qwen3-30b-a3b'));
    const w = analyse(a).warnings;
    expect(w[0]).toMatch(/^seq_len 40,960 comes from the config's max_position_embeddings, the longest context the model accepts/);
    expect(w[0]).toMatch(/--seq-len N or, in a scenario, training\.seq_len/);
    expect(analyse(a, { seqLen: 4096 }).warnings.some((x) => x.startsWith('seq_len'))).toBe(false);
    // Even a stated length equal to the config's is the user's, not a guess.
    expect(analyse(a, { seqLen: 40960 }).warnings).toEqual([]);
  });

  it('names rope_scaling.original_max_position_embeddings and FalconConfig\'s default as the source when they are', () => {
    expect(imported(load('llama-3.1-405b')).seqLenFrom).toMatch(/rope_scaling\.original_max_position_embeddings/);
    expect(imported(load('falcon-40b')).seqLenFrom).toMatch(/FalconConfig's default max_position_embeddings/);
    expect(imported(load('gpt2')).seqLenFrom).toMatch(/n_positions/);
  });

  it('every importer note is a warning, prefixed with the model name', () => {
    const a = imported(load('qwen2-57b-a14b'), 'qwen2-57b-a14b.json');
    expect(analyse(a, { seqLen: 4096 }).warnings).toEqual([expect.stringMatching(/^qwen2-57b-a14b: shared_expert_gate: .*100,352 in all/)]);
  });

  it('hand-written models and presets warn about nothing', () => {
    const a = toArchitecture(ModelSchema.parse({ layers: 2, d_model: 64, heads: 4, d_ff: 256, vocab: 100, seq_len: 128 }));
    expect(analyse(a).warnings).toEqual([]);
  });
});
