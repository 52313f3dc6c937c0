/**
 * Megatron-Core's selective recomputation by module (TransformerConfig.recompute_modules, with
 * recompute_granularity 'selective'; NVIDIA/Megatron-LM megatron/core/transformer/transformer_config.py,
 * default ["core_attn"]). The names, which the model can use, and which matrix products each reruns
 * in the backward pass: one place for the FLOP core (count.ts), the performance model's layer time
 * (perf/layerCost.ts) and its activations (perf/activations.ts).
 *
 * "moe_act", "layernorm" and "mla_up_proj" use output-discarding checkpointing (CheckpointWithoutOutput:
 * the module's output is freed once the next module has used it and recomputed from its kept input before
 * the backward needs it); "core_attn", "mlp", "moe" and "shared_experts" normal checkpointing (only the
 * module's input is kept; its internals are rebuilt by a second forward) — the config's docstring.
 *
 * "moe" and "shared_experts" (NVIDIA/Megatron-LM megatron/core/transformer/moe/moe_layer.py at commit
 * 001199898c4badd01eaf0785c212d8ed7ce83042, MoELayer): `moe_layer_recompute` wraps the whole MoE forward,
 * `custom_forward` — shared experts, router, dispatch preprocessing and the dispatch all-to-all, the routed
 * experts, the combine all-to-all — in tensor_parallel.checkpoint (te_checkpoint in FP8), keeping only the
 * layer's input (the pre-MLP norm's output, which transformer_layer.py computes outside it), so the backward
 * runs all of it again, both all-to-alls included. `shared_experts_recompute` wraps the shared experts alone
 * (`shared_experts_compute`). Both flags are set independently: with both, the shared experts' checkpoint
 * sits inside the MoE layer's, whose rerun (with gradients on) runs them once without saving and the inner
 * checkpoint's backward a second time — twice in all (componentReruns).
 */
import { layerCounts, type Architecture } from '../model/architecture.js';
import { MAXTEXT_POLICY_NAMES, isMaxtextPolicy, maxtextRerunsCore } from './rematPolicy.js';

/** Megatron-Core's recompute_modules choices (transformer_config.py `allowed_modules`), in its order. */
export const MEGATRON_MODULE_NAMES = ['core_attn', 'moe_act', 'layernorm', 'mla_up_proj', 'mlp', 'moe', 'shared_experts'] as const;

/**
 * OLMo-core's modules of a block that its activation checkpointing mode selected_modules wraps (allenai/OLMo-core
 * src/olmo_core/nn/transformer/model.py @ 0021abd46d51affab0abdec410f2f30f02a37efc, Transformer.apply_activation_checkpointing:
 * each module whose name matches one of `modules`' globs, e.g. blocks.*.feed_forward, in a ptd_checkpoint_wrapper, which
 * keeps the module's input and reruns its forward in the backward pass). The block (nn/transformer/block.py @
 * 004aefffd1e84115c3e75950d7a7fe5d38aee0a7, TransformerBlock.forward) runs `attention(attention_norm(x))` then
 * `feed_forward(feed_forward_norm(h))`: the norms are outside both modules, so each wrap keeps its norm's output as its
 * input. attention: the sequence mixer whole (q, k, v projections, RoPE, the attention kernel, the output projection);
 * feed_forward: a dense block's FFN. An MoE block holds its MoE as feed_forward_moe (nn/transformer/block.py
 * MoETransformerBlock), which blocks.*.feed_forward does not match, and OLMo-core refuses a glob that does: "Wrapping an
 * entire MoE module for activation checkpointing is not supported".
 */
export const OLMO_CORE_MODULE_NAMES = ['attention', 'feed_forward'] as const;

/**
 * TorchTitan's per-operator selective checkpointing, `activation_checkpoint.mode = "selective"` with
 * `selective_ac_option = "op"`: each transformer block in a checkpoint whose policy keeps the output of every operator in a
 * save list (the matrix products `aten.mm`, the fused attention kernels, the sequence-parallel reduce-scatter, `max`)
 * except every second `aten.mm` of the block, and reruns everything else in the backward pass (opSacLinears).
 */
export const TORCHTITAN_MODULE_NAMES = ['op'] as const;

/**
 * Every module name recompute_modules takes: Megatron-Core's, OLMo-core's, TorchTitan's, then MaxText's remat policies
 * (rematPolicy.ts; one a run). A stack takes its own: stack.ts can.recomputeModules.
 */
