import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/flops/analyse.js';
import { ModelSchema, toArchitecture } from '../../src/model/schema.js';
import { modelFromText } from '../../src/model/text.js';
import { fromHfConfig, thrownInputError } from '../helpers.js';

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

// Assumptions are printed as one-line warnings with every result: one holding a newline printed a fake
// `error:` line. A model file's own are refused as any text with a control character; a config.json's
// strings quoted in an importer's note are shown with their controls made visible (the file is counted).
describe('an assumption is one line', () => {
  const model = (assumption: string) => `name: m\nassumptions: [${JSON.stringify(assumption)}]\nlayers: 2\nd_model: 64\nheads: 2\nd_ff: 256\nvocab: 100\nseq_len: 128\n`;
  it.each(['a\nerror: fake line', '\u001b]0;pwned\u0007', 'a\u202eb'])('a model file\'s assumption %j: refused at its key', (text) => {
    const e = thrownInputError(() => modelFromText(model(text), 'm.yaml', 'm'));
    expect(e.format()).toBe('m.yaml:2:15: assumptions[0]: text holds a control character (newline, tab, escape sequence, ...); use one line of plain text');
  });
  it.each([
    { what: 'quantization_config.quant_method', config: { ...load('meta-llama-3-8b'), quantization_config: { quant_method: 'x\nerror: fake line' } }, note: 'quantization_config (x\\nerror: fake line) is ignored' },
    { what: 'an escape sequence in it', config: { ...load('meta-llama-3-8b'), quantization_config: { quant_method: '\u001b]0;pwned\u0007' } }, note: 'quantization_config (\\x1b]0;pwned\\x07) is ignored' },
    { what: 'layer_types', config: { ...load('qwen2.5-72b'), num_hidden_layers: 2, use_sliding_window: true, sliding_window: 4096, layer_types: ['odd\nerror: fake', 'full_attention'] }, note: 'layer_types lists odd\\nerror: fake: counted as full attention' },
  ])('a config.json\'s $what: counted, its text shown with the controls visible', ({ config, note }) => {
    const a = imported(config);
    expect((a.assumptions ?? []).some((x) => x.startsWith(note))).toBe(true);
    expect((a.assumptions ?? []).join('')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});
