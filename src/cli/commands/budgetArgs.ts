/** What budget's two paths (options alone, budget.ts; a scenario, budgetScenario.ts) read alike: its values and its refusals. */
import type { ComputeBudget } from '../../budget/index.js';
import { InputError } from '../../input/errors.js';
import { evaluateExpression } from '../../input/expr.js';
import type { FieldWords } from '../../input/exprVocabulary.js';
import { listed } from '../../input/listed.js';
import { shownName } from '../../input/name.js';
import { quantityWords } from '../../report/quantityWords.js';

export function positive(name: string, value: unknown, kind: 'count' | 'duration' | 'number', field?: FieldWords, percent = false, scope: Readonly<Record<string, number>> = {}): number | undefined {
  if (value === undefined) return undefined;
  const v = evaluateExpression(typeof value === 'number' ? value : String(value), scope, { kind, keyPath: `--${name}`, field, percent, dollars: field?.dollars === true });
  if (!(v > 0)) throw new InputError(`expected a positive value, found ${String(value)}`, { keyPath: `--${name}` });
  return v;
}

/** --usd's words in the evaluator's messages: a dollar amount, not "a count" (whose hint, `20 * params`, budget does not read). */
const USD_WORDS: FieldWords = { text: 'a dollar amount', hint: 'write the US dollars to spend, such as 250k or 1.5M', dollars: true };

/**
 * The options an output of budget is sized by (src/budget/plan.ts computeBudget, costModel), given
 * which of the dollars and the deadline binds (`model`: budget --model), so that a result out of range
 * names the options that made it so: `--usd 1M --price 1e-300` buys more FLOPs than a number holds,
 * and --usd alone is not at fault. Of those, the ones the user gave (all of them if none was).
 */
export function sizedBy(key: string, binding: ComputeBudget['binding'] | 'model', argv: Record<string, unknown>): string {
  const hours = binding === 'model' ? ['model', 'tokens', 'utilization', 'goodput'] : binding === 'usd' ? ['usd', 'price'] : binding === 'deadline' ? ['deadline', 'count'] : ['flops', 'utilization', 'goodput'];
  const top = key.split('.')[0]!;
  // More GPUs only shorten the wall-clock: --count sizes it down, never out of range.
  const options = top === 'gpu_hours' || top === 'energy_kwh' || top === 'wall_clock_seconds' ? hours
    : top === 'cost_usd' ? [...hours, 'price']
    : binding === 'model' ? ['model', 'tokens'] : binding === null ? ['flops'] : [...hours, 'utilization', 'goodput'];
  const given = options.filter((o) => argv[o] !== undefined);
  const named = (given.length ? given : options).map((o) => `--${o}`);
  return listed(named, 'and');
}

/**
 * A result that is not a finite number (a budget so large the arithmetic overflows) is refused like
 * `flopcast run` refuses one: exit 2 at the options that sized it ({@link sizedBy}, given `binding`), never "n/a" with exit 0.
 */
export function refuseOverflow(result: unknown, binding: ComputeBudget['binding'] | 'model', argv: Record<string, unknown>): void {
  const bad = firstNonFiniteKey(result, '');
  if (bad !== undefined) {
    // Told in the words of the output and the options as typed: `--deadline 1e300days` was told 'out of range:
    // compute_flops would not be a finite number', a --json key the user never wrote (hostile sweep 30).
    const named = sizedBy(bad, binding, argv);
    const given = (named.match(/--[\w-]+/g) ?? []).filter((o) => argv[o.slice(2)] !== undefined).map((o) => `${o} ${shownName(String(argv[o.slice(2)]))}`);
    throw new InputError(`out of range: ${budgetQuantityWords(bad)} would be beyond the largest number (about 1.8e308)`, {
      keyPath: named, hint: `expected smaller values${given.length ? ` than ${listed(given, 'and')}` : ''}: check the size of each value and its unit`,
    });
  }
}

/** A budget output's --json key in words, as its text shows it (report/quantityWords.ts): `compute_flops` is the compute (FLOPs), `rule_of_thumb.tokens` its tokens. */
const budgetQuantityWords = (key: string): string => quantityWords(key.split('.').pop()!.replace(/^budget_/, ''));

function firstNonFiniteKey(v: unknown, path: string): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : path;
  if (v === null || typeof v !== 'object') return undefined;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const hit = firstNonFiniteKey(x, path ? `${path}.${k}` : k);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** The dollars and/or the deadline budget is given, read alike with options alone and with a scenario. */
export function budgetTargetOf(argv: Record<string, unknown>): { usd?: number; deadlineSeconds?: number } {
  return {
    ...(argv.usd !== undefined ? { usd: positive('usd', String(argv.usd), 'count', USD_WORDS)! } : {}),
    ...(argv.deadline !== undefined ? { deadlineSeconds: positive('deadline', argv.deadline, 'duration', undefined, false, countScope(argv.count))! } : {}),
  };
}

/**
 * --count as a deadline's scope holds a scenario's cluster.count (`count`), so a deadline written in GPU-hours is told its
 * hours on the run's GPUs (computeAmount.ts durationHint), where budget's hint kept the example's 8 GPUs (left38).
 */
function countScope(count: unknown): Record<string, number> {
  const n = typeof count === 'number' ? count : typeof count === 'string' && /^\d+$/.test(count.trim()) ? Number(count) : Number.NaN;
  return Number.isSafeInteger(n) && n > 0 ? { count: n } : {};
}
