/** Invalid models give one clear, located error naming the key (issue: "Must show", last bullet). */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/errors.js';
import { validate } from '../../src/input/validate.js';
import { parseYaml } from '../../src/input/yaml.js';
import { ModelSchema, toArchitecture } from '../../src/model/schema.js';
import { countParams } from '../../src/model/params.js';
import { countFlops } from '../../src/flops/count.js';

const BASE = `name: tiny
layers: 2
d_model: 64
heads: 4
d_ff: 256
vocab: 100
seq_len: 32
`;

function errorFor(text: string): InputError {
  try {
    validate(ModelSchema, parseYaml(text, 'model.yaml'));
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('model validation errors', () => {
  it.each([
    { case: 'missing field', text: BASE.replace('vocab: 100\n', ''), key: 'vocab', line: 1, message: /required number is missing/ },
    { case: 'heads not dividing d_model', text: BASE.replace('heads: 4', 'heads: 5'), key: 'heads', line: 4, message: /does not divide d_model/, hint: /d_head/ },
    { case: 'kv_heads not dividing heads', text: BASE + 'kv_heads: 3\n', key: 'kv_heads', line: 8, message: /kv_heads \(3\) does not divide heads \(4\)/ },
    { case: 'top_k > experts', text: BASE + 'moe:\n  experts: 4\n  top_k: 5\n', key: 'moe.top_k', line: 10, message: /top_k \(5\) exceeds experts \(4\)/ },
    { case: 'negative size', text: BASE.replace('layers: 2', 'layers: -2'), key: 'layers', line: 2, message: /expected a value > 0, found -2/ },
    { case: 'non-integer size', text: BASE.replace('d_ff: 256', 'd_ff: 256.5'), key: 'd_ff', line: 5, message: /expected an integer, found 256.5/ },
    { case: 'unknown key', text: BASE + 'layer_count: 3\n', key: 'layer_count', line: 8, message: /unknown key `layer_count`/ },
    { case: 'typo with suggestion', text: BASE + 'kv_head: 2\n', key: 'kv_head', line: 8, message: /unknown key/, hint: /did you mean `kv_heads`\?/ },
    { case: 'bad enum', text: BASE + 'ffn: swiglo\n', key: 'ffn', line: 8, message: /expected one of `gelu`, `swiglu`, found "swiglo"/, hint: /did you mean `swiglu`/ },
    { case: 'mla field without mla', text: BASE + 'kv_lora_rank: 16\n', key: 'kv_lora_rank', line: 8, message: /only applies to attention: mla/ },
    // Hostile sweep 19: a model's own MTP depth was unbounded (depth 1,000,000 on 2 layers counted 41.6B parameters) where
    // --mtp-layers and training.mtp_layers refuse more modules than layers; fails on the old code.
    { case: 'mtp depth past the layers', text: BASE + 'mtp: {depth: 3}\n', key: 'mtp.depth', line: 8, message: /^mtp\.depth \(3\) is more multi-token-prediction modules than the model has layers \(2\): each is one more block like its last$/, hint: /DeepSeek-V3 and GLM-4\.5 train 1/ },
    // A table shorter than the model's own sequence was counted as if it held every position.
    { case: 'a learned position table shorter than seq_len', text: BASE + 'position: learned\nposition_embeddings: 16\n', key: 'position_embeddings', line: 9, message: /^a learned position table of 16 rows has no position past 16, found seq_len 32$/, hint: /^give seq_len 16 or less, or a model file with position_embeddings: 32/ },
    // OPT's 2 offset rows (modeling_opt.py OPTLearnedPositionalEmbedding) are parameters, not positions.
    { case: 'a learned table whose positions, less the offset, are shorter than seq_len', text: BASE + 'position: learned\nposition_embeddings: 33\nposition_offset: 2\n', key: 'position_embeddings', line: 9, message: /^a learned position table of 33 rows, 2 of them an offset \(position_offset\) and not positions, has no position past 31, found seq_len 32$/, hint: /^give seq_len 31 or less, or a model file with position_embeddings: 34 / },
    { case: 'an offset that leaves no position', text: BASE + 'position: learned\nposition_embeddings: 2\nposition_offset: 2\n', key: 'position_offset', line: 10, message: /^position_offset \(2\) leaves no position in a table of 2 rows$/ },
    { case: 'an offset without a learned table', text: BASE + 'position_offset: 2\n', key: 'position_offset', line: 8, message: /^position_offset only applies to position: learned$/ },
    // moe.every (Llama 4 Maverick's interleave_moe_layer_step): layer i is MoE when i + 1 is a multiple of it.
    { case: 'an every past the layers leaves no MoE layer', text: BASE + 'moe:\n  experts: 4\n  top_k: 1\n  every: 3\n', key: 'moe.every', line: 11, message: /^every \(3\) leaves no MoE layer out of 2$/, hint: /^layer i is MoE when i ≥ dense_layers and i \+ 1 is a multiple of every: every needs a multiple from 1 to 2 \(2 itself is one\)$/ },
    { case: 'every with dense_layers leaving no MoE layer', text: BASE.replace('layers: 2', 'layers: 4') + 'moe:\n  experts: 4\n  top_k: 1\n  dense_layers: 3\n  every: 3\n', key: 'moe.every', line: 12, message: /^every \(3\) leaves no MoE layer out of 4 after the 3 dense_layers$/, hint: /every needs a multiple from 4 to 4 \(4 itself is one\)$/ }, // 'at most 1' was wrong: every 2 and 4 make layer 3 MoE
    { case: 'every > 1 without d_ff for the dense layers between', text: BASE.replace('d_ff: 256\n', '') + 'moe:\n  experts: 4\n  top_k: 1\n  d_ff_expert: 128\n  every: 2\n', key: 'd_ff', line: 1, message: /^required number is missing$/, hint: /with moe.every 2 the layers between the MoE ones are dense and need d_ff/ },
    { case: 'every of 0', text: BASE + 'moe:\n  experts: 4\n  top_k: 1\n  every: 0\n', key: 'moe.every', line: 11, message: /expected a value > 0, found 0/ },
  ])('$case', ({ text, key, line, message, hint }) => {
    const err = errorFor(text);
    expect(err.details.file).toBe('model.yaml');
    expect(err.details.keyPath).toBe(key);
    expect(err.details.line).toBe(line);
    expect(err.message).toMatch(message);
    if (hint) expect(err.details.hint).toMatch(hint);
    expect(err.format()).toMatch(new RegExp(`^model\\.yaml:${line}:\\d+: ${key.replace('.', '\\.')}: `));
  });

  it('a valid model passes and fills defaults', () => {
    const m = validate(ModelSchema, parseYaml(BASE, 'model.yaml'));
    expect(m.ffn).toBe('gelu');
    expect(m.kv_heads).toBeUndefined();
  });

  it('position: none (NoPE, Nemotron-H) has no parameters and no products, as rotary; learned has a table', () => {
    const count = (position: string) => countParams(toArchitecture(validate(ModelSchema, parseYaml(`${BASE}position: ${position}\n`, 'model.yaml')))).total;
    expect(count('none')).toBe(count('rotary'));
    expect(count('learned') - count('none')).toBe(32 * 64); // seq_len rows of d_model
    // An offset's rows are parameters on top of seq_len's positions; the model still runs its seq_len.
    const offset = toArchitecture(validate(ModelSchema, parseYaml(`${BASE}position: learned\nposition_offset: 2\n`, 'model.yaml')));
    expect(countParams(offset).total - count('none')).toBe((32 + 2) * 64);
    expect(countFlops(offset).options.seqLen).toBe(32);
    expect(validate(ModelSchema, parseYaml(`${BASE}position: learned\nposition_embeddings: 34\nposition_offset: 2\n`, 'model.yaml')).position_offset).toBe(2);
    const flops = (position: string) => countFlops(toArchitecture(validate(ModelSchema, parseYaml(`${BASE}position: ${position}\n`, 'model.yaml')))).perToken.forward;
    expect(flops('none')).toBe(flops('rotary'));
    expect(errorFor(`${BASE}position: nope\n`).message).toMatch(/none/);
  });
});
