/**
 * The validation file format (issue 10): a declared split and rows in the scenario file's shape
 * (model / training / cluster, the same zod pieces as src/scenario/schema.ts) plus where the figure
 * comes from (`source`, `notes`) and what was measured (`reported`). A row holds only what its
 * source prints; every other input comes from its `training.stack` or is searched (validateRow.ts).
 */
import { z } from 'zod';
import { LIMITS } from '../input/limits.js';
import { onFirstUse } from '../input/onFirstUse.js';
import { lineText, nameText } from '../input/name.js';
import { wholeCountProblem } from '../input/quantity.js';
import { ModelSchema } from '../model/schema.js';
import { PIPELINE_SPLIT_KEYS } from './pipelineSplit.js';
import { SPLITS } from './splits.js';
import { ClusterSchema, ParallelismSchema, TrainingSchema } from '../scenario/schema.js';
import { CAPACITY_PADDING_RULE, CP_COMM_RULE, CP_SIZES_RULE, DISPATCHER_STACK_RULE, EP_OVERLAP_STACK_RULE, FP8_PARAM_GATHER_RULE, FP8_RECIPE_RULE, RECOMPUTE_MODULES_RULE } from '../scenario/trainingRules.js';
import { STACK_IDS } from './stack.js';
import { stackValueHint } from './stackFrameworks.js';
import { valueHint } from '../input/errorMaps.js';
import { bounded, value } from '../scenario/values.js';

/** A row without its stack: what the stack gives a measured run, and the one most published runs used. */
const ROW_STACK_HINT = 'a measured run names the software that ran it (its defaults and the layouts it can run): training.stack: megatron-core for Megatron-LM, NeMo or Megatron-Bridge, or another of those listed (a scenario defaults to megatron-core; a measured row does not guess)';

const T = TrainingSchema.shape;
const positive = z.number().positive();
/** A measured figure: in a range no run leaves, so that predicted ÷ measured is a finite, nonzero number (src/input/limits.ts). */
const measured = z.number().min(LIMITS.minRate).max(LIMITS.measuredFigure);
/**
 * A measured throughput or utilisation read as the scenario reads its own (`utilization: 45%`, `tokens_per_second_per_gpu:
 * 7.7k`: scenario/values.ts bounded): a row "is input as a scenario is" (README, Your own runs), but `mfu: 45%` was
 * "expected a number" (newuser32). A number is taken as it is, so the bundled rows read the same.
 */
