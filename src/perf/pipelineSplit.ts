/**
 * Megatron-Core's other way of placing layers over pipeline stages, as recipes print it beside pp and vp
 * (Megatron-Bridge llama31_405b.py: account_for_embedding_in_pipeline_split and account_for_loss_in_pipeline_split
 * True; NeMo and Bridge recipes: num_layers_in_first_pipeline_stage / num_layers_in_last_pipeline_stage), turned
 * into the pipeline layout (pipelineLayout.ts) that places the same layers, so one set of rules and one step model
 * read both. The split is Megatron-Core's `get_num_layers_to_build` (megatron/core/transformer/transformer_block.py,
 * read at commit 1a63a5396cd5e386f7539be41a2964a299920a44 of the ROCm/Megatron-LM mirror):
 * with a first or last stage given, those ranks hold that many layers and the others share the rest evenly
 * ("With uneven pipelineing the left over layers must be divisible by left over stages"), and the accounting
 * flags are refused beside them ("Does not support standalone embedding stage and standalone loss stage with uneven
 * pp"); otherwise the layers plus one for each accounted embedding and loss divide evenly over the ranks
 * (asserted: num_layers "should be divisible by" pipeline_model_parallel_size). Each rank's share divides over its virtual
 * stages, and the first chunk (rank 0, virtual stage 0) builds one layer fewer for an accounted embedding, the
 * last (rank pp − 1, last virtual stage) one fewer for an accounted loss. The multi-token-prediction layers sit
 * on the last chunk, before the loss, as Megatron-Core builds them on the last stage. Pure.
 */
import { InputError } from '../input/errors.js';
import type { Architecture } from '../model/architecture.js';
import { plural } from '../report/format.js';
import { layoutLimits } from './pipelineLayout.js';
import { megatronPlacement, type PipelineSchedule } from './layout.js';

export const PIPELINE_SPLIT_KEYS = ['account_for_embedding_in_pipeline_split', 'account_for_loss_in_pipeline_split', 'num_layers_in_first_pipeline_stage', 'num_layers_in_last_pipeline_stage'] as const;

export interface PipelineSplitFields {
  pp?: number | undefined;
  virtual_stages?: number | undefined;
  pipeline_layout?: string | undefined;
  schedule?: PipelineSchedule | undefined;
  account_for_embedding_in_pipeline_split?: boolean | undefined;
  account_for_loss_in_pipeline_split?: boolean | undefined;
  num_layers_in_first_pipeline_stage?: number | undefined;
  num_layers_in_last_pipeline_stage?: number | undefined;
}

const MCORE = 'Megatron-Core get_num_layers_to_build (megatron/core/transformer/transformer_block.py)';
const refuse = (key: string, message: string, hint: string) => new InputError(message, { keyPath: `cluster.parallelism.${key}`, hint });

/** The split fields a file sets, in PIPELINE_SPLIT_KEYS order (a flag set false counts as unset). */
export const splitKeysGiven = (f: PipelineSplitFields): (typeof PIPELINE_SPLIT_KEYS)[number][] =>
  PIPELINE_SPLIT_KEYS.filter((k) => (k.startsWith('account') ? f[k] === true : f[k] !== undefined));

