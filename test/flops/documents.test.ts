/**
 * Document masking in the FLOP core (src/flops/documents.ts, window.ts documentKeys): attention inside each packed
 * document only. Counts are checked against hand arithmetic (in the comments), a brute-force count of the mask, and the
 * count without documents; bad document lengths are refused.
 */
import { describe, expect, it } from 'vitest';
import { countFlops } from '../../src/flops/count.js';
import { isAttentionCore } from '../../src/flops/components.js';
import { documentsProblem, documentsText, packings, type Documents } from '../../src/flops/documents.js';
import { windowedWorkFraction } from '../../src/flops/window.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../src/model/schema.js';
import { thrownInputError } from '../helpers.js';

// H = 4 heads of Q = 64: H·Q = 256, so QKᵀ costs 2·256 = 512 FLOPs per key per token.
const BASE: ModelInput = { layers: 4, d_model: 256, heads: 4, d_ff: 512, ffn: 'swiglu', vocab: 1000, seq_len: 8192, norm: 'rmsnorm' };
const arch = (extra: Partial<ModelInput> = {}) => toArchitecture(ModelSchema.parse({ ...BASE, ...extra }));
const one = (tokens: number): Documents => [{ tokens, share: 1 }];
const part = (a: ReturnType<typeof arch>, id: string, o: Parameters<typeof countFlops>[1] = {}) => countFlops(a, o).components.find((c) => c.id === id);
const refusal = thrownInputError;

describe('QKᵀ and A·V inside documents', () => {
  it.each([
    // s = 8192 in 4 documents of 2048. Causal: each holds 2048²/2 = 2,097,152 keys; 4 of them over 8192 queries = 1,024
    // keys per query (a quarter of the sequence's s/2 = 4,096); 512 × 1,024 = 524,288 FLOPs per token per layer.
    ['causal, 4 documents of 2,048 in 8,192', 'causal', 2048, 524_288],
    // Full: each document's 2048² = 4,194,304 keys; × 4 / 8192 = 2,048 keys per query; 512 × 2,048 = 1,048,576.
    ['full, 4 documents of 2,048 in 8,192', 'full', 2048, 1_048_576],
    // The last document cut by the sequence: q = ⌊8192/3000⌋ = 2 of 3000 and r = 2192 tokens. Causal keys
    // (2·3000² + 2192²)/(2·8192) = (18,000,000 + 4,804,864)/16,384 = 1,391.90234375 per query; × 512 = 712,652 exactly.
    ['causal, documents of 3,000: the sequence cuts the third', 'causal', 3000, 712_652],
    // Full: (18,000,000 + 4,804,864)/8192 = 2,783.8046875 keys; × 512 = 1,425,304.
    ['full, documents of 3,000', 'full', 3000, 1_425_304],
  ] as const)('%s', (_, attention, tokens, perLayer) => {
    const a = arch();
    for (const id of ['attn_scores', 'attn_values']) {
      expect(part(a, id, { attention, documents: one(tokens) })).toMatchObject({ repeats: 4, forwardPerRepeat: perLayer, forward: 4 * perLayer });
    }
  });

  it('a length mix is the shares\' mean: 75% in documents of 1,024, 25% of 8,192, causal at 8,192', () => {
    // 0.75 × 1024/2 + 0.25 × 8192/2 = 384 + 1,024 = 1,408 keys per query; × 512 = 720,896 FLOPs per token per layer.
    const docs: Documents = [{ tokens: 1024, share: 0.75 }, { tokens: 8192, share: 0.25 }];
    expect(part(arch(), 'attn_scores', { attention: 'causal', documents: docs })!.forwardPerRepeat).toBe(720_896);
  });

  it('the full convention equals a brute-force count of the document mask\'s query-key pairs', () => {
    // s = 100 in documents of 30: [0,30), [30,60), [60,90), [90,100). Pairs (i, j) in one document, over s queries.
    const s = 100;
    let pairs = 0;
    for (let i = 0; i < s; i++) for (let j = 0; j < s; j++) if (Math.floor(i / 30) === Math.floor(j / 30)) pairs++;
    expect(pairs).toBe(3 * 900 + 100);
    expect(part(arch(), 'attn_scores', { seqLen: s, documents: one(30) })!.forwardPerRepeat).toBe((512 * pairs) / s);
  });

  it('one document the length of the sequence is the count without documents, in both conventions', () => {
    for (const attention of ['full', 'causal'] as const) {
      expect(countFlops(arch(), { attention, documents: one(8192) }).perToken).toEqual(countFlops(arch(), { attention }).perToken);
    }
  });

  it('the projections, FFN and logits do not change; selective recomputation reruns the masked core', () => {
    const a = arch();
    const plain = countFlops(a, { attention: 'causal' });
    const docs = countFlops(a, { attention: 'causal', documents: one(2048), recompute: 'selective' });
    for (const c of docs.components.filter((x) => !isAttentionCore(x.id))) expect(c.forward).toBe(plain.components.find((p) => p.id === c.id)!.forward);
    // Core per token: 2 products × 4 layers × 524,288 = 4,194,304, a quarter of the unmasked 16,777,216.
    expect(docs.perToken.recompute).toBe(4_194_304);
  });
});

