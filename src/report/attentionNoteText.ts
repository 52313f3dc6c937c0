/**
 * The run's attention-convention note (estimate/attentionNote.ts) in words, one sentence, as run's text and Markdown,
 * its --json (`attention_convention_note.text`) and the report print it.
 */
import type { AttentionConventionNote, ConventionReading } from '../estimate/attentionNote.js';
import type { RunResult } from '../estimate/run.js';
import { durationNoun } from './duration.js';
import { fixed, int, pct } from './format.js';

/** Who counts each convention (flops/conventions.ts). */
const WHO: Record<AttentionConventionNote['counted'], string> = {
  full: 'PaLM, Megatron-LM 2021',
  causal: "Megatron-LM since 2025, DeepSeek-V3's causal MFU",
};

export function attentionNoteText(r: Pick<RunResult, 'inputs' | 'wallClockSeconds'> & { attentionConvention?: AttentionConventionNote }): string | null {
  const n = r.attentionConvention;
  if (!n) return null;
  const t = r.inputs.throughput;
  if (n.given && (t.kind === 'utilization' || t.kind === 'achieved_tflops')) {
    const [figure, as] = t.kind === 'utilization' ? [`cluster.utilization ${pct(t.mfu)}`, 'MFU'] : [`cluster.achieved_tflops ${fixed(t.hardwareFlopsPerSecondPerGpu / 1e12, 1)}`, 'hardware FLOP/s'];
    return `${figure} is read as ${as} under attention ${n.counted} (the default), which counts QKᵀ and A·V over ${windowText(n)}: ${shareText(n)}; read as ${as} under ${otherText(n)}, the same figure gives ${durationNoun(n.given.otherWallClockSeconds)}, not ${durationNoun(r.wallClockSeconds)}: write training.attention to say which convention the figure counts`;
  }
  return conventionReadingText(n, 'the same step', 'write training.attention to choose');
}

/** What a step's MFU and HFU read as under the other convention (run's note for a step whose time does not depend on it; plan's for its best layout). */
export function conventionReadingText(n: ConventionReading, subject: string, choose: string): string {
  const half = n.other === 'causal' ? ', and a causal kernel computes about half of them' : '';
  return `attention ${n.counted} (the default) counts QKᵀ and A·V over ${windowText(n)}: ${shareText(n)}${half}; under ${otherText(n)} ${subject} is MFU ${pct(n.otherMfu)} / HFU ${pct(n.otherHfu)} (${choose})`;
}

const windowText = (n: ConventionReading): string => (n.counted === 'full' ? 'every key of the window, not its causal half' : 'the causal half of the window');
const shareText = (n: ConventionReading): string => `${pct(n.attentionShare, 0)} of the model FLOPs here at seq_len ${int(n.seqLen)}`;
const otherText = (n: ConventionReading): string => `attention: ${n.other} (${WHO[n.other]})`;
