/**
 * A scenario's training.documents (flops/documents.ts): the schema of its two forms, their reading as document
 * lengths, and the refusal of lengths past the run's seq_len or shares that do not sum to 1, at the entry at fault.
 */
import { z } from 'zod';
import { InputError, formatKeyPath } from '../input/errors.js';
import { documentsProblem, SHARE_MEANING, type Documents } from '../flops/documents.js';
import { fraction, sequenceLength } from './values.js';

const DOCUMENT_TOKENS = 'Tokens per document, at most seq_len.';

/**
 * The forms to write, for documents given as neither (`documents: 2048`, or `--documents`' text `"1024:0.75,8192:0.25"`
 * copied into the file, which was "expected a mapping or a list" alone: hostile sweep 29). A whole number is echoed in
 * the mapping it belongs in.
 */
function documentsFormHint(input: unknown): string {
  const tokens = typeof input === 'number' && Number.isInteger(input) && input > 0 ? input : typeof input === 'string' && /^\s*\d+\s*$/.test(input) ? Number(input) : 2048;
  return `write {tokens: ${tokens}}, every document ${tokens} tokens, or a mix as a list: [{tokens: 1024, share: 0.75}, {tokens: 8192, share: 0.25}] (the text 1024:0.75,8192:0.25 is --documents' form, on the command line)`;
}

/** What a share is, for one left out or refused: the scenario's and the library's (library/documentsArg.ts) one hint. */
export const DOCUMENT_SHARE_HINT = `${SHARE_MEANING}, such as 0.25; the shares sum to 1`;

/**
 * Several lengths written as one's tokens (`documents: {tokens: [1024, 2048]}`): the list form, each length with its share.
 * It was "expected a number or text, found a list of 2" alone (hostile sweep 29); the scenario's and the library's one hint.
 */
export function documentsMixHint(lengths: unknown): string | undefined {
  if (!Array.isArray(lengths)) return undefined;
  const shown = lengths.length > 1 && lengths.every((t) => typeof t === 'number' || typeof t === 'string') ? lengths.map((t) => String(t)) : ['1024', '8192'];
  const share = shown.length === 2 ? '0.5' : 'SHARE';
  return `a mix of lengths is a list, each with its share of the training tokens: [${shown.map((t) => `{tokens: ${t}, share: ${share}}`).join(', ')}] (${DOCUMENT_SHARE_HINT})`;
}

export const DocumentsSchema = z
  .union([
    z.strictObject({ tokens: sequenceLength(DOCUMENT_TOKENS, documentsMixHint) }),
    z.array(z.strictObject({
      tokens: sequenceLength(DOCUMENT_TOKENS),
      share: fraction('The share of the training tokens in documents of this length; the shares sum to 1.', (input) => (input === undefined ? DOCUMENT_SHARE_HINT : undefined)),
    })).min(1),
  ], { error: (i) => (i.code === 'invalid_union' && (i.input === null || typeof i.input !== 'object') ? `invalid | ${documentsFormHint(i.input)}` : undefined) })
  .meta({
    description: 'Document masking (torchtitan attn_mask_type: block_causal; Megatron-Core packed sequences, THD with cu_seqlens; Llama 3 §3.4.1): documents packed into each sequence, attention kept inside each document. {tokens: 2048}: every document 2,048 tokens, the last of a sequence cut by its end; or a length mix, [{tokens: 1024, share: 0.75}, {tokens: 8192, share: 0.25}] (shares of the training tokens, summing to 1). The attention FLOPs (so MFU: masked cross-document keys are not counted, as Megatron-LM counts packed sequences) and the fused kernel\'s time count the keys inside the documents. Default: none (the whole sequence attends).',
  });

export type DocumentsInput = z.output<typeof DocumentsSchema>;

/** The document lengths a scenario gives: one length with share 1, or its mix. */
export function documentsOf(d: DocumentsInput | undefined): Documents | undefined {
  if (d === undefined) return undefined;
  return Array.isArray(d) ? d.map(({ tokens, share }) => ({ tokens, share })) : [{ tokens: d.tokens, share: 1 }];
}

/**
 * What is wrong with training.documents at sequences of `seqLen` tokens (flops/documents.ts documentsProblem), as an
 * error at the entry at fault (`locate` gives a key path's place in the file), and whether another seq_len would take
 * the documents (`bySeqLen`: one combination of a matrix over seq_len, not the file, at fault); undefined where none.
 */
export function documentsIssue(d: DocumentsInput | undefined, seqLen: number, file: string, locate: (path: readonly PropertyKey[]) => { line: number; col: number }): { error: InputError; bySeqLen: boolean } | undefined {
  const docs = documentsOf(d);
  if (docs === undefined) return undefined;
  const problem = documentsProblem(docs, seqLen);
  if (!problem) return undefined;
  // A length at its entry's tokens (`training.documents[1].tokens`, `training.documents.tokens`); the shares' sum at the list.
  const path: PropertyKey[] = ['training', 'documents', ...(Array.isArray(d) && problem.at !== undefined ? [problem.at] : []), ...(problem.field === 'tokens' ? ['tokens'] : [])];
  return { error: new InputError(problem.message, { file, ...locate(path), keyPath: formatKeyPath(path), hint: problem.hint }), bySeqLen: problem.bySeqLen };
}
