/** What a run was checked against, its deadline and budget, as run's table, its notes and one run's detail say it. */
import type { RunResult } from '../estimate/run.js';
import { durationNoun } from './duration.js';
import { usd } from './format.js';
import type { RunRow } from './runJson.js';

/** The table's `meets` column: `yes`, `no (deadline, budget)`, or empty where nothing was checked. */
export function meets(r: RunResult): string {
  if (r.meetsDeadline === null && r.meetsBudget === null) return '';
  const fails = [r.meetsDeadline === false ? 'deadline' : '', r.meetsBudget === false ? 'budget' : ''].filter(Boolean);
  return fails.length ? `no (${fails.join(', ')})` : 'yes';
}

/**
 * The deadline and budget a run was checked against, `deadline 120 days, budget $60M` (the table's note; the table's
 * `meets` column said `no (deadline)` and nothing said which deadline: new-user trial 25), or with `verdicts` each one's,
 * `deadline 120 days: missed; budget $40M: met` (one run's line, which printed `no (deadline) (deadline 120 days, budget
 * $40M)`: readme26).
 */
export function constraintsChecked(r: RunResult, verdicts = false): string {
  const c = r.inputs.constraints ?? {};
  const one = (name: string, value: string, met: boolean | null) => (verdicts ? (met === null ? '' : `${name} ${value}: ${met ? 'met' : 'missed'}`) : `${name} ${value}`);
  return [
    c.deadlineSeconds !== undefined ? one('deadline', durationNoun(c.deadlineSeconds), r.meetsDeadline) : '',
    c.budgetUsd !== undefined ? one('budget', usd(c.budgetUsd), r.meetsBudget) : '',
  ].filter(Boolean).join(verdicts ? '; ' : ', ');
}

/** Under a table: the constraints `meets` checked, once where every option shares them, else option by option. */
export function constraintsNotes(rows: readonly RunRow[], label: (r: RunRow) => string): string[] {
  const checked = rows.map((r) => constraintsChecked(r.result));
  if (checked.every((c) => !c)) return [];
  if (checked.every((c) => c === checked[0])) return [`meets: checked against ${checked[0]}`];
  return rows.map((r, i) => `meets, ${label(r)}: ${checked[i] ? `checked against ${checked[i]}` : 'no deadline or budget'}`);
}
