/**
 * The run's attention-convention note (estimate/attentionNote.ts) in words, one sentence, as run's text and Markdown,
 * its --json (`attention_convention_note.text`), the report, the page's warnings and budget print it.
 */
import type { AttentionConventionNote, ConventionReading } from '../estimate/attentionNote.js';
import type { RunResult } from '../estimate/run.js';
import { durationNoun } from './duration.js';
import { count, fixed, int, pct, plural, usd } from './format.js';
import { listed } from '../input/listed.js';

/** Who counts each convention (flops/conventions.ts). */
const WHO: Record<AttentionConventionNote['counted'], string> = {
  full: 'PaLM, Megatron-LM 2021',
  causal: "Megatron-LM since 2025, DeepSeek-V3's causal MFU",
};

/**
 * Where the note's reader gave the figure and chooses the convention: a scenario's keys (run, report, budget FILE), or
 * budget --model's flags, which has no training.attention to write.
 */
export interface NoteWording {
  /** The figure and its value as given (`--utilization 40.0%`), or as defaulted where it was not. */
  figure: (key: 'utilization' | 'achieved_tflops', value: string) => string;
  choose: string;
  /** What the dollars and the deadline checked are called (budget --model --tokens's --usd and --deadline). */
  usd: string;
  deadline: string;
}
export const SCENARIO_WORDING: NoteWording = { figure: (key, value) => `cluster.${key} ${value}`, choose: 'write training.attention', usd: 'the budget', deadline: 'the deadline' };
export const FLAG_WORDING: NoteWording = { figure: (key, value) => `--${key} ${value}`, choose: 'give --attention', usd: '--usd', deadline: '--deadline' };
/** budget's flags where --utilization was left out and its default read (review35: "--utilization 40.0%" was never given). */
export const DEFAULT_FLAG_WORDING: NoteWording = { ...FLAG_WORDING, figure: (key, value) => `the default --${key} (${value})` };

export function attentionNoteText(r: { inputs: Pick<RunResult['inputs'], 'throughput'>; wallClockSeconds: number; attentionConvention?: AttentionConventionNote }, words: NoteWording = SCENARIO_WORDING): string | null {
  const n = r.attentionConvention;
  if (!n) return null;
  const t = r.inputs.throughput;
  if (n.given && (t.kind === 'utilization' || t.kind === 'achieved_tflops')) {
    const [figure, as] = t.kind === 'utilization' ? [words.figure('utilization', pct(t.mfu)), 'MFU'] : [words.figure('achieved_tflops', fixed(t.hardwareFlopsPerSecondPerGpu / 1e12, 1)), 'hardware FLOP/s'];
    return `${figure} is read as ${as} under attention ${n.counted} (the default), which counts QKᵀ and A·V over ${windowText(n)}: ${shareText(n)}; read as ${as} under ${otherText(n)}, the same figure ${givesText(n.given, r.wallClockSeconds)}${flipText(n, words)}: ${words.choose} to say which convention the figure counts`;
  }
  return conventionReadingText(n, 'the same step', `${words.choose} to choose`);
}

/** What the given figure sets, read under the other convention: the wall-clock (and the dollars, budget's), or the tokens a budget buys. */
function givesText(g: NonNullable<AttentionConventionNote['given']>, wallClockSeconds: number): string {
  if (g.bought) return `buys ${plural(count(g.bought.other, 3), 'token')}, not ${count(g.bought.counted, 3)}`;
  const c = g.cost;
  return `gives ${durationNoun(g.otherWallClockSeconds)}${c ? ` and ${usd(c.other)}` : ''}, not ${durationNoun(wallClockSeconds)}${c ? ` and ${usd(c.counted)}` : ''}`;
}

/**
 * The checks the other reading turns (budget --model --tokens with --usd and/or --deadline): ", and meets --usd and
 * --deadline, which the full reading misses". Empty where it turns none: both readings answer alike.
 */
function flipText(n: AttentionConventionNote, words: NoteWording): string {
  const w = n.given?.within;
  if (!w) return '';
  const turned = (other: boolean) => [...(w.usd && w.usd.other === other && w.usd.counted !== other ? [words.usd] : []), ...(w.deadline && w.deadline.other === other && w.deadline.counted !== other ? [words.deadline] : [])];
  return [[true, 'meets', 'misses'], [false, 'misses', 'meets']].flatMap(([other, does, counted]) => {
    const names = turned(other as boolean);
    return names.length ? [`, and ${does} ${listed(names, 'and')}, which the ${n.counted} reading ${counted}`] : [];
  }).join('');
}

/** What a step's MFU and HFU read as under the other convention (run's note for a step whose time does not depend on it; plan's for its best layout). */
export function conventionReadingText(n: ConventionReading, subject: string, choose: string): string {
  const half = n.other === 'causal' ? ', and a causal kernel computes about half of them' : '';
  return `attention ${n.counted} (the default) counts QKᵀ and A·V over ${windowText(n)}: ${shareText(n)}${half}; under ${otherText(n)} ${subject} is MFU ${pct(n.otherMfu)} / HFU ${pct(n.otherHfu)} (${choose})`;
}

const windowText = (n: ConventionReading): string => (n.counted === 'full' ? 'every key of the window, not its causal half' : 'the causal half of the window');
const shareText = (n: ConventionReading): string => `${pct(n.attentionShare, 0)} of the model FLOPs here at seq_len ${int(n.seqLen)}`;
const otherText = (n: ConventionReading): string => `attention: ${n.other} (${WHO[n.other]})`;
