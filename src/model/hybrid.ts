/**
 * Hybrid Mamba-2 / Transformer models (NVIDIA Nemotron-H arXiv:2504.03624, Nemotron 3): a per-layer
 * pattern as Megatron-Core and transformers write it (`hybrid_override_pattern`; transformers
 * configuration_nemotron_h.py `_pattern_to_list`): one character per layer, `M` a Mamba-2 mixer, `*`
 * attention, `-` an MLP, `E` a mixture of experts. Each character is a whole layer with its own
 * pre-norm (modeling_nemotron_h.py NemotronHBlock: one RMSNorm, then the mixer, then the residual).
 */
import { z } from 'zod';
import { InputError } from '../input/errors.js';

/** Pattern characters and what they are (configuration_nemotron_h.py `_pattern_to_list`). */
const LAYER_KINDS = { M: 'Mamba-2 mixer', '*': 'attention', '-': 'MLP', E: 'MoE' } as const;
type LayerKind = keyof typeof LAYER_KINDS;

const size = z.number().int().positive();

/**
 * The `mamba:` block. Defaults only where state-spaces/mamba's Mamba2 (mamba_ssm/modules/mamba2.py)
 * and transformers' NemotronHConfig agree: d_state/ssm_state_size 128, headdim/mamba_head_dim 64,
 * d_conv/conv_kernel 4, conv_bias/use_conv_bias true, bias/mamba_proj_bias false. heads, groups and
 * chunk_size have different defaults there (Mamba2: d_inner/headdim, 1, 256; NemotronHConfig: 128, 8,
 * 128), so a model file gives them.
 */
export const MambaSchema = z.strictObject({
  heads: size.meta({ description: 'Mamba-2 heads (nheads; NemotronHConfig mamba_num_heads). The inner width d_inner is heads × head_dim.' }),
  head_dim: size.default(64).meta({ description: 'Channels per head (headdim; mamba_head_dim).' }),
  state_size: size.default(128).meta({ description: 'State size N (d_state; ssm_state_size).' }),
  groups: size.meta({ description: 'Groups sharing B and C (ngroups; n_groups). Must divide heads.' }),
  conv_kernel: size.default(4).meta({ description: 'Depthwise causal convolution width (d_conv; conv_kernel).' }),
  chunk_size: size.meta({ description: 'SSD chunk length Q (chunk_size): the scan is quadratic inside a chunk and a recurrence between chunks (arXiv:2405.21060 §6).' }),
  conv_bias: z.boolean().default(true).meta({ description: 'A bias on the convolution (conv_bias; use_conv_bias).' }),
  proj_bias: z.boolean().default(false).meta({ description: 'Biases on in_proj and out_proj (bias; NemotronHConfig use_bias / mamba_proj_bias).' }),
});
export type MambaInput = z.output<typeof MambaSchema>;

/** A resolved Mamba-2 mixer (names as mamba2.py). */
export interface MambaMixer {
  heads: number;
  headDim: number;
  stateSize: number;
  groups: number;
  convKernel: number;
  chunkSize: number;
  convBias: boolean;
  projBias: boolean;
}

/** The layer pattern, resolved: the string as written and how many layers of each kind. */
export interface HybridLayers {
  pattern: string;
  mamba: number;
  attention: number;
  mlp: number;
  moe: number;
  mixer: MambaMixer | null;
}

/**
 * The one refusal of a hybrid model by the performance model (src/perf models attention + FFN layers
 * only, no Mamba-2 layer cost): `utilization: auto`, a stated parallelism, `plan` and validation rows.
 */
export function refuseHybridPerf(arch: { hybrid?: HybridLayers | undefined }, where: { file?: string; line?: number; col?: number; keyPath?: string }, use: 'scenario' | 'plan' | 'validate' = 'scenario'): void {
  if (!arch.hybrid) return;
  const hint = use === 'plan'
    ? 'plan searches layouts with the performance model; flops counts the model, and run or budget take it with a given utilization'
    : use === 'validate' ? 'a hybrid row cannot be validated until the performance model costs Mamba-2 layers'
      : 'give cluster.utilization as a fraction (e.g. 0.4) and no parallelism; flops, and run or budget with a given utilization, work for hybrid models';
  throw new InputError(`a hybrid Mamba-2 model cannot be predicted: the performance model has no Mamba-2 layer cost`, { ...where, hint });
}

/** Layers of each kind in `pattern` (every character already checked by {@link patternProblems}). */
export function hybridLayers(pattern: string, m: MambaInput | undefined): HybridLayers {
  const n = (k: LayerKind) => [...pattern].filter((c) => c === k).length;
  const mixer = m
    ? { heads: m.heads, headDim: m.head_dim, stateSize: m.state_size, groups: m.groups, convKernel: m.conv_kernel, chunkSize: m.chunk_size, convBias: m.conv_bias, projBias: m.proj_bias }
    : null;
  return { pattern, mamba: n('M'), attention: n('*'), mlp: n('-'), moe: n('E'), mixer };
}

/** Lower-case letters and common spellings a user may mean (Jamba-style `A` for attention). */
const NEAR: Record<string, LayerKind> = { m: 'M', e: 'E', A: '*', a: '*', '+': '*', _: '-', '.': '-' };

/** Problems with a pattern as [message | hint] strings, for the schema's refinement; none when it is well formed. */
export function patternProblems(pattern: string, layers: number): string[] {
  const out: string[] = [];
  const chars = [...pattern];
  const bad = chars.findIndex((c) => !(c in LAYER_KINDS));
  if (bad >= 0) {
    const c = chars[bad]!;
    const near = NEAR[c];
    const kinds = Object.entries(LAYER_KINDS).map(([k, v]) => `${k} (${v})`).join(', ');
    out.push(`unknown layer type ${JSON.stringify(c)} at position ${bad + 1} | ${near ? `did you mean ${JSON.stringify(near)}? ` : ''}one character per layer: ${kinds}`);
  }
  if (chars.length !== layers) out.push(`${chars.length} layer types for ${layers} layers | one character per layer: the pattern's length is the layer count`);
  return out;
}

/** Model-file keys a hybrid model does not support (each a whole-model rule that the pattern replaces or that no hybrid source uses). */
export const HYBRID_UNSUPPORTED = ['parallel_block', 'block_norms', 'mtp', 'sliding_window', 'attention_chunk_size', 'layer_types'] as const;
