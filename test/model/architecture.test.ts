/** Sliding-window layer counts: the pattern repeated from layer 0, counted by hand; depth does not change the cost of counting. */
import { describe, expect, it } from 'vitest';
import { slidingLayerCount, type LayerType } from '../../src/model/architecture.js';

const S: LayerType = 'sliding_attention';
const F: LayerType = 'full_attention';
const GEMMA3: LayerType[] = [S, S, S, S, S, F];

describe('slidingLayerCount', () => {
  it.each([
    ['GPT-OSS-120B: 36 layers alternating from a sliding one', 36, [S, F], 18],
    ['odd depth, alternating: the extra layer slides', 37, [S, F], 19],
    ['Gemma 3 pattern over 5 layers: all five slide', 5, GEMMA3, 5],
    ['Gemma 3 pattern over 7 layers: 5, then the next repeat starts sliding', 7, GEMMA3, 6],
    ['Gemma 3 pattern over 62 layers: 10 repeats (50) and 2 more', 62, GEMMA3, 52],
    ['every layer slides (Mistral)', 32, [S], 32],
    ['no layer slides', 3, [F], 0],
    ['a per-layer list as long as the model', 4, [F, F, S, S], 2],
    ['a hostile depth (1e12 layers) is counted, not looped over', 1e12, [S, F], 5e11],
    ['and one more layer', 1e12 + 1, [S, F], 5e11 + 1],
  ] as const)('%s', (_, layers, pattern, sliding) => expect(slidingLayerCount(layers, pattern)).toBe(sliding));
});
