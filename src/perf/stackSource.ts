/**
 * What every stack profile's value is built with (stackProfiles.ts, stackProfilesPyTorch.ts): a value with its source,
 * and the shared source of a dispatcher whose probabilities' all-to-all was not read.
 */
import type { Sourced } from './stack.js';

export const s = <T>(value: T, source: string): Sourced<T> => ({ value, source });

/** Where a stack's dispatcher was not read for an all-to-all of the routing probabilities, none is charged (moeProbsAllToAll). */
export const PROBS_NOT_READ = s(false, 'not charged: its dispatcher\'s source was not read for an all-to-all of the routing probabilities (Megatron-Core\'s was: it sends them, moeProbsAllToAll)');
