/**
 * A model's text (src/model/text.ts), as the page passes a pasted config.json: refused by size before
 * JSON.parse looks at it (6 MB of nested lists took it 5 s: the test checks JSON.parse is never called,
 * not a clock), and by depth whatever the parser.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/input/errors.js';
import { fieldPlace, modelFromText } from '../../src/model/text.js';
import { toArchitecture, ModelSchema } from '../../src/model/schema.js';

describe('modelFromText refuses hostile text before parsing it, with the input rules\' messages', () => {
  afterEach(() => vi.restoreAllMocks());
  it.each([
    { what: '6 MB of nested lists (JSON)', text: '['.repeat(3e6) + ']'.repeat(3e6), file: 'config.json', message: 'text is 6,000,000 characters; the limit is 1,000,000 bytes', parsed: false },
    { what: '5 MB of one string (JSON)', text: `{"model_type": "llama", "x": "${'a'.repeat(5e6)}"}`, file: 'config.json', message: 'the limit is 1,000,000 bytes', parsed: false },
    { what: '100,000 levels (JSON)', text: `{"a": ${'['.repeat(1e5)}${']'.repeat(1e5)}}`, file: 'config.json', message: 'nesting deeper than 32 levels', parsed: true },
    { what: '2 MB of text (YAML)', text: `layers: 2\n#${'x'.repeat(2e6)}\n`, file: 'm.yaml', message: 'the limit is 1,000,000 bytes', parsed: false },
  ])('$what', ({ text, file, message, parsed }) => {
    const parse = vi.spyOn(JSON, 'parse');
    let err: unknown;
    try {
      modelFromText(text, file, 'x');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).format()).toContain(message);
    expect((err as InputError).details.file).toBe(file);
    // Over the size limit the text never reaches JSON.parse (which took 5 s over 6 MB of brackets).
    if (!parsed) expect(parse).not.toHaveBeenCalled();
  });
});

// fieldPlace: where a model read from text wrote a field, for refusals raised after parsing (library/core.ts
// countedExactly). YAML: the key's own line and column; config.json: the config key the field came from, or
// the file alone for a field the config left to a default; a model not read from text: none.
describe('fieldPlace', () => {
  const yaml = 'layers: 2\nd_model: 64\nheads: 4\nffn: swiglu\nd_ff: 256\nvocab: 1000\nmoe:\n  experts: 4\n  top_k: 2\n  d_ff_expert: 64\nseq_len: 1280\n';
  const json = '{\n "model_type": "llama",\n "hidden_size": 64,\n "intermediate_size": 256,\n "num_hidden_layers": 2,\n "num_attention_heads": 4,\n "vocab_size": 1000,\n "max_position_embeddings": 2048\n}';
  it.each([
    { what: 'YAML, top level', text: yaml, file: 'm.yaml', field: 'seq_len', place: { file: 'm.yaml', line: 11, col: 1, keyPath: 'seq_len' } },
    { what: 'YAML, nested', text: yaml, file: 'm.yaml', field: 'moe.top_k', place: { file: 'm.yaml', line: 9, col: 3, keyPath: 'moe.top_k' } },
    { what: 'config.json, the key it came from', text: json, file: 'config.json', field: 'seq_len', place: { file: 'config.json', line: 8, col: 2, keyPath: 'max_position_embeddings' } },
    { what: 'config.json, the key it came from (layers)', text: json, file: 'config.json', field: 'layers', place: { file: 'config.json', line: 5, col: 2, keyPath: 'num_hidden_layers' } },
  ])('$what', ({ text, file, field, place }) => {
    expect(fieldPlace(modelFromText(text, file, 'm'), field)).toEqual(place);
  });
  it('a model built from a value has no place', () => {
    expect(fieldPlace(toArchitecture(ModelSchema.parse({ layers: 2, d_model: 64, heads: 4, ffn: 'swiglu', d_ff: 256, vocab: 1000, seq_len: 1280 }), 'm'), 'seq_len')).toBeUndefined();
  });
});
