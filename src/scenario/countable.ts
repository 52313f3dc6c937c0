/**
 * The scenario's FLOP count run so that what the count refuses lands at the scenario's key at fault (resolve.ts):
 * a document mask or sequence length it cannot use, or per-token FLOPs past 2^53.
 */
import { InputError, formatKeyPath } from '../input/errors.js';
import type { ParsedYaml } from '../input/yaml.js';
import type { Architecture } from '../model/architecture.js';
import { fieldPlace } from '../model/text.js';
import { overflowsBySeqLen } from '../flops/count.js';
import { int } from '../report/format.js';

/**
 * Runs the FLOP count, turning "per-token FLOPs beyond 2^53" (a model or sequence far too large to
 * count exactly) into an InputError at the model, or at training.seq_len when that is at fault
 * (flops/count.ts overflowsBySeqLen); at the model, hinting training.seq_len, when the model's own is. `locate` and
 * `reference`: the run's place of a key and its `referenced by` (oneRun's, through the run's origins).
 */
export function countable<T>(arch: Architecture, seqLen: number | undefined, fn: (a: Architecture) => T, file: string, locate: ParsedYaml['locate'], reference: (path: readonly PropertyKey[]) => string): T {
  try {
    return fn(arch);
  } catch (err) {
    // A document mask the count cannot use (flops/window.ts documentKeys): at training.documents.
    if (err instanceof InputError && !err.details.file && err.details.keyPath === 'documents') throw new InputError(err.message, { ...err.details, file, ...locate(['training', 'documents']), keyPath: 'training.documents' });
    if (err instanceof InputError && !err.details.file && err.details.keyPath === 'seq_len') {
      // A sequence length the count cannot use (src/flops/window.ts): the scenario's, or the model's: at the seq_len
      // line of the model file the scenario names (model/text.ts fieldPlace), else at the scenario's `model:`.
      const path = seqLen !== undefined ? ['training', 'seq_len'] : ['model'];
      const own = seqLen === undefined ? fieldPlace(arch, 'seq_len') : undefined;
      if (own !== undefined && own.file !== file) {
        throw new InputError(err.message, { ...own, hint: `${err.details.hint ?? 'give another sequence length'}, or give one in training.seq_len; ${reference(path)}` });
      }
      throw new InputError(err.message, { ...err.details, file, ...locate(path), keyPath: formatKeyPath(path) });
    }
    if (!(err instanceof RangeError)) throw err;
    const bySeqLen = overflowsBySeqLen(arch, seqLen);
    const path = bySeqLen && seqLen !== undefined ? ['training', 'seq_len'] : ['model'];
    const hint = !bySeqLen ? 'check the model sizes and sequence length' : seqLen !== undefined ? 'give a shorter sequence length' : `at the model's own sequence length, ${int(arch.seqLen)}: give a shorter one in training.seq_len`;
    throw new InputError(`too large to count exactly: ${err.message}`, { file, ...locate(path), keyPath: formatKeyPath(path), hint });
  }
}
