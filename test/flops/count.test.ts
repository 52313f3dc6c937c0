/** src/flops/count.ts: what a count refuses before counting (the counts themselves: golden.test.ts, oracles.test.ts). */
import { describe, expect, it } from 'vitest';
import { countFlops, positionTableProblem } from '../../src/flops/count.js';
import { InputError } from '../../src/input/errors.js';
import { validate } from '../../src/input/validate.js';
import { parseYaml } from '../../src/input/yaml.js';
import { ModelSchema, toArchitecture } from '../../src/model/schema.js';
import { thrownInputError } from '../helpers.js';

// A learned position table holds one row per position (GPT-2: 1,024), less the rows that are not positions
// (OPT: 2,050 rows, an offset of 2, 2,048 positions: modeling_opt.py OPTLearnedPositionalEmbedding); rotary,
// ALiBi and relative positions have none (0 rows) and run at any length. `flops gpt2 --seq-len 4096` counted
// 124.4M parameters, the 1,024-row table's, for a model that cannot run 4,096 positions without 3,072 more;
// `flops opt-125m.json --seq-len 2050` ran OPT at two positions it does not have.
describe('positionTableProblem', () => {
  it.each([
    [1024, 0, 1024, undefined],
    [1024, 0, 512, undefined],
    [2050, 2, 2048, undefined],
    [0, 0, 1_000_000, undefined],
    [1024, 0, 1025, 'a learned position table of 1,024 rows has no position past 1,024, found seq_len 1,025 | give seq_len 1024 or less, or a model file with position_embeddings: 1025 (the table\'s parameters grow with it)'],
    [2050, 2, 2049, 'a learned position table of 2,050 rows, 2 of them an offset (position_offset) and not positions, has no position past 2,048, found seq_len 2,049 | give seq_len 2048 or less, or a model file with position_embeddings: 2051 (seq_len 2049 + position_offset 2; the table\'s parameters grow with it)'],
  ])('%d rows, offset %d, at seq_len %d', (rows, offset, seqLen, problem) => expect(positionTableProblem(rows, offset, seqLen)).toBe(problem));
});

describe('countFlops refuses a sequence the model cannot run', () => {
  const learned = toArchitecture(validate(ModelSchema, parseYaml('name: tiny\nlayers: 2\nd_model: 64\nheads: 4\nd_ff: 256\nvocab: 100\nseq_len: 32\nposition: learned\n', 'tiny.yaml')));
  it.each([
    ['the table\'s length', 32, false],
    ['one past it', 33, true],
  ])('%s', (_, seqLen, refused) => {
    if (!refused) return expect(countFlops(learned, { seqLen }).options.seqLen).toBe(seqLen);
    const e = thrownInputError(() => countFlops(learned, { seqLen }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.details.keyPath).toBe('seq_len');
    expect(e.message).toBe('a learned position table of 32 rows has no position past 32, found seq_len 33');
  });
});
