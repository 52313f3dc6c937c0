/** Shared test helpers: build architectures from the YAML field names, as users write them. */
import { ModelSchema, toArchitecture, type ModelInput } from '../src/model/schema.js';
import type { Architecture } from '../src/model/architecture.js';
import { expect } from 'vitest';
import { InputError } from '../src/input/errors.js';
import { importHfConfig } from '../src/model/hf.js';

export function arch(m: ModelInput, name = 'test'): Architecture {
  return toArchitecture(ModelSchema.parse(m), name);
}

/** A parsed config.json in the model format, as src/model/text.ts imports one (importHfConfig), its trace left out. */
export function fromHfConfig(config: unknown, file: string): ModelInput {
  return importHfConfig(config, file).model;
}

/** GPT-3 175B as in Brown et al. 2020 Table 2.1 (L 96, d 12288, 96 heads of 128, n_ctx 2048, V 50257). */
export const GPT3_175B: ModelInput = {
  layers: 96, d_model: 12288, heads: 96, d_ff: 4 * 12288, vocab: 50257, seq_len: 2048,
  ffn: 'gelu', norm: 'layernorm', bias: true, position: 'learned', tied_embeddings: true,
};

/**
 * A scenario that runs; CLI and reliability tests change one line of it at a time, so line numbers
 * in their expected errors refer to this text (model is line 2, cluster.count line 7).
 */
export const GOOD_SCENARIO = `name: test
model: gpt3-175b
training:
  tokens: 300B
cluster:
  gpu: h100-sxm
  count: 1024
  utilization: 0.4
pricing:
  usd_per_gpu_hour: 2
`;

/** The InputError a call throws (the test fails on another error, or on none). */
export function thrownInputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

/** The error a call throws, as the CLI would print it (`file:line:col: key: message` + hint); 'no error' when none. */
export function formattedError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).format();
  }
  return 'no error';
}

/** Half of a surrogate pair on its own: what a cut inside an emoji leaves (printed as U+FFFD). */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Llama 4's vision encoder and projector, which flopcast (the language model) leaves out, by hand from the
 * Scout and Maverick checkpoints' vision_config (transformers modeling_llama4.py Llama4VisionModel and
 * Llama4MultiModalProjector; both models share it): 34 layers of hidden 1408 (q, k, v, o with biases
 * 4·(1408² + 1408); fc1, fc2 1408·5632 each with biases 5632 + 1408; two LayerNorms 4·1408), the class embedding
 * 1408, ((336/14)² + 1)·1408 positions, the 3·14² → 1408 patch projection, two LayerNorms 4·1408, the adapter
 * fc1 5632·4096 and fc2 4096·4096, and the projector 4096 → 5120: 871,932,416.
 */
export const LLAMA4_VISION_PARAMS = 34 * (4 * (1408 * 1408 + 1408) + 2 * 1408 * 5632 + 5632 + 1408 + 4 * 1408)
  + 1408 + 577 * 1408 + 588 * 1408 + 4 * 1408 + 5632 * 4096 + 4096 * 4096 + 4096 * 5120;
