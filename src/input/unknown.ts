/**
 * The errors for a name that is not in a catalog (a model preset, a GPU profile), shared by the
 * file-backed loaders (src/cli/load), the page (src/ui) and the library's in-memory sources
 * (src/library/core.ts), so all say the same thing. `otherwise` is the hint when no name is near: what
 * the caller can give instead (the CLI's commands and paths mean nothing to a library caller).
 */
import { InputError } from './errors.js';
import { shownName } from './name.js';
import { didYouMean } from './suggest.js';
import { unknownGpuHint, type GpuCandidate } from './gpuNameHint.js';

/** A model written out where its name goes: more than one line, a `key: value` or a flow mapping (YAML or JSON text). */
const WRITTEN_OUT = /[\n\r]|^\s*[A-Za-z_][\w-]*\s*:\s|^\s*\{/;

export function unknownModelError(ref: string, presetIds: readonly string[], otherwise = 'run `flopcast models` for the presets, or give a path to a model YAML or a config.json'): InputError {
  // `flops('layers: 2\nd_model: 64')`, as run() takes a scenario's text, was 'unknown model `layers: 2` and a line break
  // raw in the message (hostile sweep 21).
  if (WRITTEN_OUT.test(ref)) {
    const first = ref.trim().split(/[\n\r]/)[0]!;
    return new InputError(`a model is a preset id or a model file's path, not the model written out: found YAML text, \`${shownName(first)}\`${first === ref.trim() ? '' : ' ...'}`, { keyPath: 'model', hint: 'save it as a model file (.yaml) and give its path; the library also takes the model as an object (flops({ layers, d_model, ... }))' });
  }
  return new InputError(`unknown model \`${shownName(ref)}\``, { keyPath: 'model', hint: didYouMean(ref, presetIds.filter((id) => sameNumbers(ref, id))) ?? otherwise });
}

const numbersOf = (s: string): string[] => s.toLowerCase().match(/\d+(?:\.\d+)?/g) ?? [];
const sorted = (n: string): string => [...n].sort().join('');

/**
 * One number a typo away from another: its digits transposed (`157` for `175`: suggest.ts editDistance counts that one
 * typo) or one digit of several mistyped (`71` for `70`); not a digit more or less (`7` for `72`: ten times the size)
 * nor a one-digit number changed (`3` for `2`: another generation).
 */
function typoOf(written: string, id: string): boolean {
  if (written === id || sorted(written) === sorted(id)) return true;
  return written.length === id.length && written.length >= 2 && [...written].filter((c, i) => c !== id[i]).length === 1;
}

/**
 * Whether a preset may be the one a name meant: its numbers (a size, a generation) are the name's or a typo of them
 * ({@link typoOf}), or it begins with the name (`gpt3`: every GPT-3). A near spelling with other numbers is another
 * model: `Qwen2.5-7B` was told `qwen2.5-72b` (ten times the parameters), `gpt-3` `gpt2`.
 */
function sameNumbers(ref: string, id: string): boolean {
  const written = numbersOf(ref);
  return id.startsWith(ref.trim().toLowerCase()) || numbersOf(id).every((n) => written.some((w) => typoOf(w, n)));
}

/**
 * At `gpu`, as a model's is at `model` (plan({ gpu: 'h100' }) named no key); a scenario puts it at cluster.gpu, a
 * command's option or argument (plan --gpu, budget --gpu, `flopcast hardware show ID`) at what the user wrote ({@link keyedAs}).
 * `profiles`: the profiles themselves where the caller has them (their memory is weighed), else their ids; the hint, what
 * the name was meant to be, is gpuNameHint.ts unknownGpuHint's.
 */
export function unknownGpuError(id: string, profiles: readonly GpuCandidate[], otherwise = 'run `flopcast hardware` for the profiles'): InputError {
  return new InputError(`unknown GPU \`${shownName(id)}\``, { keyPath: 'gpu', hint: unknownGpuHint(id, profiles, otherwise) });
}

/**
 * `load()` of a model or GPU the caller named by an option, an unknown name keyed as that option (`--gpu`, `--model`):
 * `plan --gpu h100-sxn` and `budget --gpu h100-sxn` were 'gpu: unknown GPU', where their other errors name the option.
 * An error in a file the name led to keeps its own place.
 */
export function keyedAs<T>(option: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof InputError && !err.details.file && (err.details.keyPath === 'gpu' || err.details.keyPath === 'model')) err.details.keyPath = option;
    throw err;
  }
}
