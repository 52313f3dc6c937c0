/**
 * A scenario's training.documents (src/scenario/documents.ts, flops/documents.ts): accepted in its two forms, counted by
 * hand, carried into the prediction, and refused at the entry at fault.
 */
import { describe, expect, it } from 'vitest';
import { flops, run } from '../../src/index.js';
import { formattedError, thrownInputError } from '../helpers.js';

const scenario = (documents: string, extra = '', cluster = '  utilization: 0.4') => `name: t
model: llama-3.1-8b
training:
  tokens: 1T
  seq_len: 8192
  global_batch: 512
  attention: causal
${documents}${extra}
cluster:
  gpu: h100-sxm
  count: 64
${cluster}
`;

describe('training.documents accepted', () => {
  // Llama 3.1 8B (32 layers, H·Q = 4096) at s = 8192, causal: QKᵀ per layer and token 2·(s/2)·4096 = 33,554,432 on the
  // whole sequence, 2·1024·4096 = 8,388,608 in documents of 2,048 (each 2048²/2 keys, 4 a sequence: 1,024 per query).
  // Less per token: 2 products × 32 layers × 25,165,824 × 3 (forward + backward) = 4,831,838,208; × 1T tokens.
  const fewer = 4_831_838_208 * 1e12;
  it.each([
    ['one length', '  documents: {tokens: 2048}'],
    ['a one-entry mix', '  documents: [{tokens: 2048, share: 1}]'],
    ['a mix of 1,024 and 3,072 (the last of a sequence cut to 2,048)', '  documents: [{tokens: 1024, share: 0.5}, {tokens: 3072, share: 0.5}]'],
  ])('%s: model FLOPs fall by the hand count', (_, documents) => {
    // Keys per query: 1,024 in documents of 2,048 (3,072 fewer than 4,096). The mix: documents of 1,024, 512 keys; of
    // 3,072 in 8,192, 2 whole and 2,048 tokens, (2·3072² + 2048²)/(2·8192) = 23,068,672/16,384 = 1,408 keys; the
    // shares' mean 0.5 × 512 + 0.5 × 1,408 = 960 (3,136 fewer). Each key fewer: fewer / 3,072 FLOPs.
    const plain = run(scenario('')).results[0]!;
    const masked = run(scenario(documents)).results[0]!;
    const keysSaved = documents.includes('3072') ? 4096 - 960 : 4096 - 1024;
    expect(plain.model_flops - masked.model_flops).toBeCloseTo((fewer / 3072) * keysSaved, -10);
  });

  it('the result says so, and the predicted step is shorter: the kernel does a quarter of the attention', () => {
    const auto = '  utilization: auto';
    const masked = run(scenario('  documents: {tokens: 2048}', '', auto)).results[0]!;
    const plain = run(scenario('', '', auto)).results[0]!;
    expect(masked.documents).toEqual([{ tokens: 2048, share: 1 }]);
    expect(plain.documents).toBeUndefined();
    expect(masked.tokens_per_second).toBeGreaterThan(plain.tokens_per_second * 1.03);
  });
});

