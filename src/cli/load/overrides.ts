/**
 * Command-line values over a scenario file's (`run FILE --count 2048 --price 2.5`, `budget FILE --usd 5M --gpu b200`):
 * each flag is one scenario key, written into every run the file makes (its options and matrix cells) by the rule plan's
 * overrides follow (scenario/overrides.ts, shared with the library's run), and an error in the value is told at the flag.
 */
import { InputError, beyondLargest } from '../../input/errors.js';
import { shownName } from '../../input/name.js';
import { int } from '../../report/format.js';
import { FIXED_KEYS, type FixedField } from '../../scenario/options.js';
import { kebabCase } from '../options.js';
import type { Override } from '../../scenario/overrides.js';

/** A field's flag as typed, without its dashes: `seqLen` is `seq-len` (yargs reads both). */
export const flagName = (f: FixedField): string => kebabCase(f);

/** The fields whose value is a name (a GPU id, a precision), never a number. */
const NAME_FIELDS: readonly FixedField[] = ['gpu', 'precision'];

/** The overrides among `flags` (scenario fields, scenario/options.ts FIXED_KEYS: the one table of field and key) the user gave, in that order. */
export function overridesOf(argv: Record<string, unknown>, flags: readonly FixedField[]): Override[] {
  return flags.filter((f) => argv[flagName(f)] !== undefined).map((f) => {
    const flag = flagName(f);
    const [block, key] = FIXED_KEYS[f];
    const text = String(argv[flag]).trim();
    // `--count 0` was 'found "0"': a plain number is a number, as YAML reads it in the file; one beyond the largest number
    // (`--count 1e400`) is refused as written, as the file's is (yamlStructure.ts): it was told in YAML's `.inf (unbounded)`.
    // A name's flag keeps its text (`--gpu 1e3`, `--precision 16`): read as a number, it was told 'expected text, found
    // 1000' with YAML's 'quote it to make it text', which no shell quoting does (hostile sweep 30).
    const value = !NAME_FIELDS.includes(f) && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) ? Number(text) : text;
    if (typeof value === 'number' && !Number.isFinite(value)) throw new InputError(beyondLargest(shownName(text), value < 0), { keyPath: `--${flag}` });
    return { flag, named: `--${flag}`, block, key, text, value };
  });
}

/**
 * Said under the output: what was given over the file (its name may still say `on 2048 A100`), and where a file makes
 * several runs, that every one of them takes it (as plan says which run it plans).
 */
export function overridesNote(overrides: readonly Override[], runs: number, files = 1): string | undefined {
  if (overrides.length === 0) return undefined;
  const given = overrides.map((o) => `--${o.flag} ${shownName(o.text)}`).join(', ');
  // `run a.yaml b.yaml --count 512` said 'the scenario's 5 runs (its options × its matrix)' of two files (hostile sweep 26).
  if (files > 1) return `${given} applied to each of the ${int(runs)} runs of the ${int(files)} scenarios (their options × their matrices)`;
  return runs < 2 ? `${given} over the scenario's values` : `${given} applied to each of the scenario's ${int(runs)} runs (its options × its matrix)`;
}
