/** The stderr warning's text (src/cli/output.ts warn) when some matrix combinations could not run (they are listed in the output). */
import type { InputError } from '../../input/errors.js';
import type { Infeasible } from '../../report/runJson.js';

export function infeasibleWarning(infeasible: readonly Infeasible[], ran: number): string {
  const n = infeasible.length;
  return `${n} of ${n + ran} option${n + ran === 1 ? '' : 's'} could not run and ${n === 1 ? 'is' : 'are'} marked infeasible in the output: ${infeasible.map((i) => i.name).join('; ')}`;
}

/**
 * A combination that could not run, as the output lists it: its located error and the error's hint, the way to
 * fix it. The hint was dropped: `pricing: {kind: reserved}` over a matrix of GPUs listed "h200-sxm has no reserved
 * (1y) price" without the kinds it has and `usd_per_gpu_hour`, which a single run's refusal gives.
 */
export function infeasibleOf(name: string, error: InputError): Infeasible {
  return { name, error: error.located(), ...(error.details.hint ? { hint: error.details.hint } : {}) };
}
