/**
 * The warnings a model brings to every result computed from it: what its importer assumed or
 * could not represent (Hugging Face config.json, src/model/hf.ts), and, unless the run gives its
 * own sequence length, which config field the model's `seq_len` was read from. Flops, run and
 * report output all print this list (`warnings` in JSON); this is the one place it is made.
 */
import type { Architecture } from './architecture.js';
import { grouped } from '../report/format.js';

export function modelWarnings(arch: Architecture, seqLenGiven: boolean): string[] {
  const out: string[] = [];
  if (arch.seqLenFrom && !seqLenGiven) {
    out.push(
      `seq_len ${grouped(arch.seqLen)} comes from ${arch.seqLenFrom}; attention FLOPs grow with it: ` +
        'give the training length with --seq-len N or, in a scenario, training.seq_len.',
    );
  }
  return [...out, ...(arch.assumptions ?? []).map((a) => `${arch.name}: ${a}`)];
}
