/**
 * The layout a prediction ran, in one line, from its `--json` fields (scenario/predict.ts predictionJson): `tp1 pp16 dp128
 * cp1 ep64 mb1 dualpipe zero1 recompute full (best of 6 evaluated)`. One rule for `run`'s `layout` line (runs.ts) and
 * `budget FILE`'s (budget/render.ts), whose answer is at the same prediction.
 */
import { count, plural } from './format.js';
import { etpShown, shardGroupShown } from '../perf/layout.js';
import { zeroPlusPlusTags } from '../perf/zeroPlusPlus.js';

/** `prediction`: predictionJson's fields; `moe`: whether the model is an MoE (its expert TP is named where it differs). */
export function layoutText(prediction: Record<string, unknown>, moe: boolean): string {
  const l = prediction.layout as Record<string, unknown>;
  // etp and the shard group where they are not what the rest implies (layout.ts etpShown, as plan's layouts name them).
  const [tp, etp, dp, cp] = [Number(l.tp), Number(l.etp), Number(l.dp), Number(l.cp)];
  const layout = ['tp', 'pp', 'dp', 'cp', 'ep'].map((k) => `${k}${String(l[k])}`).join(' ') + (typeof l.etp === 'number' && etpShown({ tp, etp }, moe) ? ` etp${etp}` : '') +
    ` mb${String(l.micro_batch)} ${String(l.schedule)}${Number(l.virtual_stages) > 1 ? ` v${String(l.virtual_stages)}` : ''} zero${String(l.zero_stage)}` +
    (typeof l.shard_group === 'number' && shardGroupShown({ dp, cp, shardGroup: l.shard_group }) ? ` sg${l.shard_group}` : '') +
    // ZeRO++ (perf/zeroPlusPlus.ts), where the scenario sets it: the layout ran with it.
    zeroPlusPlusTags({ quantizedWeights: l.zero_quantized_weights === true, hpzPartitionSize: Number(l.zero_hpz_partition_size ?? 1), quantizedGradients: l.zero_quantized_gradients === true }) +
    `${l.sequence_parallel ? ' sp' : ''} recompute ${String(l.recompute)}` +
    (typeof l.recompute_layers === 'number' ? ` (${plural(l.recompute_layers, 'layer')} of each chunk)` : '') +
    (typeof l.pipeline_layout === 'string' ? `, pipeline layout ${l.pipeline_layout}` : '');
  return layout + (prediction.layouts_evaluated ? ` (best of ${count(Number(prediction.layouts_evaluated))} evaluated)` : '');
}
