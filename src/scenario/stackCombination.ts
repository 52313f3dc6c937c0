/**
 * A matrix or option cell's stack against what the cell asks for (scenario/resolve.ts reads it when the schema refuses a
 * combination): one infeasible cell, not a refused file.
 */
import { STACK_IDS } from '../perf/stack.js';
import { InputError, parseKeyPath } from '../input/errors.js';
import { isMapping } from '../input/found.js';
import type { Raw } from './matrix.js';
import { originOf } from './origins.js';
import { STACK_RULE_KEYS } from './schema.js';

/**
 * Whether a refusal of the schema is one combination's stack against what it asks (an offload, a switch: STACK_RULE_KEYS),
 * where a matrix entry or an option gives the stack or that key and another stack takes the run: the combination is
 * infeasible, as under a stack without its schedule (the layout rules'), not the file. A matrix over [torchtitan,
 * megatron-core] with offload: {params: true} stopped at exit 2 (hostile sweep 29, m4.yaml).
 */
export function stackOfCombination(err: unknown, raw: Raw, origins: Map<string, (string | number)[]>, check: (raw: Raw) => void): boolean {
  const key = err instanceof InputError ? err.details.keyPath : undefined;
  if (key === undefined || !STACK_RULE_KEYS.includes(key) || !isMapping(raw.training)) return false;
  const given = [['training', 'stack'], parseKeyPath(key)].some((p) => originOf(p, origins) !== p);
  return given && STACK_IDS.some((stack) => {
    try {
      check({ ...raw, training: { ...(raw.training as Raw), stack } });
      return true;
    } catch {
      return false;
    }
  });
}
