/**
 * The errors for a name that is not in a catalog (a model preset, a GPU profile), shared by the
 * file-backed loaders (src/cli/load), the page (src/ui) and the library's in-memory sources
 * (src/library/core.ts), so all say the same thing. `otherwise` is the hint when no name is near: what
 * the caller can give instead (the CLI's commands and paths mean nothing to a library caller).
 */
import { InputError } from './errors.js';
import { shownName } from './name.js';
import { didYouMean } from './suggest.js';

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
 */
export function unknownGpuError(id: string, profileIds: readonly string[], otherwise = 'run `flopcast hardware` for the profiles'): InputError {
  const words = partWords(id);
  // Ids that name another memory size than the one written are not meant (`A100-40GB` was told the 80gb ids too).
  const ids = profileIds.filter((p) => sameMemory(words, p));
  return new InputError(`unknown GPU \`${shownName(id)}\``, { keyPath: 'gpu', hint: prefixHint(words, ids) ?? didYouMean(id, ids) ?? partHint(id, ids) ?? otherwise });
}

/** Vendors' and families' words before a part's name (`NVIDIA H100 80GB HBM3`, `AMD Instinct MI300X`, `nvidia-h100-sxm`, `NVIDIA GeForce RTX 4090`). */
const VENDOR_WORDS = /^(?:nvidia|geforce|tesla|amd|instinct|google|cloud|intel|habana|aws)(?:[\s_-]+|$)/;

/** A GPU's name without its vendor's words, lower case, in words (split at spaces, `_` and `-`). */
function partWords(id: string): string[] {
  let bare = id.trim().toLowerCase();
  while (VENDOR_WORDS.test(bare)) bare = bare.replace(VENDOR_WORDS, '');
  return bare === '' ? [] : bare.split(/[\s_-]+/);
}

const MEMORY_WORD = /^\d+gb$/;

/** Whether profile `p` names no memory size, or the one `words` names (an id's `40gb`; `a100-sxm4-80gb` is not `A100-40GB`). */
function sameMemory(words: readonly string[], p: string): boolean {
  const written = words.filter((w) => MEMORY_WORD.test(w));
  const named = p.split('-').filter((w) => MEMORY_WORD.test(w));
  return written.length === 0 || named.length === 0 || named.some((w) => written.includes(w));
}

/**
 * The longest profile id whose words begin the written ones in order, a word allowed a revision's digits after it (`sxm5`
 * is an `sxm`): `RTX-4090-24GB` is `rtx-4090` (edit distance said `rtx-3090` or `rtx-4090`), `H100-SXM5-80GB` `h100-sxm`
 * (it said `h100-nvl` first). Else the ids of the written part's family, its first word the same or with letters after
 * it (`A10-24GB`: `a10g`, not the a100s, which edit distance named).
 */
function prefixHint(words: readonly string[], profileIds: readonly string[]): string | undefined {
  const begins = (w: string, written: string | undefined) => written !== undefined && written.startsWith(w) && /^\d*$/.test(written.slice(w.length));
  const prefixed = profileIds.map((p) => p.split('-')).filter((pw) => pw.every((w, i) => begins(w, words[i])));
  const longest = Math.max(0, ...prefixed.map((pw) => pw.length));
  const best = prefixed.filter((pw) => pw.length === longest).map((pw) => pw.join('-'));
  if (best.length === 1) return `did you mean \`${best[0]}\`?`;
  const first = words[0];
  if (first === undefined || words.length < 2) return undefined;
  const family = profileIds.filter((p) => p.startsWith(first) && /^[a-z]*$/.test(p.split('-')[0]!.slice(first.length)));
  return family.length === 1 ? `did you mean \`${family[0]}\`?` : undefined;
}

/**
 * The profile meant by a GPU written as a vendor's tools print it: nvidia-smi's `NVIDIA H100 80GB HBM3`, `NVIDIA H200`,
 * `nvidia-h100-sxm`, a TPU without `tpu-` (`v5p`), or as a model card writes it, the part and its memory (`H100-80GB`,
 * Meta's Llama 3.1 card; `A100 80GB`). The vendor's words are dropped, then the whole, its first word (up to a space,
 * `_` or `-`) and the TPU's id are each asked for. The first word was asked only after a vendor's word, so `H100-80GB`
 * had no hint at all (newuser35).
 */
function partHint(id: string, profileIds: readonly string[]): string | undefined {
  let bare = id.trim().toLowerCase();
  while (VENDOR_WORDS.test(bare)) bare = bare.replace(VENDOR_WORDS, '');
  if (bare === '') return undefined;
  for (const word of [bare.replace(/\s+/g, '-'), bare.split(/[\s_-]+/)[0]!]) {
    if (profileIds.includes(word)) return `did you mean \`${word}\`?`;
    const near = didYouMean(word, profileIds);
    if (near) return near;
  }
  return tpuHint(bare, profileIds);
}

function tpuHint(bare: string, profileIds: readonly string[]): string | undefined {
  return profileIds.includes(`tpu-${bare}`) ? `did you mean \`tpu-${bare}\`?` : undefined;
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
