/**
 * `training.offload` (perf/offload.ts): its schema and the stack rule, one for scenarios, validation rows and `plan`
 * (library/planRules.ts reads the same rule).
 */
import { z } from 'zod';
import { DEFAULT_STACK, type StackId } from '../perf/stack.js';
import { offloadFromFile, type OffloadFile } from '../perf/offload.js';
import { offloadSpelling, offloadStackProblem } from '../perf/offloadRules.js';
import { hintKey } from '../perf/layoutFields.js';
import { typeHint } from '../input/errorMaps.js';

const spell = offloadSpelling(hintKey('offload'));
/** `offload: optimizer`, `offload: 0.5`, `offload: params` (the command line's words in a file): the mapping meant. */
const offloadMappingHint = (input: unknown): string => {
  const meant = input === 'params' ? 'params' : typeof input === 'number' && input > 0 && input <= 1 ? input : 1;
  return `write a mapping: ${spell(meant)}${meant === 'params' ? '' : ` (or ${spell('params')} for the parameters and gradients too)`}`;
};

export const OffloadSchema = z
  .strictObject({
    optimizer: z.number({ error: typeHint(() => 'a fraction of the optimizer states, 0 < f ≤ 1: 0.5 for half, 1 for all') }).gt(0, 'expected a fraction above 0 | for no offload, leave the offload out').lte(1, 'expected a fraction of at most 1 (all of the optimizer states)').optional().meta({
      description: 'The fraction of the optimizer states (fp32 master weights and Adam moments) kept in host memory and stepped on the CPU, 0 < f ≤ 1: Megatron-Core --optimizer-cpu-offload --optimizer-offload-fraction f; DeepSpeed ZeRO-Offload offload_optimizer {device: cpu} (1 only). HBM keeps the rest; the offloaded gradients cross the host link down and the updated parameters up, and the CPU steps at DeepSpeed CPU-Adam\'s rate (src/perf/offload.ts).',
    }),
    params: z.boolean().optional().meta({
      description: 'true: parameters, gradients and optimizer states all in host memory, the optimizer step on the CPU: PyTorch FSDP2 CPUOffloadPolicy (torchtitan training.enable_cpu_offload), DeepSpeed ZeRO-Infinity offload_param. Needs ZeRO-3 (FSDP: 2 or 3); each gather copies the parameter shards up, each reduction the gradient shards down.',
    }),
  }, { error: typeHint(offloadMappingHint) })
  .refine((o) => o.optimizer !== undefined || o.params === true, { message: 'give optimizer (a fraction, 0 < f ≤ 1) or params: true | e.g. offload: {optimizer: 1}' })
  .refine((o) => o.params !== true || o.optimizer === undefined || o.optimizer === 1, {
    message: 'params: true keeps every optimizer state on the host | leave optimizer out, or set it to 1',
    path: ['optimizer'],
  })
  .meta({ description: 'CPU offload of model states to host memory, over the board\'s host link (hardware host_link; refused on a profile without one). Default: none. A fixed choice of the run: the planner keeps it and searches the ZeRO stages it runs with. Used by the memory and performance models.' });

type OffloadStackFields = { stack?: StackId | undefined; offload?: OffloadFile | undefined };
const offloadIssue = (t: OffloadStackFields) => (t.offload === undefined ? undefined : offloadStackProblem(t.stack ?? DEFAULT_STACK, offloadFromFile(t.offload)));

/** The stack runs the offload asked for (perf/offloadRules.ts offloadStackProblem), refused at training.offload otherwise. */
export const OFFLOAD_STACK_RULE: [(t: OffloadStackFields) => boolean, { error: (i: { input: unknown }) => string; path: string[] }] = [
  (t) => offloadIssue(t) === undefined,
  {
    error: (i) => {
      const problem = offloadIssue(i.input as OffloadStackFields)!;
      return `${problem.message} | ${problem.hint}`;
    },
    path: ['offload'],
  },
];
