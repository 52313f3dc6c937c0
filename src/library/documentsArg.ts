/**
 * Document lengths given as an option (`--documents`, the library's `documents`): the forms a scenario's
 * training.documents takes (scenario/documents.ts), and text for the command line.
 *   2048 or '2048'                                  every document 2,048 tokens
 *   '1024:0.75,8192:0.25'                           a mix: tokens:share, comma-separated
 *   {tokens: 2048}, [{tokens: 1024, share: 0.75}, …] as in a scenario
 * The fit to the run's seq_len and the shares' sum are checked with the count (flops/documents.ts documentsProblem).
 */
import { InputError, formatKeyPath } from '../input/errors.js';
import { evaluateExpression } from '../input/expr.js';
import { readCallerValue } from '../input/data.js';
import { shownName } from '../input/name.js';
import { offeredThousandsReading } from '../input/quantity.js';
import type { Documents } from '../flops/documents.js';
import { countArg, optionsArg, typeName } from './args.js';
import { DOCUMENT_SHARE_HINT, documentsMixHint } from '../scenario/documents.js';

/**
 * The option's type (FlopsOptions and PlanQuery `documents`): what documentsArg takes, a share as text too (`'75%'`,
 * `'3/4'`), as a scenario's `share:` is read. The entries' `share` was typed a number, which refused in TypeScript what ran.
 */
export type DocumentsOption = number | string | { tokens: number | string } | { tokens: number | string; share: number | string }[];

const SYNTAX = 'document tokens such as 2048, or a mix of tokens:share such as 1024:0.75,8192:0.25';

/**
 * A share of the training tokens: 0 < x ≤ 1. Text is read as the scenario's share reads it (scenario/values.ts
 * fraction, through the expression evaluator: `75%` is 0.75, `3/4` too): `--documents 1024:75%` was refused while the
 * file's `share: 75%` read as 0.75 (walk31).
 */
function shareArg(key: string, value: unknown): number {
  // Text the evaluator cannot read (`x`) is told as a share, with the share's hint, not as an expression.
  const read = (text: string): number => {
    try {
      return evaluateExpression(text, {}, { kind: 'number', keyPath: key, percent: true });
    } catch (err) {
      if (err instanceof InputError) return NaN;
      throw err;
    }
  };
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? read(value) : NaN;
  if (!(n > 0 && n <= 1)) throw new InputError(`expected a share above 0 and at most 1, found ${typeName(value)}`, { keyPath: key, hint: DOCUMENT_SHARE_HINT });
  return n;
}

export function documentsArg(key: string, value: unknown): Documents | undefined {
  if (value === undefined) return undefined;
  const tokens = (at: string, v: unknown): number => {
    if (v === undefined) throw new InputError(`expected ${SYNTAX}, found nothing`, { keyPath: at });
    if (Array.isArray(v)) throw new InputError(`expected ${SYNTAX}, found ${typeName(v)}`, { keyPath: at, hint: documentsMixHint(v) });
    return countArg(at, v, { sequence: true, syntax: SYNTAX })!;
  };
  if (typeof value === 'number') return [{ tokens: tokens(key, value), share: 1 }];
  if (typeof value === 'string') {
    if (!value.includes(':')) {
      // Lengths with no shares (`1024,8192`), no comma a thousands separator: a mix with its shares left out. It was told
      // "write 1024.8192 if the comma is a decimal point" (hostile sweep 27).
      const parts = value.split(',').map((p) => p.trim());
      if (parts.length > 1 && parts.every((p) => /^\d+$/.test(p)) && !offeredThousandsReading(parts)) {
        throw new InputError(`expected ${SYNTAX}, found "${shownName(value)}": ${parts.length} lengths with no shares`, { keyPath: key, hint: `give each length its share of the training tokens, the shares summing to 1: ${parts.map((p) => `${p}:${parts.length === 2 ? '0.5' : 'SHARE'}`).join(',')}` });
      }
      return [{ tokens: tokens(key, value.trim()), share: 1 }];
    }
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
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new InputError(`expected {tokens, share}, found ${typeName(entry)}`, { keyPath: at });
      // The scenario's keys and no others, as its schema takes them (scenario/documents.ts): `{tokens, shares}` was told
      // the share was missing, and `{tokens, share, extra}` ran with `extra` unread (hostile sweep 27).
      const e = optionsArg(at, entry, ['tokens', 'share'], { nested: true });
      return { tokens: tokens(`${at}.tokens`, e.tokens), share: shareArg(`${at}.share`, e.share) };
    });
  }
  if (value !== null && typeof value === 'object') {
    // One length, `{tokens: 2048}`: a share beside it was ignored, another key too, and `{token: 2048}` was "found an object".
    const o = optionsArg(key, value as { tokens?: unknown }, ['tokens'], { nested: true, hint: (k) => (k === 'share' ? `a share goes in the list form's entries: ${key}: [{tokens, share}, …]` : undefined) });
    return [{ tokens: tokens(`${key}.tokens`, o.tokens), share: 1 }];
  }
  throw new InputError(`expected ${SYNTAX}, found ${typeName(value)}`, { keyPath: key });
}