/** The pipeline layout the split fields describe; undefined when none is set (both flags false count as unset). */
export function pipelineSplitLayout(arch: Pick<Architecture, 'layers' | 'mtpDepth'>, f: PipelineSplitFields): string | undefined {
  const embedding = f.account_for_embedding_in_pipeline_split === true;
  const loss = f.account_for_loss_in_pipeline_split === true;
  const first = f.num_layers_in_first_pipeline_stage;
  const last = f.num_layers_in_last_pipeline_stage;
  const given = splitKeysGiven(f)[0];
  if (given === undefined) return undefined;
  if (f.pipeline_layout !== undefined) throw refuse(given, `${given} and pipeline_layout both place the layers`, 'give pipeline_layout, or the split fields, not both');
  // DualPipe places stage i and pp − 1 − i on each rank (deepseek-ai/DualPipe): not a Megatron-Core split (it said "a pipeline_layout places layers …", a key the file did not write).
  if (f.schedule !== undefined && !megatronPlacement(f.schedule)) throw refuse(given, `${given} splits the layers for Megatron-Core's 1F1B or interleaved schedule, found schedule ${f.schedule}`, `${f.schedule === 'dualpipe' ? 'DualPipe' : f.schedule} takes no split: give another schedule, or remove the split fields`);
  if (f.pp === undefined) throw refuse(given, `${given} splits the layers over pipeline stages: it needs pp`, 'give pp');
  const pp = f.pp;
  const vp = f.virtual_stages ?? 1;
  const L = arch.layers;
  // The layout rules' own bound on chunks (pipelineLayout.ts layoutLimits), before any is built: pp 1,000,000,000 with
  // the first and last stages holding every layer would otherwise build a billion empty chunks.
  const { chunks: most } = layoutLimits(arch);
  if (pp * vp > most) throw refuse(vp > 1 ? 'virtual_stages' : 'pp', `pp × virtual_stages is ${pp * vp} chunks, more than a layout of this model's ${L} layers can hold (${most})`, 'give fewer pipeline or virtual stages');
  let perRank: number[];
  if (first !== undefined || last !== undefined) {
    const uneven = first !== undefined ? 'num_layers_in_first_pipeline_stage' : 'num_layers_in_last_pipeline_stage';
    if (embedding || loss) throw refuse(embedding ? 'account_for_embedding_in_pipeline_split' : 'account_for_loss_in_pipeline_split', `the embedding and loss are not accounted for beside ${uneven} (Megatron-Core: "Does not support standalone embedding stage and standalone loss stage with uneven pp")`, `remove it, or ${uneven}`);
    if (first !== undefined && last !== undefined && pp < 2) throw refuse('num_layers_in_last_pipeline_stage', `num_layers_in_first_pipeline_stage and num_layers_in_last_pipeline_stage name two stages, pp is ${pp}`, 'give pp of 2 or more, or one of them');
    const left = pp - (first !== undefined ? 1 : 0) - (last !== undefined ? 1 : 0);
    const rest = L - (first ?? 0) - (last ?? 0);
    if (rest < 0 || (left === 0 && rest !== 0) || (left > 0 && rest % left !== 0)) {
      const held = `${[first !== undefined ? `${first} on the first stage` : '', last !== undefined ? `${last} on the last` : ''].filter(Boolean).join(' and ')}`;
      throw refuse(uneven, left > 0 && rest >= 0
        ? `${held} leave ${rest} of the ${L} layers for ${plural(left, 'stage')}, not an even share (${MCORE}: "With uneven pipelineing the left over layers must be divisible by left over stages")`
        : `${held} do not add up to the model's ${L} layers over pp ${pp}`, 'give stage sizes that leave the other stages an even share of the layers');
    }
    const mid = left > 0 ? rest / left : 0;
    perRank = Array.from({ length: pp }, (_, r) => (r === 0 && first !== undefined ? first : r === pp - 1 && last !== undefined ? last : mid));
  } else {
    const n = L + (embedding ? 1 : 0) + (loss ? 1 : 0);
    if (n % pp !== 0) throw refuse(given, `the ${L} layers${embedding ? ' plus the embedding' : ''}${loss ? ' plus the loss' : ''} (${n}) do not divide over pp ${pp} (${MCORE}: num_layers, with them, "should be divisible by" pipeline_model_parallel_size)`, 'give a pp that divides them, or leave the flag out');
    perRank = Array.from({ length: pp }, () => n / pp);
  }
  const chunks: string[] = [];
  for (let v = 0; v < vp; v++) {
    for (let r = 0; r < pp; r++) {
      if (perRank[r]! % vp !== 0) throw refuse('virtual_stages', `pipeline rank ${r} holds ${perRank[r]} layers, which do not divide over ${vp} virtual stages`, 'give virtual_stages that divide every rank\'s layers');
      const isFirst = v === 0 && r === 0;
      const isLast = v === vp - 1 && r === pp - 1;
      const decoder = perRank[r]! / vp - (isFirst && embedding ? 1 : 0) - (isLast && loss ? 1 : 0);
      if (decoder < 0) throw refuse(given, `the ${isFirst ? 'first' : 'last'} chunk holds no layer to give up for the ${isFirst ? 'embedding' : 'loss'}`, 'give fewer pipeline stages or virtual stages');
      chunks.push(`${isFirst ? 'E' : ''}${decoder > 1 ? `t*${decoder}` : decoder === 1 ? 't' : ''}${isLast ? `${'m'.repeat(arch.mtpDepth)}L` : ''}`);
    }
  }
  return written(chunks);
}

/** The chunks as Megatron's recipes write them: a run of equal chunks as `(…|)*n` (Et*7|(t*8|)*14t*7L), empty ones as they are. */
function written(chunks: readonly string[]): string {
  let out = '';
  for (let i = 0; i < chunks.length;) {
    let j = i;
    while (j + 1 < chunks.length && chunks[j + 1] === chunks[i]) j++;
    const c = chunks[i]!;
    const end = j === chunks.length - 1;
    const repeats = end ? j - i : j - i + 1; // the layout's last chunk is written after the group, without a separator
    out += c !== '' && repeats >= 2 ? `(${c}|)*${repeats}` : `${c}|`.repeat(repeats);
    if (end) out += c;
    i = j + 1;
  }
  return out;
}
