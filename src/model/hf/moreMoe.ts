/**
 * More mixture-of-experts families (transformers src/transformers/models/<type>/modular_<type>.py): HunYuan MoE
 * (Hunyuan-A13B).
 */
import { describe } from '../../input/found.js';
import { fmt, llamaCore, refusePerLayerLength, type Builder } from './common.js';
import { refuseCla } from './more.js';
import type { HfConfig } from './read.js';
import { Keyed } from './keyed.js';

/**
 * The integers a key gives once, or once per layer as a list (Tencent's files write `moe_topk: [8, 8, …]`): a list is
 * read `config.<key>[layer_idx]` for each layer (`reader`), so one of another length than num_hidden_layers is refused at
 * the key (refusePerLayerLength; a shorter one is an IndexError there, a longer one a model no reader builds). Missing or
 * null gives undefined; an entry of the wrong kind is refused at its index (HfConfig.intOrList).
 */
function perLayerList(c: HfConfig, key: string, min: number, reader: string): { values: number[]; listed: boolean } | undefined {
  const got = c.intOrList(key, min);
  if (got?.listed) refusePerLayerLength(c, key, got.values.length, c.int('num_hidden_layers').value, `${reader} reads ${key}[layer_idx] for each layer`);
  return got;
}

/**
 * A number transformers' HunYuanMoEV1Moe reads once or per layer (`config.moe_topk[layer_idx]` of a list): one value, or a
 * list of one per layer of one value repeated. A list whose values differ is refused at its key, as the model format has
 * one value for every MoE layer.
 */
function perLayerValue(c: HfConfig, key: string): Keyed<number> | undefined {
  const got = perLayerList(c, key, 1, 'transformers\' HunYuanMoEV1Moe');
  if (got === undefined) return undefined;
  const [first, ...rest] = got.values as [number, ...number[]];
  const other = rest.findIndex((x) => x !== first) + 1;
  if (other > 0) {
    throw c.refused(`${key}[${other}]`, `${key} differs between layers (${fmt(first)} at layer 0, ${fmt(got.values[other]!)} at layer ${other}): the model format has one value for every MoE layer`,
      'describe the model by hand in a flopcast model file (YAML), with the value most layers use');
  }
  return new Keyed(first, c.path(key));
}

/**
 * A key Tencent's remote code reads (once or per layer) and transformers' class does not, refused where a value would
 * build other weights than transformers builds: `moe_intermediate_size` other than intermediate_size, `num_shared_expert`
 * other than 1; at the first such layer's entry of a list.
 */
function refuseUnread(c: HfConfig, key: string, built: number, what: string): void {
  const got = perLayerList(c, key, 0, 'Tencent\'s remote code');
  const at = got === undefined ? -1 : got.values.findIndex((x) => x !== built);
  if (got === undefined || at < 0) return;
  const where = got.listed ? `${key}[${at}]` : key;
  throw c.refused(where, `${key} ${fmt(got.values[at]!)}${got.listed ? ` at layer ${at}` : ''}: transformers' HunYuanMoEV1Moe builds ${what} whatever ${key} says (Tencent's remote code reads it)`,
    'describe the model by hand in a flopcast model file (YAML); the Hunyuan-A13B files agree with transformers here');
}

/**
 * The shared MLP is built by transformers' HunYuanMoEV1Moe always (modular_hunyuan_v1_moe.py: `self.shared_mlp =
 * HunYuanMoEV1MLP(config)`, no condition), by Tencent's remote code (modeling_hunyuan.py HunYuanMoE), vLLM
 * (vllm/model_executor/models/hunyuan_v1.py) and SGLang only `if config.use_mixed_mlp_moe`, whose default in Tencent's
 * HunYuanMoeV1Config is False. So a file that does not say true (false, null, or left out: Tencent's class reads that as
 * False) builds other weights there than transformers counts: refused at the key, as {@link refuseUnread} refuses. The
 * published Hunyuan-A13B files say true.
 */
function refuseUnmixed(c: HfConfig): void {
  if (c.bool('use_mixed_mlp_moe', false)) return;
  const v = c.raw.use_mixed_mlp_moe;
  const said = v === undefined ? 'left out' : describe(v);
  throw c.refused('use_mixed_mlp_moe', `use_mixed_mlp_moe ${said}: transformers' HunYuanMoEV1Moe builds a shared MLP beside the experts whatever it says, Tencent's remote code, vLLM and SGLang only when it is true (HunYuanMoeV1Config's default: False)`,
    'set use_mixed_mlp_moe true if the model has the shared MLP (the Hunyuan-A13B files do); else describe it by hand in a flopcast model file (YAML), without moe.shared_experts');
}

/**
 * HunYuan MoE (Hunyuan-A13B; transformers modular_hunyuan_v1_moe.py, configuration_hunyuan_v1_moe.py HunYuanMoEV1Config):
 * HunYuanMoEV1Attention is LlamaAttention (q, k, v, o biased with attention_bias, default False) with an RMSNorm over each
 * head's q and k (query_layernorm, key_layernorm of head_dim); every layer a HunYuanMoEV1Moe: a router without bias
 * (HunYuanMoEV1Gate wg, d → num_experts), num_experts gated experts and one shared MLP (shared_mlp), each a
 * HunYuanMoEV1MLP of intermediate_size without biases; moe_topk experts per token; num_experts and moe_topk an integer or
 * one per layer. HunYuanMoEV1Config leaves the head untied by default (the Hunyuan-A13B files tie it). Cross-layer
 * attention (use_cla) is refused as for the dense type, and a use_mixed_mlp_moe other than true ({@link refuseUnmixed}).
 */
const hunyuanMoe: Builder = (c, notes) => {
  refuseCla(c);
  refuseUnmixed(c);
  const body = llamaCore(c, notes, { tied: false });
  const width = c.int('intermediate_size');
  refuseUnread(c, 'moe_intermediate_size', width.value, `experts of intermediate_size (${fmt(width.value)})`);
  refuseUnread(c, 'num_shared_expert', 1, 'one shared MLP');
  const required = (key: string): Keyed<number> => {
    const v = perLayerValue(c, key);
    if (v === undefined) throw c.missing([key]);
    return v;
  };
  return {
    ...body,
    qk_norm: 'head',
    moe: { experts: required('num_experts'), top_k: required('moe_topk'), d_ff_expert: width, shared_experts: 1, d_ff_shared: width },
  };
};

export const MORE_MOE: Record<string, Builder> = { hunyuan_v1_moe: hunyuanMoe };
