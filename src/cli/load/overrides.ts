/**
 * Command-line values over a scenario file's (`run FILE --count 2048 --price 2.5`, `budget FILE --usd 5M --gpu b200`):
 * each flag is one scenario key, written into every run the file makes (its options and matrix cells) by the rule plan's
 * overrides follow (scenario/overrides.ts, shared with the library's run), and an error in the value is told at the flag.
 */
import { shownName } from '../../input/name.js';
import { int } from '../../report/format.js';
import { FIXED_KEYS, type FixedField } from '../../scenario/options.js';
import { kebabCase } from '../options.js';
import { overrideValue, type Override } from '../../scenario/overrides.js';

/** A field's flag as typed, without its dashes: `seqLen` is `seq-len` (yargs reads both). */
export const flagName = (f: FixedField): string => kebabCase(f);


/** The overrides among `flags` (scenario fields, scenario/options.ts FIXED_KEYS: the one table of field and key) the user gave, in that order. */
export function overridesOf(argv: Record<string, unknown>, flags: readonly FixedField[]): Override[] {
  return flags.filter((f) => argv[flagName(f)] !== undefined).map((f) => {
    const flag = flagName(f);
    const [block, key] = FIXED_KEYS[f];
    const text = String(argv[flag]).trim();
    return { flag, named: `--${flag}`, block, key, text, value: overrideValue(f, text, `--${flag}`) };
  });
}

/**
 * Said under the output: what was given over the file (its name may still say `on 2048 A100`), and where a file makes
 * several runs, that every one of them takes it (as plan says which run it plans).
 */
export function overridesNote(overrides: readonly Override[], runs: number, files = 1): string | undefined {
  if (overrides.length === 0) return undefined;
  const given = overrides.map((o) => `${o.named} ${shownName(o.text)}`).join(', ');
  // `run a.yaml b.yaml --count 512` said 'the scenario's 5 runs (its options × its matrix)' of two files (hostile sweep 26).
  if (files > 1) return `${given} applied to each of the ${int(runs)} runs of the ${int(files)} scenarios (their options × their matrices)`;
  return runs < 2 ? `${given} over the scenario's values` : `${given} applied to each of the scenario's ${int(runs)} runs (its options × its matrix)`;
}