describe('training.documents refused', () => {
  it.each([
    ['a document longer than seq_len', '  documents: {tokens: 9000}',
      's.yaml:8:15: training.documents.tokens: a document of 9,000 tokens is longer than the sequence (seq_len 8,192): the sequence cuts it, so no mask but the causal one applies\n  hint: give documents of at most 8,192 tokens, or leave documents out for the causal mask alone'],
    ['one of a mix longer than seq_len, at its entry', '  documents: [{tokens: 1024, share: 0.5}, {tokens: 9000, share: 0.5}]', 's.yaml:8:44: training.documents[1].tokens: a document of 9,000'],
    ['shares that do not sum to 1', '  documents: [{tokens: 1024, share: 0.5}, {tokens: 2048, share: 0.4}]',
      's.yaml:8:3: training.documents: the shares of the document lengths sum to 0.9, not 1\n  hint: each share is the part of the training tokens in documents of that length; make them sum to 1'],
    ['a length twice', '  documents: [{tokens: 1024, share: 0.5}, {tokens: 1024, share: 0.5}]', 'training.documents[1].tokens: documents of 1,024 tokens are listed twice (also entry 0)'],
    ['a share above 1', '  documents: [{tokens: 1024, share: 1.5}]', 'training.documents'],
    ['a share of 0', '  documents: [{tokens: 1024, share: 0}, {tokens: 2048, share: 1}]', 'training.documents'],
    ['an empty mix', '  documents: []', 'training.documents'],
    ['a suffixed length', '  documents: {tokens: 2k}', 'training.documents'],
    ['share without a mix', '  documents: {tokens: 2048, share: 1}', 'training.documents'],
    // Hostile sweep 29: neither form (a number, or --documents' text copied into the file) was "expected a mapping or a
    // list" alone; the forms to write now follow (these fail on the old code).
    ['a number', '  documents: 4096', 's.yaml:8:3: training.documents: expected a mapping or a list, found 4096\n  hint: write {tokens: 4096}, every document 4096 tokens, or a mix as a list: [{tokens: 1024, share: 0.75}, {tokens: 8192, share: 0.25}] (the text 1024:0.75,8192:0.25 is --documents\' form, on the command line)'],
    ['a number as text', '  documents: "2048"', 'training.documents: expected a mapping or a list, found "2048"\n  hint: write {tokens: 2048}, every document 2048 tokens, or a mix'],
    ['--documents\' text form', '  documents: 1024:0.75,8192:0.25', 'found "1024:0.75,8192:0.25"\n  hint: write {tokens: 2048}, every document 2048 tokens, or a mix as a list: [{tokens: 1024, share: 0.75}, {tokens: 8192, share: 0.25}]'],
    ['a switch', '  documents: true', 'found true\n  hint: write {tokens: 2048}'],
  ])('%s', (_, documents, expected) => {
    expect(formattedError(() => run(scenario(documents), { file: 's.yaml' }))).toContain(expected);
  });

  // Hostile sweep 29 (polish 29): lengths written as one's tokens, and a mix's entry without its share, had no hint in a
  // scenario (the second had one in the library): one hint for both, at the same key. Each fails on the old code.
  const SHARE = 'each share is the part of the training tokens in documents of that length, such as 0.25; the shares sum to 1';
  it.each([
    { case: 'lengths as one\'s tokens', yaml: '{tokens: [1024, 2048]}', value: { tokens: [1024, 2048] }, key: 'training.documents.tokens', libraryKey: 'documents.tokens',
      hint: `a mix of lengths is a list, each with its share of the training tokens: [{tokens: 1024, share: 0.5}, {tokens: 2048, share: 0.5}] (${SHARE})` },
    { case: 'a one-entry mix without its share', yaml: '[{tokens: 2048}]', value: [{ tokens: 2048 }], key: 'training.documents[0].share', libraryKey: 'documents[0].share', hint: SHARE },
    { case: 'a mix\'s first entry without its share', yaml: '[{tokens: 2048}, {tokens: 1024, share: 0.5}]', value: [{ tokens: 2048 }, { tokens: 1024, share: 0.5 }], key: 'training.documents[0].share', libraryKey: 'documents[0].share', hint: SHARE },
  ])('$case: one hint in a scenario and the library', ({ yaml, value, key, libraryKey, hint }) => {
    const file = formattedError(() => run(scenario(`  documents: ${yaml}`), { file: 's.yaml' }));
    expect(file).toMatch(new RegExp(`^s\\.yaml:8:\\d+: ${key.replace(/[.[\]]/g, '\\$&')}: `));
    expect(file.split('\n  hint: ')[1]).toBe(hint);
    const lib = thrownInputError(() => flops('llama-3.1-8b', { seqLen: 8192, documents: value as never }));
    expect([lib.details.keyPath, lib.details.hint]).toEqual([libraryKey, hint]);
  });

  it('a length past one matrix cell\'s seq_len makes that cell infeasible, not the file', () => {
    const text = scenario('  documents: {tokens: 4096}').replace('  seq_len: 8192\n', '') + 'matrix:\n  training.seq_len: [2048, 8192]\n';
    const r = run(text, { file: 's.yaml' });
    expect(r.results.map((x) => x.seq_len)).toEqual([8192]);
    expect(JSON.stringify(r)).toContain('a document of 4,096 tokens is longer than the sequence (seq_len 2,048)');
  });
});
