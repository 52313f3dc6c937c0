/** Text renderings of a plan (the `plan` command's output). */
import { documentsText } from '../flops/documents.js';
import { fixed, gib, int, pct, plural, stepSeconds, throughputScaleText, unexplainedText } from '../report/format.js';
import { shownFigures } from './throughputScale.js';
import { table } from '../report/table.js';
import type { PlanReport } from './index.js';
import { describeLayout } from './layout.js';
import { stageText } from './memory.js';
import { fixedFieldsText, noSplitText } from './layoutFields.js';
import { nearbyCountsText } from './nearbyCounts.js';
import { moeLoadFactor } from './moeCost.js';
import { unseenAccuracyText } from './accuracy.js';
import { kindRecordText } from './kindRecord.js';
import { RELAX_FIXED_HINT } from './ruleRefusal.js';
import { offloadCostText } from '../report/offloadText.js';
import { offloadText } from './offload.js';
import { zeroPlusPlusText } from './zeroPlusPlus.js';
import { snakeKeys } from '../report/snakeKeys.js';
import { conventionReadingText } from '../report/attentionNoteText.js';


/** Why a plan found no layout, and what to change, or null when it found one or cannot say: what runs out of memory, no split of the GPUs at all, or none with the fields fixed. */
export function noLayoutWhy(r: PlanReport): { message: string; hint: string } | null {
  if (r.best.length) return null;
  if (r.shortfall) return { message: `no layout fits in memory: the smallest, ${r.shortfall.message}`, hint: r.shortfall.hint };
  if (r.evaluated !== 0) return null;
  if (Object.keys(r.fixed).length === 0) return { message: `no layout fits: ${noSplitText(r.gpuCount, r.globalBatchSequences)}`, hint: `give another GPU count${nearbyCountsText(r.nearbyCounts)} or global batch` };
  return r.refusal ?? { message: `no layout fits with ${fixedFieldsText(r.fixed)}`, hint: RELAX_FIXED_HINT };
}

