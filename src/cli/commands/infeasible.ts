/** The stderr warning's text (src/cli/output.ts warn) when some matrix combinations could not run (they are listed in the output). */
import type { Infeasible } from '../../report/runs.js';

export function infeasibleWarning(infeasible: readonly Infeasible[], ran: number): string {
  const n = infeasible.length;
  return `${n} of ${n + ran} option${n + ran === 1 ? '' : 's'} could not run and ${n === 1 ? 'is' : 'are'} marked infeasible in the output: ${infeasible.map((i) => i.name).join('; ')}`;
}