export const RECOMPUTE_MODULE_NAMES = [...MEGATRON_MODULE_NAMES, ...OLMO_CORE_MODULE_NAMES, ...TORCHTITAN_MODULE_NAMES, ...MAXTEXT_POLICY_NAMES] as const;

/**
 * A name that is a whole checkpointing policy rather than a module to add to others (TorchTitan's op, a MaxText remat
 * policy): a run names it alone (scenario/recompute.ts), and a remedy never adds another to it (modulesToAdd).
 */
export const isWholePolicy = (m: string): boolean => m === 'op' || isMaxtextPolicy(m);

/** The stack whose vocabulary a module name is (the stack named in a refusal of it under another stack). */
export function moduleOwner(m: RecomputeModuleName): 'megatron-core' | 'olmo-core' | 'torchtitan' | 'maxtext' {
  if (isMaxtextPolicy(m)) return 'maxtext';
  if ((OLMO_CORE_MODULE_NAMES as readonly string[]).includes(m)) return 'olmo-core';
  return (TORCHTITAN_MODULE_NAMES as readonly string[]).includes(m) ? 'torchtitan' : 'megatron-core';
}
export type RecomputeModuleName = (typeof RECOMPUTE_MODULE_NAMES)[number];

/** A module flopcast models: every one named (a module that cannot apply to a model is refused: moduleProblem). */
export type RecomputeModule = RecomputeModuleName;

/** Megatron-Core's default: the core attention alone (Korthikanti et al. 2022 §5 selective recomputation). */
export const DEFAULT_RECOMPUTE_MODULES: readonly RecomputeModule[] = ['core_attn'];

/**
 * The norms per layer, of a dense and of an MoE layer, that Megatron-Core builds as their own module, so
 * "layernorm" can recompute them. transformer_layer.py sets recompute_input_layernorm /
 * recompute_pre_mlp_layernorm only when the norm is not an IdentityOp, and the Transformer Engine layer spec
 * (megatron/core/models/gpt/gpt_layer_specs.py) fuses a norm into the linear after it
 * (TELayerNormColumnParallelLinear) wherever it can: the input norm stays its own module (TENorm) only before
 * MLA's down-projections, the pre-MLP norm only before an MoE layer (the router and the dispatcher read it).
 */
export function separateNorms(arch: Architecture): { dense: number; moe: number } {
  const input = arch.mla ? 1 : 0;
  return { dense: input, moe: input + 1 };
}

/** separateNorms averaged over the model's layers (the activations' per-layer count). */
export function separateNormsPerLayer(arch: Architecture): number {
  const n = separateNorms(arch);
  const { dense, moe } = layerCounts(arch);
  return (dense * n.dense + moe * n.moe) / arch.layers;
}

/** Why a model's block is not the dense sequential block a saved-tensor policy is modelled for, first failing check first. */
type DenseBlockProblem = 'parallel' | 'moe' | 'mla' | 'hybrid';
function denseBlockProblem(arch: Architecture, moeLayers: number): DenseBlockProblem | undefined {
  if (arch.parallelBlock) return 'parallel';
  if (moeLayers > 0) return 'moe';
  if (arch.mla) return 'mla';
  return arch.hybrid ? 'hybrid' : undefined;
}
const OP_PROBLEMS: Record<DenseBlockProblem, string> = {
  parallel: 'op follows TorchTitan\'s TransformerBlock (attention, then the feed-forward on its own norm\'s output), and this model\'s layers are parallel blocks: not that block',
  moe: 'op is modelled for dense blocks (opCheckpoint.ts: q, k, v, o and the FFN\'s linears in forward order), and this model has MoE layers, whose grouped expert GEMMs and router the policy splits otherwise: not modelled; use recompute: full or recompute_every N',
  mla: 'op is modelled for dense blocks with q, k, v projections (opCheckpoint.ts), and this model has multi-head latent attention, whose low-rank projections are other linears: not modelled; use recompute: full or recompute_every N',
  hybrid: 'op is modelled for attention blocks (opCheckpoint.ts), and this model has Mamba-2 layers: not modelled; use recompute: full',
};
const maxtextProblems = (m: string): Record<DenseBlockProblem, string> => ({
  parallel: `${m} is modelled for MaxText's sequential decoder layer (attention, then the MLP on its own norm's output), and this model's layers are parallel blocks: not modelled; use recompute: full`,
  moe: `${m} is modelled for dense blocks (rematPolicy.ts: q, k, v, out and the MLP's projections), and this model has MoE layers, whose MoeBlock tags its own tensors: not modelled; use recompute: full`,
  mla: `${m} is modelled for blocks with q, k, v projections (rematPolicy.ts), and this model has multi-head latent attention: not modelled; use recompute: full`,
  hybrid: `${m} is modelled for attention blocks (rematPolicy.ts), and this model has Mamba-2 layers: not modelled; use recompute: full`,
});

