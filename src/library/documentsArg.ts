/**
 * Document lengths given as an option (`--documents`, the library's `documents`): the forms a scenario's
 * training.documents takes (scenario/documents.ts), and text for the command line.
 *   2048 or '2048'                                  every document 2,048 tokens
 *   '1024:0.75,8192:0.25'                           a mix: tokens:share, comma-separated
 *   {tokens: 2048}, [{tokens: 1024, share: 0.75}, …] as in a scenario
 * The fit to the run's seq_len and the shares' sum are checked with the count (flops/documents.ts documentsProblem).
 */
import { InputError, formatKeyPath } from '../input/errors.js';
import { readCallerValue } from '../input/data.js';
import type { Documents } from '../flops/documents.js';
import { countArg, typeName } from './args.js';

const SYNTAX = 'document tokens such as 2048, or a mix of tokens:share such as 1024:0.75,8192:0.25';

/** A share of the training tokens: 0 < x ≤ 1. */
function shareArg(key: string, value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!(n > 0 && n <= 1)) throw new InputError(`expected a share above 0 and at most 1, found ${typeName(value)}`, { keyPath: key, hint: 'each share is the part of the training tokens in documents of that length, such as 0.25' });
  return n;
}

export function documentsArg(key: string, value: unknown): Documents | undefined {
  if (value === undefined) return undefined;
  const tokens = (at: string, v: unknown): number => countArg(at, v, { sequence: true, syntax: SYNTAX })!;
  if (typeof value === 'number') return [{ tokens: tokens(key, value), share: 1 }];
  if (typeof value === 'string') {
    if (!value.includes(':')) return [{ tokens: tokens(key, value.trim()), share: 1 }];
    return value.split(',').map((part) => {
      const [t, s, more] = part.split(':');
      if (t === undefined || s === undefined || more !== undefined) throw new InputError(`expected ${SYNTAX}, found ${typeName(part.trim())}`, { keyPath: key });
      return { tokens: tokens(key, t.trim()), share: shareArg(key, s.trim()) };
    });
  }
  if (Array.isArray(value)) {
    const length = readCallerValue(() => value.length, { keyPath: key });
    if (length === 0) throw new InputError(`expected ${SYNTAX}, found an empty list`, { keyPath: key });
    return Array.from({ length }, (_, i) => {
      const at = formatKeyPath([key, i]);
      const entry = readCallerValue(() => (value as unknown[])[i], { keyPath: at }) as { tokens?: unknown; share?: unknown } | null;
      if (entry === null || typeof entry !== 'object') throw new InputError(`expected {tokens, share}, found ${typeName(entry)}`, { keyPath: at });
      return { tokens: tokens(`${at}.tokens`, entry.tokens ?? null), share: shareArg(`${at}.share`, entry.share) };
    });
  }
  if (value !== null && typeof value === 'object' && 'tokens' in value) return [{ tokens: tokens(`${key}.tokens`, (value as { tokens: unknown }).tokens), share: 1 }];
  throw new InputError(`expected ${SYNTAX}, found ${typeName(value)}`, { keyPath: key });
}
