/**
 * Document masking: a sequence packed with several documents, attention kept inside each.
 *
 * Pre-training packs documents into sequences; with a document mask a token attends only to the earlier tokens of its
 * own document (Llama 3, arXiv:2407.21783 §3.4.1: "we use an attention mask that prevents self-attention between
 * different documents within the same sequence"). The stacks name it: torchtitan `attn_mask_type: block_causal`
 * (torchtitan/models/attention.py get_document_mask_mod, and_masks with the causal and sliding-window masks; its varlen
 * path builds `cu_seqlens` from the EOS positions, create_varlen_cu_seqs), Megatron-Core / Transformer Engine packed
 * sequences in the THD format (megatron/core/packed_seq_params.py PackedSeqParams: qkv_format 'thd', cu_seqlens_q/kv).
 *
 * What flopcast is told (`training.documents`), and why this form: the mask's work depends only on the lengths of the
 * stretches each sequence is cut into (a stretch of n tokens holds n²/2 causal keys), so the input is document lengths.
 *   {tokens: L}            every document L tokens: a sequence of s holds ⌊s/L⌋ whole documents and the first
 *                          s mod L tokens of another, which the sequence's end cuts.
 *   [{tokens, share}, …]   a length mix: `share` of the run's tokens are in sequences packed with documents of `tokens`
 *                          each, as above; the shares sum to 1. A mix of document lengths as a data mix states it,
 *                          with the arithmetic of the single length, exact per bucket.
 * A document longer than the sequence is refused: the sequence cuts it, so it is the causal mask alone (leave
 * documents out), and a length written past seq_len is likelier a slip.
 *
 * The counting rule (the model FLOPs, so MFU): attention inside the documents only. Masked cross-document keys are not
 * counted, under either attention convention (conventions.ts), as Megatron-LM counts packed sequences: its
 * num_floating_point_operations takes seqlen_squared_sum_in_batch, the sum of each packed sequence's length squared, for
 * the core attention (/work/shared/reference/formulas.md §7). torchtitan's MFU counts the whole sequence (full s², no
 * mask), so its printed MFU is higher than flopcast's for a document-masked run.
 */
import { int, plural } from '../report/format.js';

export interface DocumentBucket {
  /** Tokens per document. */
  tokens: number;
  /** Share of the run's tokens in sequences packed with documents of this length (1 for a single length). */
  share: number;
}

/** Document lengths: one bucket of share 1, or a mix whose shares sum to 1. */
export type Documents = readonly DocumentBucket[];

/** A stretch of `length` tokens that attends only within itself, `count` times in one sequence. */
export interface Stretch {
  length: number;
  count: number;
}

/** The sequences of one bucket: `share` of the run's, each cut into `stretches`. */
export interface Packing {
  share: number;
  stretches: Stretch[];
}

/**
 * The stretches of sequences of `seqLen` tokens packed with `docs`: per bucket ⌊s/L⌋ documents of L and one of s mod L
 * (none when L divides s). Without documents, the whole sequence.
 */
export function packings(docs: Documents | undefined, seqLen: number): Packing[] {
  if (docs === undefined) return [{ share: 1, stretches: [{ length: seqLen, count: 1 }] }];
  return docs.map(({ tokens, share }) => {
    const q = Math.floor(seqLen / tokens);
    const r = seqLen - q * tokens;
    return { share, stretches: [...(q > 0 ? [{ length: tokens, count: q }] : []), ...(r > 0 ? [{ length: r, count: 1 }] : [])] };
  });
}

/** How far the shares may miss 1 (decimal shares such as 0.1 + 0.2 + 0.7 are not exactly 1 in doubles). */
const SHARE_TOLERANCE = 1e-9;

/** A problem with `docs` at `seqLen`: where (`at`: the bucket's index, or undefined for the whole; `field` in it), what, and a hint. */
export interface DocumentsProblem {
  at: number | undefined;
  field: 'tokens' | 'share' | undefined;
  /** Whether another seq_len would take the documents (a length past it), not the documents themselves at fault. */
  bySeqLen: boolean;
  message: string;
  hint: string;
}

/** What a share is: every hint about one says it (the sum's here, a missing one's in scenario/documents.ts and library/documentsArg.ts). */
export const SHARE_MEANING = 'each share is the part of the training tokens in documents of that length';

/** The first problem of `docs` (already whole positive lengths and shares in (0, 1]) at `seqLen`, or undefined. */
export function documentsProblem(docs: Documents, seqLen: number): DocumentsProblem | undefined {
  for (const [i, d] of docs.entries()) {
    if (d.tokens > seqLen) {
      return {
        at: i, field: 'tokens', bySeqLen: true,
        message: `a document of ${int(d.tokens)} tokens is longer than the sequence (seq_len ${int(seqLen)}): the sequence cuts it, so no mask but the causal one applies`,
        hint: `give documents of at most ${int(seqLen)} tokens, or leave documents out for the causal mask alone`,
      };
    }
    const first = docs.findIndex((o) => o.tokens === d.tokens);
    if (first < i) return { at: i, field: 'tokens', bySeqLen: false, message: `documents of ${int(d.tokens)} tokens are listed twice (also entry ${first})`, hint: 'give each length once, with the shares added' };
  }
  const total = docs.reduce((t, d) => t + d.share, 0);
  if (Math.abs(total - 1) > SHARE_TOLERANCE) {
    return { at: undefined, field: 'share', bySeqLen: false, message: `the shares of the document lengths sum to ${total}, not 1`, hint: `${SHARE_MEANING}; make them sum to 1` };
  }
  return undefined;
}

/** The documents in words: `documents of 2,048 tokens`, `documents of 1,024 (75%) and 8,192 tokens (25%)`. */
export function documentsText(docs: Documents): string {
  // plural: documents of 1 token (`--documents 1`) read "documents of 1 tokens" (hostile sweep 27).
  if (docs.length === 1) return `documents of ${plural(int(docs[0]!.tokens), 'token')}`;
  const parts = docs.map((d) => `${int(d.tokens)} (${+(d.share * 100).toFixed(4)}%)`);
  return `documents of ${parts.slice(0, -1).join(', ')} and ${parts.at(-1)} tokens`;
}