/**
 * Why a module cannot apply to the model, or undefined when it can. Megatron-Core's own checks
 * (transformer_config.py __post_init__): "moe_act in recompute_modules is only supported with
 * moe_grouped_gemm" and "mla_up_proj in recompute_modules is only supported with multi_latent_attention".
 * The others Megatron-Core accepts and then skips where the layer has nothing for them
 * (transformer_layer.py: "mlp" only where `not isinstance(self.mlp, MoELayer)`; "layernorm" only for a
 * norm that is not an IdentityOp): flopcast refuses a module that would change nothing.
 */
export function moduleProblem(arch: Architecture, m: RecomputeModuleName): string | undefined {
  const { dense, moe } = layerCounts(arch);
  // The savings of mlp and layernorm are those of Megatron-Core's TransformerLayer, attention then MLP, each with
  // its own input; a parallel block (GPT-J, Falcon, PaLM: both read one normed input) is not that layer, and
  // freeing its MLP's norm output would free what the attention still keeps.
  if ((m === 'mlp' || m === 'layernorm') && arch.parallelBlock) {
    return `${m} follows Megatron-Core's TransformerLayer (attention, then the MLP on its own input), and this model's layers are parallel blocks (attention and MLP read one input): not that layer`;
  }
  if ((m === 'attention' || m === 'feed_forward') && arch.parallelBlock) {
    return `${m} follows OLMo-core's TransformerBlock (attention, then the feed-forward on its own norm's output), and this model's layers are parallel blocks (attention and MLP read one input): not that block`;
  }
  // A saved-tensor policy (TorchTitan's op, opCheckpoint.ts; a MaxText remat policy, rematPolicy.ts) is read for a dense
  // sequential block: MoE blocks' grouped GEMMs and router, MLA's projections and Mamba's mixers run other operators (or, in
  // MaxText, tag other tensors), whose save-or-rerun split is not modelled. One check, each owner's words.
  if (isWholePolicy(m)) {
    const why = denseBlockProblem(arch, moe);
    return why === undefined ? undefined : (m === 'op' ? OP_PROBLEMS : maxtextProblems(m))[why];
  }
  switch (m) {
    case 'attention':
      return undefined;
    case 'feed_forward':
      return dense === 0 ? 'feed_forward recomputes a dense block\'s FFN, and every layer of this model is MoE, so it wraps nothing: OLMo-core\'s MoE blocks hold theirs as feed_forward_moe (nn/transformer/block.py MoETransformerBlock), which blocks.*.feed_forward does not match, and it refuses to wrap an MoE module whole (model.py apply_activation_checkpointing: "Wrapping an entire MoE module for activation checkpointing is not supported")' : undefined;
    case 'core_attn':
      return undefined;
    case 'moe_act':
      return moe === 0 ? 'moe_act recomputes the routed experts\' activation, and this model has no MoE layer (Megatron-Core transformer_config.py: "moe_act in recompute_modules is only supported with moe_grouped_gemm", the grouped experts of an MoE layer)' : undefined;
    case 'mlp':
      return dense === 0 ? 'mlp recomputes the dense MLP, and every layer of this model is MoE (Megatron-Core transformer_layer.py recomputes the MLP only where it is not an MoELayer)' : undefined;
    case 'layernorm': {
      return separateNormsPerLayer(arch) === 0
        ? 'layernorm recomputes the norms Megatron-Core builds as their own module, and this model has none: its Transformer Engine layer spec fuses both norms of a dense, non-MLA layer into the linear after them (gpt_layer_specs.py TELayerNormColumnParallelLinear; transformer_layer.py recomputes a norm only when it is not an IdentityOp)'
        : undefined;
    }
    case 'mla_up_proj':
      return arch.mla ? undefined : 'mla_up_proj recomputes MLA\'s up-projections, and this model has no multi-head latent attention (Megatron-Core transformer_config.py: "mla_up_proj in recompute_modules is only supported with multi_latent_attention")';
    case 'moe':
      return moe === 0 ? 'moe recomputes an MoE layer (Megatron-Core moe_layer.py MoELayer, moe_layer_recompute), and this model has no MoE layer' : undefined;
    case 'shared_experts':
      return moe === 0 || arch.moe!.sharedExperts === 0
        ? 'shared_experts recomputes an MoE layer\'s shared experts (Megatron-Core moe_layer.py shared_experts_recompute), and this model has none'
        : undefined;
  }
}

