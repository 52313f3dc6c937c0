/**
 * What the library's `run` takes over a scenario's values, as `flopcast run FILE --count 2048 --price 2.5` does: each
 * option one scenario key written into every run (its options and matrix cells too; scenario/overrides.ts), an error in
 * its value told at the option. Pure.
 */
import { InputError } from '../input/errors.js';
import { FIXED_KEYS } from '../scenario/options.js';
import { overrideValue, type Override } from '../scenario/overrides.js';
import { nameArg, shownArg, typeName } from './args.js';

export interface RunOverrides {
  /** A hardware profile id, over every run's cluster.gpu (`--gpu`). */
  gpu?: string;
  /** Number of GPUs, over every run's cluster.count (`--count`). */
  count?: number | string;
  /** USD per GPU-hour, over every run's pricing, its kind and provider too (`--price`); the results' price source says `price`. */
  price?: number | string;
  /** MFU 0-1, or `'auto'` (predicted), over every run's throughput figure (`--utilization`). */
  utilization?: number | string;
  /** Fraction of wall-clock spent on useful steps, over every run's overheads.goodput (`--goodput`). */
  goodput?: number | string;
  /** Training tokens (`300e9`, `'15T'`), over every run's training.tokens (`--tokens`). */
  tokens?: number | string;
  /** Latest acceptable wall-clock (`'90 days'`), over every run's constraints.deadline (`--deadline`). */
  deadline?: string;
  /** Most acceptable total cost in USD (`'40M'`), over every run's constraints.budget (`--budget`). */
  budget?: number | string;
}

/** The override options, in the order the command line lists its flags (src/cli/commands/run.ts RUN_OVERRIDES). */
export const RUN_OVERRIDE_FIELDS = ['gpu', 'count', 'price', 'utilization', 'goodput', 'tokens', 'deadline', 'budget'] as const satisfies readonly (keyof RunOverrides)[];
export type RunOverrideField = (typeof RUN_OVERRIDE_FIELDS)[number];

/** The overrides among `o` given, checked for their kind (a JavaScript caller may pass anything: args.ts). */
export function runOverridesOf(o: RunOverrides): Override[] {
  return RUN_OVERRIDE_FIELDS.filter((f) => o[f] !== undefined).map((f) => {
    const given: unknown = o[f];
    if (f === 'gpu') nameArg(f, given);
    else if (typeof given !== 'string' && !(typeof given === 'number' && Number.isFinite(given))) {
      throw new InputError(`expected a number or text, found ${typeName(given)}`, { keyPath: f });
    }
    const [block, key] = FIXED_KEYS[f];
    // Text as the command line's flag text is read (scenario/overrides.ts overrideValue), a number as given.
    const value = typeof given === 'string' ? overrideValue(f, given.trim(), f) : (given as number);
    return { flag: f, named: f, block, key, value, text: typeof given === 'string' ? given.trim() : shownArg(value as number) };
  });
}