const measuredValue = (check: z.ZodNumber, percent = false) => bounded('number', check, undefined, percent);
/** A token count, by the one rule of exact counts (under 2^53: 1e308 tokens made the predicted GPU-hours infinite). */
const wholeCount = (n: number, ctx: z.RefinementCtx) => {
  const problem = wholeCountProblem(n);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/**
 * The validation schemas (a row, a bundled file, a file of the user's own runs), built on first use (input/onFirstUse.ts):
 * only `validate` and the library's validateRuns parse with them.
 */
export const validationSchemas = onFirstUse(() => {
  /**
   * A scenario's `training` without the token budget (a measured step needs none) and with no
   * defaults for the fields the planner searches: an absent `recompute` is searched, not `none`.
   * A row must name its stack (a scenario may leave it to the default).
   */
  const ValidationTrainingSchema = z.strictObject({
    seq_len: T.seq_len,
    global_batch: z.number().int().positive().optional().meta({ description: 'Sequences per step; absent: searched (sequences per accelerator).' }),
    precision: T.precision,
    gemm_precision: T.gemm_precision,
    fp8_recipe: T.fp8_recipe,
    fp8_param_gather: T.fp8_param_gather,
    moe_max_nodes: T.moe_max_nodes,
    overlap_grad_reduce: T.overlap_grad_reduce,
    tp_comm_overlap: T.tp_comm_overlap,
    ep_comm_overlap: T.ep_comm_overlap,
    cuda_graphs: T.cuda_graphs,
    grad_accumulation_fusion: T.grad_accumulation_fusion,
    recompute: T.recompute.unwrap().optional(),
    recompute_layers: T.recompute_layers,
    recompute_modules: T.recompute_modules,
    attention: T.attention.unwrap().optional(),
    // Left out, told what it is for and the one to write (walk31: `validate ours.yaml` said "expected one of `megatron-core`,
    // ..., found nothing" alone); a sharding written as one, as a scenario's is (stackFrameworks.ts stackValueHint).
    stack: z.enum(STACK_IDS, { error: (i) => (i.input === undefined ? `required | ${ROW_STACK_HINT}` : valueHint(stackValueHint)(i)) })
      .meta({ description: 'Training stack (required in a validation row): its defaults and the layouts it can run.' }),
    flash_attention: T.flash_attention,
    attention_kernel: T.attention_kernel,
    moe_balance: T.moe_balance,
    moe_dispatcher: T.moe_dispatcher,
    moe_capacity_factor: T.moe_capacity_factor,
    moe_capacity_padding: T.moe_capacity_padding,
    model_state: T.model_state,
  }).refine(...RECOMPUTE_MODULES_RULE).refine(...CAPACITY_PADDING_RULE).refine(...FP8_RECIPE_RULE).refine(...FP8_PARAM_GATHER_RULE).refine(...EP_OVERLAP_STACK_RULE).refine(...DISPATCHER_STACK_RULE);


  const C = ClusterSchema.shape;
  const ValidationClusterSchema = z.strictObject({
    gpu: C.gpu,
    count: C.count,
    // The split fields are a scenario's shorthand for a pipeline layout (pipelineSplit.ts); a row writes the layout.
    parallelism: ParallelismSchema.omit(Object.fromEntries(PIPELINE_SPLIT_KEYS.map((k) => [k, true])) as Record<(typeof PIPELINE_SPLIT_KEYS)[number], true>).refine(...CP_COMM_RULE).refine(...CP_SIZES_RULE).optional(),
    network: C.network,
  });

  /** What the source measured; one of them is compared (validateRow.ts METRIC_ORDER). */
  const ReportedSchema = z
    .strictObject({
      tokens_per_second_per_gpu: measuredValue(measured).optional(),
      // A step's time as a scenario writes a duration (`12.2 s`, `1.5 minutes`: seconds from its unit); a number is seconds.
      step_seconds: z.union([measured, value('duration').pipe(measured)]).optional(),
      mfu: measuredValue(measured.max(1), true).optional(),
      hfu: measuredValue(measured.max(1), true).optional(),
    })
    .refine((r) => Object.values(r).some((v) => v !== undefined), { message: 'give at least one measured figure | tokens_per_second_per_gpu, step_seconds, mfu or hfu' });

  const ValidationRowSchema = z.strictObject({
    // Printed as a table row's first cell: one line, as every name is (a newline split the row, 5,000 characters widened the table).
    name: nameText(),
    source: lineText(),
    notes: z.array(z.string()).default([]),
    model: z.union([z.string().min(1), ModelSchema]),
    training: ValidationTrainingSchema,
    cluster: ValidationClusterSchema,
    reported: ReportedSchema,
    /**
     * A whole run's reported accelerator-hours for its training tokens (issue 5). The prediction is
     * steady-state, so predicted / reported is the run's implied goodput; `note` says what it covers.
     */
    full_run: z.strictObject({ tokens: positive.superRefine(wholeCount), gpu_hours: measured, note: z.string().min(1) }).optional(),
  })
    // A step's time is a global batch's: without the batch the planner searched one (validateRow.ts), and a step of
    // another batch was compared with the measured one. Every bundled row with a step time gives its batch.
    .refine((r) => r.reported.step_seconds === undefined || r.training.global_batch !== undefined, {
      message: 'a step time is the time of one global batch, and this row gives none | give training.global_batch (sequences per step) as the run had it, or tokens_per_second_per_gpu instead of the step time',
      path: ['reported', 'step_seconds'],
    });

  const ValidationFileSchema = z.strictObject({
    split: z.enum(SPLITS),
    /**
     * Not evaluated yet: `flopcast validate` without --split leaves the file out (and says so), so that a
     * held-out set is not seen by accident; naming its split evaluates it. Removed once it has been.
     */
    sealed: z.boolean().optional(),
    rows: z.array(ValidationRowSchema).min(1),
  });

  /**
   * A file of the user's own measured runs (`flopcast validate FILE`): rows in the validation rows' shape, one schema
   * for both. It declares no split and is never sealed: it is the user's, evaluated whenever named.
   */
  const OwnRunsFileSchema = z.strictObject({ rows: z.array(ValidationRowSchema).min(1) });
  return { row: ValidationRowSchema, file: ValidationFileSchema, ownRuns: OwnRunsFileSchema };
});

export type ValidationRow = z.output<ReturnType<typeof validationSchemas>['row']>;