/**
 * Whether selective recomputation of `modules` runs the attention core's forward again: Megatron-Core's core_attn,
 * OLMo-core's attention, which wraps the whole sequence mixer (core included), or a MaxText policy that does not keep
 * `context` (rematPolicy.ts). The one rule of the FLOP count
 * ({@link componentReruns}), the layer's GPU time (perf/layerCost.ts) and the host's issue (perf/hostIssue.ts).
 */
export function rerunsCoreAttention(modules: readonly RecomputeModule[]): boolean {
  return modules.includes('core_attn') || modules.includes('attention') || maxtextRerunsCore(modules);
}

/**
 * How many times the modules rerun a whole component's forward (FLOP core ids) in the backward pass:
 * core_attn the attention core, mlp the dense FFN, moe the MoE layer's router, routed and shared experts,
 * shared_experts the shared experts — twice with moe as well (the nested checkpoints above). mla_up_proj
 * reruns part of one, MLA's up-projections of `attn_qkv` (count.ts); moe_act and layernorm rerun
 * element-wise work only. OLMo-core's attention reruns every attention component (projections, core, output
 * projection), its feed_forward the dense FFN.
 */
export function componentReruns(modules: readonly RecomputeModule[], isCore: boolean, id: string): number {
  if (id.startsWith('attn_') && modules.includes('attention')) return 1;
  if (isCore) return rerunsCoreAttention(modules) ? 1 : 0;
  if (id === 'ffn') return modules.includes('mlp') || modules.includes('feed_forward') ? 1 : 0;
  const moe = modules.includes('moe') ? 1 : 0;
  if (id === 'router' || id === 'experts') return moe;
  if (id === 'shared_experts') return moe + (modules.includes('shared_experts') ? 1 : 0);
  return 0;
}

/** The last whole policy of `candidates` that applies to the model (a stack's list runs from the fastest to the leanest: MaxText's configs/base.yml order). */
function leanestPolicy(arch: Architecture, candidates: readonly RecomputeModuleName[]): RecomputeModule[] {
  const policy = candidates.filter((m) => isWholePolicy(m) && moduleProblem(arch, m) === undefined).at(-1);
  return policy === undefined ? [] : [policy];
}

/**
 * The modules worth adding to `now`: those that apply, less what moe already covers (a whole policy, op or a MaxText one,
 * is offered alone, the leanest of the stack's, and a run of one is offered a leaner one in its place) — moe_act (moe reruns the
 * whole experts' forward, activation included) and shared_experts (inside moe's checkpoint it only reruns the shared
 * experts once more and frees nothing further; see componentReruns). For a remedy (perf/fit.ts).
 */
export function modulesToAdd(arch: Architecture, now: readonly RecomputeModuleName[], names: readonly RecomputeModuleName[] = MEGATRON_MODULE_NAMES): RecomputeModule[] {
  // A run of a whole policy: a leaner one of the stack's list in its place; a stack whose names are whole policies: its
  // leanest, alone (a policy is not added to others).
  if (now.some(isWholePolicy)) {
    const run = names.findIndex((m) => now.includes(m) && isWholePolicy(m));
    return run < 0 ? [] : leanestPolicy(arch, names.slice(run + 1));
  }
  const more = names.filter((m) => !now.includes(m) && !isWholePolicy(m) && moduleProblem(arch, m) === undefined);
  if (more.length === 0) return leanestPolicy(arch, names);
  const moe = now.includes('moe') || more.includes('moe');
  return moe ? more.filter((m) => m !== 'moe_act' && m !== 'shared_experts') : more;
}

/** The recomputation as run, plan and the report write it: `selective (core_attn, mlp)` where the modules are given, else the mode alone. */
export function recomputeText(o: { recompute: string; recomputeModules?: readonly string[] | undefined }): string {
  return `${o.recompute}${o.recomputeModules !== undefined ? ` (${o.recomputeModules.join(', ')})` : ''}`;
}
