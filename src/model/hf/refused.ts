/**
 * Hub model types the model format cannot describe, refused at their model_type by what it lacks (the generic message
 * said only "unsupported"). The format's state-space layers are Mamba-2 mixers (src/model/hybrid.ts: state-spaces
 * mamba_ssm/modules/mamba2.py, as Nemotron-H builds them); these models' are Mamba-1 selective scans (Gu & Dao 2023,
 * arXiv:2312.00752 §3: x_proj giving Δ, B and C per token, dt_proj, A of d_inner × d_state), other weights and other FLOPs.
 */
export const REFUSED_TYPES: Readonly<Record<string, string>> = {
  // transformers modeling_mamba.py MambaMixer: in_proj, conv1d, x_proj, dt_proj, A_log, D, out_proj; no attention, no MLP.
  mamba: 'every layer is a Mamba-1 mixer (MambaMixer: x_proj, dt_proj, A_log, D)',
  // modeling_falcon_mamba.py FalconMambaMixer: MambaMixer's weights, B, C and Δ RMS-normalized in forward.
  falcon_mamba: 'every layer is a Mamba-1 mixer (FalconMambaMixer: x_proj, dt_proj, A_log, D)',
  // modeling_jamba.py: JambaMambaMixer layers, an attention layer every attn_layer_period, MoE every expert_layer_period.
  jamba: 'the layers between its attention layers are Mamba-1 mixers (JambaMambaMixer: x_proj, dt_proj, A_log, D)',
};

/** The refusal's message and hint for a refused type (its config key is model_type, or text_config.model_type). */
export function refusalOf(type: string): { message: string; hint: string } | undefined {
  if (!Object.hasOwn(REFUSED_TYPES, type)) return undefined;
  return {
    message: `${type} is not modelled: ${REFUSED_TYPES[type]}, and the model format's state-space layers are Mamba-2 mixers (layer_pattern M, as Nemotron-H's)`,
    hint: 'Mamba-1 has other weights (x_proj, dt_proj, a d_state-wide A per channel) and another scan than Mamba-2; count such a model elsewhere',
  };
}