describe('documents with sliding windows and chunks', () => {
  it('a sliding window inside each document: W·(2n − W)/2 keys per document of n', () => {
    // W = 1024, documents of 2048: 1024·(4096 − 1024)/2 = 1,572,864 keys each; × 4 / 8192 = 768 per query; × 512.
    const a = arch({ sliding_window: 1024, layer_types: ['sliding_attention', 'full_attention'] });
    expect(part(a, 'attn_scores_window', { attention: 'causal', documents: one(2048) })!.forwardPerRepeat).toBe(768 * 512);
    // A window as long as the documents changes nothing inside them: the global layers' 1,024 keys.
    const w = arch({ sliding_window: 2048, layer_types: ['sliding_attention', 'full_attention'] });
    expect(part(w, 'attn_scores_window', { attention: 'causal', documents: one(2048) })!.forwardPerRepeat).toBe(1024 * 512);
  });

  it('chunks and documents that divide one another: the finer partition; others refused', () => {
    const a = arch({ attention_chunk_size: 1024, layer_types: ['chunked_attention', 'full_attention'] });
    // Chunks of 1024 inside documents of 2048: blocks of 1024, 1024/2 = 512 keys per query (causal).
    expect(part(a, 'attn_scores_chunked', { attention: 'causal', documents: one(2048) })!.forwardPerRepeat).toBe(512 * 512);
    // Documents of 512 inside chunks of 1024: the documents, 256 keys.
    expect(part(a, 'attn_scores_chunked', { attention: 'causal', documents: one(512) })!.forwardPerRepeat).toBe(256 * 512);
    const err = refusal(() => countFlops(a, { documents: one(1500) }));
    expect(err.details.keyPath).toBe('documents');
    // Hostile sweep 27: the lengths grouped as every other document length is printed (`3000 tokens` was unformatted).
    expect([err.message, err.details.hint]).toEqual(['documents of 1,500 tokens and attention chunks of 1,024 do not divide one another, so a document\'s chunks depend on where it starts', 'give document lengths that divide 1,024 or are multiples of it']);
  });

  it('the performance model\'s work fraction is the masked core FLOPs over the unmasked ones', () => {
    const core = (m: ReturnType<typeof arch>, docs: Documents | undefined) =>
      countFlops(m, { attention: 'causal', documents: docs }).components.filter((c) => isAttentionCore(c.id)).reduce((t, c) => t + c.forward, 0);
    for (const m of [arch(), arch({ sliding_window: 1024, layer_types: ['sliding_attention', 'full_attention'] })]) {
      expect(windowedWorkFraction(m, 8192, 'causal', one(2048))).toBeCloseTo(core(m, one(2048)) / core(arch(), undefined), 12);
    }
    expect(windowedWorkFraction(arch(), 8192, 'causal', one(2048))).toBe(0.25);
  });
});

describe('document lengths refused', () => {
  it.each([
    ['a document longer than the sequence', one(9000), /a document of 9,000 tokens is longer than the sequence \(seq_len 8,192\)/],
    ['shares that do not sum to 1', [{ tokens: 1024, share: 0.5 }, { tokens: 2048, share: 0.4 }], /the shares of the document lengths sum to 0.9, not 1/],
    ['a length listed twice', [{ tokens: 1024, share: 0.5 }, { tokens: 1024, share: 0.5 }], /documents of 1,024 tokens are listed twice/],
  ] as const)('%s', (_, docs, message) => {
    const err = refusal(() => countFlops(arch(), { documents: docs }));
    expect(err.details.keyPath).toBe('documents');
    expect(err.message).toMatch(message);
  });

  it('a count per token that is not whole is refused, seq_len grouped', () => {
    // s = 1,001 in a document of 1,000 and one of 1: QKᵀ 2·H·Q·(1000² + 1²)/(2s) = 256 × 1,000,001 / 1,001 = 255,744.51…
    const err = refusal(() => countFlops(arch(), { seqLen: 1001, attention: 'causal', documents: one(1000) }));
    expect(err.details.keyPath).toBe('documents');
    expect(err.message).toMatch(/^attention causal over documents of 1,000 tokens at seq_len 1,001 gives 255744\.51\d* FLOPs per token, not a whole number/);
  });

  it('decimal shares that sum to 1 in decimals are accepted (0.1 + 0.2 + 0.7)', () => {
    expect(documentsProblem([{ tokens: 512, share: 0.1 }, { tokens: 1024, share: 0.2 }, { tokens: 2048, share: 0.7 }], 8192)).toBeUndefined();
  });

  it('packings: ⌊s/L⌋ documents of L and one of s mod L', () => {
    expect(packings(one(3000), 8192)).toEqual([{ share: 1, stretches: [{ length: 3000, count: 2 }, { length: 2192, count: 1 }] }]);
    expect(packings(one(2048), 8192)).toEqual([{ share: 1, stretches: [{ length: 2048, count: 4 }] }]);
  });
});

// Hostile sweep 27: `--documents 1` printed "documents of 1 tokens".
describe('the documents in words', () => {
  it.each([
    [[{ tokens: 1, share: 1 }], 'documents of 1 token'],
    [[{ tokens: 2048, share: 1 }], 'documents of 2,048 tokens'],
    [[{ tokens: 1024, share: 0.75 }, { tokens: 8192, share: 0.25 }], 'documents of 1,024 (75%) and 8,192 (25%) tokens'],
  ] as [Documents, string][])('%j', (docs, text) => expect(documentsText(docs)).toBe(text));
});
