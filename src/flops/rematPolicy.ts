/**
 * MaxText's rematerialisation policies (`remat_policy` in its configs; `recompute: selective` with
 * `recompute_modules: [<policy>]` under stack maxtext) on a dense block: which of the block's linears keep their output,
 * which run again in the backward pass, and whether the attention core does. One rule for the FLOP count (count.ts), the
 * stored activations (perf/activations.ts) and the layer's time (perf/layerCost.ts), as TorchTitan's op policy
 * (opCheckpoint.ts) is.
 *
 * The policies (AI-Hypercomputer/maxtext src/MaxText/layers/decoders.py, `get_remat_policy` and `minimal_policy`): each
 * scanned layer runs under `jax.checkpoint` with `jax.checkpoint_policies.save_only_these_names(...)`, keeping the tensors
 * tagged with those names and nothing else:
 *
 * | policy | names kept |
 * |---|---|
 * | minimal_with_context (minimal_flash, deprecated) | query_proj, key_proj, value_proj, qkv_proj, out_proj, mlpwi_0, mlpwi_1, mlpwi, mlpwo, context |
 * | minimal | the same less context |
 * | save_dot_with_context_except_mlp | query_proj, value_proj, key_proj, qkv_proj, context, out_proj |
 * | save_dot_except_mlpwi | query_proj, value_proj, key_proj, qkv_proj, out_proj, mlpwo |
 * | save_dot_except_mlp | query_proj, value_proj, key_proj, qkv_proj, out_proj |
 * | save_qkv_proj | query_proj, value_proj, key_proj, qkv_proj |
 * | save_out_proj | out_proj |
 *
 * `full` keeps nothing (flopcast's `recompute: full`); the `*_offloaded` policies and `custom` move named tensors to host
 * memory, which flopcast does not model for MaxText, and are not names here. `query_proj` … `mlpwo` tag the outputs of
 * the q, k, v and output projections and of the FFN's gate, up and down projections (MaxText layers/attentions.py and
 * linears.py `checkpoint_name`), `context` the attention kernel's output.
 *
 * What runs again: JAX rematerialises only what the backward pass reads (jax/_src/ad_checkpoint.py: the recomputed
 * forward is dead-code-eliminated to the residuals the VJP needs), so a linear not kept reruns when its output is read by
 * the backward: q, k, v by the attention's backward, the output projection's by the post-attention norm's backward (its
 * input is the residual sum it feeds), the gate and up projections' by the activation's backward; the down projection's
 * output only enters the residual sum and is never rerun. The attention core reruns unless `context` is kept (its
 * backward reads the output and log-sum-exp; with `context` kept both are counted as kept, as for the op policy). The
 * element-wise work (norms, RoPE, the activation, residual adds) reruns under every policy. Modelled, like the op
 * policy, for a dense sequential block: MoE layers (MaxText's `MoeBlock` names its own tensors), latent attention,
 * parallel blocks and Mamba layers are refused (recomputeModules.ts moduleProblem).
 */
import type { Architecture } from '../model/architecture.js';
import { blockLinearShapes, opSacLinears, type BlockLinear } from './opCheckpoint.js';

/** MaxText's policies flopcast models, from the fastest (keeps most) to the leanest. */
export const MAXTEXT_POLICY_NAMES = [
  'minimal_with_context',
  'minimal',
  'save_dot_with_context_except_mlp',
  'save_dot_except_mlpwi',
  'save_dot_except_mlp',
  'save_qkv_proj',
  'save_out_proj',
] as const;
export type MaxtextPolicy = (typeof MAXTEXT_POLICY_NAMES)[number];

/** A policy's kept tensors, as flopcast's linears (q, k, v, o, the FFN's w1/w3 gate and up, w2 down) and the context. */
const KEPT: Record<MaxtextPolicy, { linears: readonly BlockLinear['name'][]; context: boolean }> = {
  minimal_with_context: { linears: ['q', 'k', 'v', 'o', 'w1', 'w3', 'w2'], context: true },
  minimal: { linears: ['q', 'k', 'v', 'o', 'w1', 'w3', 'w2'], context: false },
  save_dot_with_context_except_mlp: { linears: ['q', 'k', 'v', 'o'], context: true },
  save_dot_except_mlpwi: { linears: ['q', 'k', 'v', 'o', 'w2'], context: false },
  save_dot_except_mlp: { linears: ['q', 'k', 'v', 'o'], context: false },
  save_qkv_proj: { linears: ['q', 'k', 'v'], context: false },
  save_out_proj: { linears: ['o'], context: false },
};

export function isMaxtextPolicy(m: string): m is MaxtextPolicy {
  return (MAXTEXT_POLICY_NAMES as readonly string[]).includes(m);
}

/** The MaxText policy among `modules`, if any (a run names one: scenario/recompute.ts). */
export function maxtextPolicyOf(modules: readonly string[]): MaxtextPolicy | undefined {
  for (const m of modules) if (isMaxtextPolicy(m)) return m;
  return undefined;
}

/** Whether `modules` name a MaxText policy that reruns the attention core (one without `context`). */
export function maxtextRerunsCore(modules: readonly string[]): boolean {
  const p = maxtextPolicyOf(modules);
  return p !== undefined && !KEPT[p].context;
}

/** The block's linears in forward order under a MaxText policy, each kept or not and rerun or not (the rule above). */
export function maxtextLinears(arch: Architecture, policy: MaxtextPolicy): BlockLinear[] {
  const kept = KEPT[policy].linears;
  return blockLinearShapes(arch).map(({ biased: _, ...shape }) => {
    const saved = kept.includes(shape.name);
    return { ...shape, saved, reruns: !saved && shape.name !== 'w2' };
  });
}

/** policyLinears' lists, per architecture and policy: the planner asks for them once per layout evaluated. */
const LINEARS = new WeakMap<Architecture, Map<string, readonly BlockLinear[]>>();

/**
 * The linears of a saved-tensor policy among `modules` (TorchTitan's op, a MaxText policy), undefined for module
 * checkpointing (Megatron-Core's, OLMo-core's). `lowPrecision`: FP8 / FP4 linears under the op policy (opSacLinears).
 * Built once per architecture and policy; callers read the list, never change it.
 */
export function policyLinears(arch: Architecture, modules: readonly string[], lowPrecision = false): readonly BlockLinear[] | undefined {
  const op = modules.includes('op');
  const p = op ? undefined : maxtextPolicyOf(modules);
  if (!op && p === undefined) return undefined;
  const key = op ? (lowPrecision ? 'op-low' : 'op') : p!;
  let byPolicy = LINEARS.get(arch);
  if (byPolicy === undefined) LINEARS.set(arch, (byPolicy = new Map()));
  let linears = byPolicy.get(key);
  if (linears === undefined) byPolicy.set(key, (linears = op ? opSacLinears(arch, lowPrecision) : maxtextLinears(arch, p!)));
  return linears;
}