export function renderPlan(r: PlanReport): string {
  const lines: string[] = [];
  lines.push(`${r.model} on ${int(r.gpuCount)} × ${r.gpu}, global batch ${int(r.globalBatchSequences)} × ${int(r.seqLen)} tokens, ${r.precision}${r.gemmPrecision !== r.precision ? ` (GEMMs ${r.gemmPrecision}${r.fp8Recipe ? `, ${r.fp8Recipe} scaling` : ''}${r.fp8ParamGather ? ', FP8 weights gathered' : ''})` : ''}; MFU counts attention ${r.attention}${r.documents ? ` inside ${documentsText(r.documents)}` : ''}`);
  const fixedText = fixedFieldsText(r.fixed) + (r.recomputeModules ? `, recompute_modules=[${r.recomputeModules.join(', ')}]` : '');
  if (fixedText) lines.push(`fixed: ${fixedText}`);
  const stack = [
    r.overlapGradReduce ? '' : 'gradient reduction after the pipeline flush',
    r.gradAccumulationFusion ? '' : 'gradient accumulation outside the GEMM (each micro-batch)',
    // At a fixed tp 1 no layout has tensor-parallel communication to hide (nor sequence parallelism: spOffAtTp1).
    r.tpCommOverlap && r.fixed.tp !== 1 ? 'tensor-parallel communication under the GEMMs (with sequence parallelism)' : '',
    r.attentionKernel === 'fa2' ? 'FlashAttention-2 kernels' : r.attentionKernel === 'fa1' ? 'FlashAttention-1-era kernels (half the FlashAttention-2 rate)' : '',
    r.epCommOverlap ? 'MoE all-to-alls under the paired micro-batch (combined 1F1B)' : '',
    r.cudaGraphs ? 'layers captured in CUDA graphs' : '',
    r.selectiveModules ? `selective recomputation as the stack runs it: recompute_modules [${r.selectiveModules.join(', ')}]` : '',
    r.offload ? `${offloadText(r.offload)} offloaded to host memory, stepped on the CPU (kept; the ZeRO stages searched are those it runs with)` : '',
    // ZeRO++ (zeroPlusPlus.ts): a numerics choice the scenario makes, kept and never searched.
    r.zeroPlusPlus ? `ZeRO++ ${zeroPlusPlusText({ quantizedWeights: r.zeroPlusPlus.zeroQuantizedWeights, hpzPartitionSize: r.zeroPlusPlus.zeroHpzPartitionSize, quantizedGradients: r.zeroPlusPlus.zeroQuantizedGradients }).join(', ')} (kept, not searched; ZeRO-3 alone searched${r.zeroPlusPlus.zeroHpzPartitionSize > 1 || r.zeroPlusPlus.zeroQuantizedGradients ? ', at tp 1' : ''})` : '',
  ].filter(Boolean);
  if (r.stack) lines.push(`training stack: ${r.stack} (only layouts it can run are searched)`);
  if (stack.length) lines.push(`stack: ${stack.join('; ')}`);
  if (r.moe) {
    const m = r.moe;
    const f = `${+m.loadFactor.toFixed(3)}×`;
    const why = m.capacityPadding ? '' : m.capacityFactor !== null && m.capacityFactor < moeLoadFactor(m.balance) ? ` (capacity factor ${m.capacityFactor}: tokens beyond it dropped)` : m.balance === 'forced' ? ' (forced balance)' : ' (dropless routing; with ep 1 the one rank runs exactly its own tokens)';
    const dispatch = m.maxNodes !== null ? `; each token sent to at most ${plural(m.maxNodes, 'node')}, once each` : m.dispatcher === 'deepep' ? '; tokens sent once to each node holding their experts (deepep)' : '';
    const contractions = m.contractions === 'sequence-einsum' ? ', fed by one-hot dispatch and combine contractions over each sequence (MaxText dense_matmul)'
      : m.contractions === 'batch-einsum' ? ', fed by one-hot dispatch and combine contractions over the micro-batch (GShard, DeepSpeed-MoE)' : '';
    lines.push(`MoE: ${m.capacityPadding ? `every expert padded to its capacity, ${f} the balanced tokens${contractions}` : `${m.loadFactor > 1 ? 'with ep > 1 ' : ''}the slowest expert-parallel rank gets ${f} the balanced tokens${why}`}${dispatch}`);
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  // The user's measured ÷ predicted throughput (throughputScale.ts): said as run says it, with what stays the model's.
  const k = r.throughputScale;
  const top = r.best[0];
  if (k && top) {
    const mfu = shownFigures(top).mfu;
    lines.push(`note: step, MFU, HFU and tokens/s carry your throughput_scale ${fixed(k.value, 4)} (${k.key}): the best's MFU ${pct(mfu)} is ${throughputScaleText({ kind: 'predicted', mfu, throughputScale: k.value })}; the shares, memory and times below are the model's`);
  }
  // Where the defaulted attention convention moves the best's figures by a fifth or more (attentionNote.ts).
  if (r.attentionConvention) lines.push(`note: ${conventionReadingText(r.attentionConvention, "the best layout's step", 'give --attention, or training.attention, to choose')}`);
  lines.push('');
  if (!r.best.length) {
    const why = noLayoutWhy(r);
    if (why) lines.push(`${why.message}.`, `to fit: ${why.hint}.`);
    else lines.push('no layout fits.');
  } else {
    const rows = r.best.map((e, i) => {
      const p = e.prediction;
      const b = p.breakdown;
      const shown = shownFigures(e); // with the user's throughput scale, where given
      return [String(i + 1), describeLayout(e.layout, r.moe !== null), stepSeconds(shown.stepTimeSeconds), pct(shown.mfu), pct(shown.hfu), `${int(shown.tokensPerSecond)}`,
        `${pct(b.computeSeconds / p.stepTimeSeconds, 0)}/${pct(b.memoryBoundSeconds / p.stepTimeSeconds, 0)}/${pct(b.exposedCommSeconds / p.stepTimeSeconds, 0)}/${pct(b.bubbleSeconds / p.stepTimeSeconds, 0)}`,
        `${gib(e.memory.total)} / ${gib(e.memory.capacity)}`];
    });
    lines.push(table([
      { header: '#', align: 'right' }, { header: 'layout' }, { header: 'step', align: 'right' }, { header: 'MFU', align: 'right' }, { header: 'HFU', align: 'right' },
      { header: 'tokens/s', align: 'right' }, { header: 'compute/mem/comm/bubble', align: 'right' }, { header: 'memory per GPU', align: 'right' },
    ], rows));
    const e = r.best[0]!;
    const m = e.memory.breakdown;
    lines.push('');
    lines.push(`best: ${describeLayout(e.layout, r.moe !== null)}; memory (${stageText(e.memory)}): weights ${gib(m.weights)}, gradients ${gib(m.gradients)}, optimizer ${gib(m.optimizer)}, activations ${gib(m.activations)}, embedding/logits ${gib(m.embeddingAndLogits)}, workspace ${gib(m.workspace)}`);
    if (e.offload) lines.push(`offload: ${offloadCostText(snakeKeys(e.offload))}`);
    const c = e.prediction.comm;
    lines.push(`exposed communication: TP ${stepSeconds(c.tensorParallel)}, PP ${stepSeconds(c.pipelineP2p)}, DP ${stepSeconds(c.dataParallel)}${r.overlapGradReduce ? '' : ' (after the flush)'}, EP ${stepSeconds(c.expertAllToAll)}, CP ${stepSeconds(c.contextParallel)}; bubble ${stepSeconds(e.prediction.breakdown.bubbleSeconds)}; optimizer ${stepSeconds(e.prediction.breakdown.optimizerSeconds)}${e.prediction.breakdown.hostIssueSeconds > 0 ? `; waiting on the host's kernel issue ${stepSeconds(e.prediction.breakdown.hostIssueSeconds)}` : ''}${e.prediction.breakdown.calibrationSeconds > 0 ? `; ${unexplainedText(stepSeconds(e.prediction.breakdown.calibrationSeconds))}` : ''}`);
  }
  lines.push('');
  if (r.best.length) lines.push(`predicted by the performance model: ${unseenAccuracyText()}`);
  if (r.kindRecord) lines.push(kindRecordText(r.kindRecord, [r.gpu]));
  const skipped = Object.entries(r.skipped).sort((a, b) => b[1] - a[1]);
  lines.push(`${plural(int(r.evaluated), 'layout')} evaluated (${int(r.fitting)} fit); skipped: ${skipped.length ? skipped.map(([k, n]) => `${k} (${plural(int(n), 'layout')})`).join('; ') : 'none'}`);
  return lines.join('\n') + '\n';
}
