/** The stderr warning's text (src/cli/output.ts warn) when some matrix combinations could not run (they are listed in the output). */
import type { Infeasible } from '../../report/runJson.js';
import { plural } from '../../report/format.js';

/** `where`: what became of them, where the output does not mark them (a CSV, which holds results only). */
export function infeasibleWarning(infeasible: readonly Infeasible[], ran: number, where?: string): string {
  const n = infeasible.length;
  return `${n} of ${plural(n + ran, 'option')} could not run and ${n === 1 ? 'is' : 'are'} ${where ?? 'marked infeasible in the output'}: ${infeasible.map((i) => i.name).join('; ')}`;
}
