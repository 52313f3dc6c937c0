/**
 * Sliding-window attention in the FLOP core (src/flops/window.ts). The full convention is checked
 * to the FLOP against PyTorch in test/golden (Gemma 2/3-like and Mistral-like cases); here the
 * closed forms are checked against hand arithmetic and against the count without a window.
 */
import { describe, expect, it } from 'vitest';
import { countFlops, isAttentionCore } from '../../src/flops/count.js';
import { windowedWorkFraction } from '../../src/flops/window.js';
import { InputError } from '../../src/input/errors.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../src/model/schema.js';

const BASE: ModelInput = { layers: 4, d_model: 256, heads: 4, d_ff: 512, ffn: 'swiglu', vocab: 1000, seq_len: 8192, norm: 'rmsnorm' };
const arch = (extra: Partial<ModelInput> = {}) => toArchitecture(ModelSchema.parse({ ...BASE, ...extra }));
const part = (a: ReturnType<typeof arch>, id: string, o: Parameters<typeof countFlops>[1] = {}) =>
  countFlops(a, o).components.find((c) => c.id === id);

describe('sliding-window attention FLOPs', () => {
  it('full convention: a windowed layer multiplies each query by W keys (2·W·H·Q per token), the others by s', () => {
    const a = arch({ sliding_window: 1024, layer_types: ['sliding_attention', 'full_attention'] });
    // H·Q = 256: scores 2 × 1024 × 256 = 524,288 per windowed layer; 2 × 8192 × 256 = 4,194,304 per global one.
    expect(part(a, 'attn_scores_window')).toMatchObject({ repeats: 2, forwardPerRepeat: 524_288, forward: 1_048_576 });
    expect(part(a, 'attn_values_window')).toMatchObject({ repeats: 2, forward: 1_048_576 });
    expect(part(a, 'attn_scores')).toMatchObject({ repeats: 2, forwardPerRepeat: 4_194_304 });
  });

  it('causal convention: the triangle s²/2 less the (s − W)²/2 beyond the window, per query', () => {
    // s = 2W: (s² − (s − W)²)/(2s) = (4W² − W²)/(4W) = 3W/4 keys per query = 768 for W = 1024.
    const a = arch({ sliding_window: 1024, seq_len: 2048 });
    expect(part(a, 'attn_scores_window', { attention: 'causal' })!.forwardPerRepeat).toBe(2 * 768 * 256);
    expect(part(a, 'attn_scores', { attention: 'causal' })).toBeUndefined();
  });

  it('a window at least as long as the sequence changes nothing, in both conventions', () => {
    for (const attention of ['full', 'causal'] as const) {
      const plain = countFlops(arch(), { attention, seqLen: 4096 });
      const windowed = countFlops(arch({ sliding_window: 4096 }), { attention, seqLen: 4096 });
      expect(windowed.perToken).toEqual(plain.perToken);
      expect(windowed.components.map((c) => c.id)).toEqual(plain.components.map((c) => c.id));
    }
  });

  it('a causal count that is not a whole number of FLOPs per token is a located input error, not a wrong number', () => {
    const a = arch({ sliding_window: 4096 });
    let err: unknown;
    try {
      countFlops(a, { attention: 'causal', seqLen: 5000 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/sliding window of 4096 keys at seq_len 5000/);
  });

  it('selective recomputation reruns the windowed products too', () => {
    const a = arch({ sliding_window: 1024 });
    const c = countFlops(a, { recompute: 'selective' });
    expect(c.perToken.recompute).toBe(part(a, 'attn_scores_window')!.forward + part(a, 'attn_values_window')!.forward);
  });

  it('layer_types is repeated from layer 0: Gemma 3\'s 5:1 over 26 layers leaves 4 global (5, 11, 17, 23)', () => {
    const sliding = ['sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention'] as const;
    const a = arch({ layers: 26, sliding_window: 512, layer_types: [...sliding] });
    expect(a.slidingWindow).toMatchObject({ window: 512, layers: 22 });
    expect(part(a, 'attn_scores')!.repeats).toBe(4);
  });

  it('rejects layer_types without a window, and more types than layers', () => {
    expect(ModelSchema.safeParse({ ...BASE, layer_types: ['sliding_attention'] }).success).toBe(false);
    expect(ModelSchema.safeParse({ ...BASE, layers: 1, sliding_window: 8, layer_types: ['sliding_attention', 'full_attention'] }).success).toBe(false);
  });

  it('the performance model\'s work fraction is the windowed core FLOPs over the unwindowed ones', () => {
    const core = (a: ReturnType<typeof arch>, attention: 'full' | 'causal') =>
      countFlops(a, { attention, seqLen: 8192 }).components.filter((c) => isAttentionCore(c.id)).reduce((t, c) => t + c.forward, 0);
    const a = arch({ sliding_window: 1024, layer_types: ['sliding_attention', 'full_attention'] });
    for (const attention of ['full', 'causal'] as const) {
      expect(windowedWorkFraction(a, 8192, attention)).toBeCloseTo(core(a, attention) / core(arch(), attention), 12);
    }
    expect(windowedWorkFraction(arch(), 8192, 'causal')).toBe(1);
  });
});
