/**
 * Which layers of a Hugging Face MoE config are MoE, from its period, first-layer and dense-list keys, and how the
 * model format writes that placement (the importer's MoE families: moe.ts, recentMoe.ts).
 */
import { LIMITS } from '../../input/limits.js';
import { someOf } from '../../input/name.js';

/**
 * Which layers of a MoE config are MoE: from layer `first` on, every layer i with (i + offset) a
 * multiple of `period`, except the listed `dense` ones (Qwen-MoE: first 0, offset 1, period
 * decoder_sparse_step, dense mlp_only_layers; DeepSeek: first first_k_dense_replace, offset 0, period
 * moe_layer_freq). Counted in closed form, never layer by layer: num_hidden_layers is the user's number.
 */
export interface MoeLayerRule {
  first: number;
  offset: number;
  period: number;
  dense: ReadonlySet<number>;
}

const onPeriod = (r: MoeLayerRule, i: number) => i >= r.first && (i + r.offset) % r.period === 0;
const isMoeLayer = (r: MoeLayerRule, i: number) => onPeriod(r, i) && !r.dense.has(i);

/** MoE layers among layers 0 … n − 1. */
function moeLayersBelow(r: MoeLayerRule, n: number): number {
  if (n <= r.first) return 0;
  // Multiples of the period among i + offset for i in [first, n).
  const upTo = (m: number) => Math.floor((m - 1 + r.offset) / r.period);
  let moe = upTo(n) - upTo(r.first);
  for (const i of r.dense) if (i < n && onPeriod(r, i)) moe--;
  return moe;
}

/** The first `k` dense layers, in O(k + listed exceptions) steps. */
function firstDenseLayers(r: MoeLayerRule, layers: number, k: number): number[] {
  const out: number[] = [];
  const exceptions = [...r.dense].sort((a, b) => a - b);
  for (let i = 0; i < layers && out.length < k; i++) {
    if (!isMoeLayer(r, i)) out.push(i);
    // With period 1 every layer from `first` on is MoE but the exceptions: jump to the next one.
    else if (r.period === 1) i = (exceptions.find((e) => e > i) ?? layers) - 1;
  }
  return out;
}

/**
 * The rule as the model format writes it (`moe.dense_layers`, `moe.every`: architecture.ts isMoeLayer, layer i
 * MoE when i ≥ dense_layers and i + 1 is a multiple of every). A rule of that form (offset ≡ 1 modulo the
 * period, or period 1; no listed dense layer among its MoE layers) is written as it is: Qwen-MoE's
 * decoder_sparse_step n is every n, ERNIE's moe_layer_start_index s with moe_layer_interval n is dense_layers
 * s and every n. Any other (DeepSeek's moe_layer_freq > 1, offset 0; listed exceptions) keeps its count
 * exactly as the first `dense` layers dense, every 1, and the placement is noted (the first
 * LIMITS.listedItems dense layers named): parameter and FLOP totals depend only on how many layers are dense.
 * `dense`: the dense layers in all.
 */
export function moeLayerPlacement(layers: number, rule: MoeLayerRule, notes: string[], ruleKeys: string): { denseLayers: number; every: number; dense: number } {
  const dense = layers - moeLayersBelow(rule, layers);
  const onRuleForm = (rule.period === 1 || (rule.offset - 1) % rule.period === 0) && ![...rule.dense].some((i) => i < layers && onPeriod(rule, i));
  // dense_layers past the layers is the layers (a dense model, refused by the schema at the key that made it).
  if (onRuleForm) return { denseLayers: Math.min(rule.first, layers), every: rule.period, dense };
  // The dense layers are the first `dense` exactly when none of those is MoE.
  if (moeLayersBelow(rule, dense) > 0) {
    notes.push(`${ruleKeys}: dense layers ${someOf(firstDenseLayers(rule, layers, LIMITS.listedItems).map(String), dense)} are modelled as the first ${dense}; totals are unaffected.`);
  }
  return { denseLayers: dense, every: 1, dense };
}
