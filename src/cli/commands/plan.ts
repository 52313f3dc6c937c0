import type { Argv } from 'yargs';
import { PRECISIONS, type Precision } from '../../hardware/schema.js';
import { ATTENTION_CONVENTIONS, RECOMPUTE_MODES, type AttentionConvention } from '../../flops/conventions.js';
import { DEFAULT_STACK, isStackId, planFor, renderPlan, STACK_IDS, type LayoutField, type PartialLayout, type PlanReport, type StackId } from '../../perf/index.js';
import { InputError } from '../../input/errors.js';
import { didYouMean } from '../../input/suggest.js';
import { predictOptionsOf } from '../../scenario/predict.js';
import type { PredictArgs } from '../../scenario/resolve.js';
import { loadScenarios } from '../load/scenario.js';
import { HardwareCatalog } from '../load/hardware.js';
import { loadModel } from '../load/model.js';
import { countOption } from '../options.js';
import { emit, json, type Io } from '../output.js';

const INT_FIELDS = [['tp', 'tp'], ['pp', 'pp'], ['dp', 'dp'], ['cp', 'cp'], ['ep', 'ep'], ['etp', 'etp'], ['shard-group', 'shardGroup'], ['micro-batch', 'microBatch'], ['virtual-stages', 'virtualStages']] as const;

/** The flag that fixes each layout field, for errors about an impossible one. */
const FLAG_OF: Record<LayoutField, string> = {
  tp: '--tp', pp: '--pp', dp: '--dp', cp: '--cp', ep: '--ep', etp: '--etp', shardGroup: '--shard-group', microBatch: '--micro-batch', virtualStages: '--virtual-stages',
  schedule: '--schedule', zeroStage: '--zero', sequenceParallel: '--sp', recompute: '--recompute',
};

export function planCommand(y: Argv, io: Io): Argv {
  return y.command(
    'plan [scenario]',
    'Search parallel layouts for a model on a cluster; rank by step time among those that fit',
    (c) => {
      let o = c
        .positional('scenario', { type: 'string', describe: 'a scenario file (its model, GPU, count, batch and fixed parallelism); or give the options below' })
        .option('model', { type: 'string', describe: 'preset id, model YAML or config.json' })
        .option('gpu', { type: 'string', describe: 'hardware profile id (see hardware-profiles/)' })
        .option('count', { type: 'string', describe: 'number of GPUs' })
        .option('global-batch', { type: 'string', describe: 'global batch in sequences' })
        .option('seq-len', { type: 'string', describe: "sequence length (default: the model's)" })
        .option('precision', { choices: PRECISIONS as unknown as string[], default: 'bf16' })
        .option('attention', { choices: ATTENTION_CONVENTIONS as string[], default: 'full', describe: 'MFU convention' })
        .option('top', { type: 'string', default: '5', describe: 'layouts to show' })
        .option('schedule', { choices: ['1f1b', 'interleaved', 'dualpipe'] })
        .option('gemm-precision', { choices: PRECISIONS as unknown as string[], describe: 'precision of the matrix products when it differs (fp8 GEMMs, MFU against --precision)' })
        .option('moe-max-nodes', { type: 'string', describe: 'node-limited MoE routing: nodes a token may reach (DeepSeek-V3: 4)' })
        .option('moe-balance', { choices: ['dropless', 'forced'], describe: 'MoE routing balance (default dropless: the slowest expert-parallel rank gets 1.1× the mean load; forced: benchmarks that force balanced routing)' })
        .option('moe-capacity-factor', { type: 'string', describe: 'MoE expert capacity factor: tokens beyond capacity × the balanced count are dropped' })
        .option('zero', { type: 'string', choices: ['0', '1', '2', '3'], describe: 'ZeRO stage' })
        .option('sp', { type: 'boolean', describe: 'sequence parallelism' })
        .option('grad-accumulation-fusion', { type: 'boolean', describe: 'gradients accumulated inside the weight-gradient GEMM (default; --no-grad-accumulation-fusion for Megatron-LM 2021 or DeepSpeed)' })
        .option('overlap-grad-reduce', { type: 'boolean', describe: 'data-parallel gradient reduction under the backward pass (default; --no-overlap-grad-reduce for Megatron-LM 2021 or DeepSpeed\'s pipeline engine)' })
        .option('recompute', { choices: RECOMPUTE_MODES as string[] })
        .option('stack', { type: 'string', describe: `training stack: its defaults and the layouts it can run (${STACK_IDS.join(', ')}; default: the scenario's, else ${DEFAULT_STACK})` })
        .option('flash-attention', { type: 'boolean', describe: "fused attention (default: the stack's; --no-flash-attention for 2021-2022 runs)" })
        .option('hardware-dir', { type: 'string', array: true, default: [], describe: 'extra folders of hardware profile YAML files' });
      for (const [flag] of INT_FIELDS) o = o.option(flag, { type: 'string', describe: `fix ${flag}` });
      return o
        .check((a) => (a.scenario || (a.model && a.gpu && a.count && a['global-batch']) ? true : 'give a scenario file, or --model, --gpu, --count and --global-batch'))
        .example('$0 plan scenarios/llama-3.1-405b.yaml --top 3', 'the best layouts for a scenario')
        .example('$0 plan --model llama-3.1-405b --gpu h100-sxm --count 16384 --global-batch 2048 --seq-len 8192', 'best layouts')
        .example('$0 plan --model gpt3-175b --gpu a100-sxm4-80gb --count 1024 --global-batch 1536 --tp 8 --json', 'with tp fixed')
        .example('$0 plan --model mixtral-8x22b --gpu h100-sxm --count 256 --global-batch 1024 --seq-len 4096 --tp 2 --ep 8', 'MoE parallel folding: ep·etp drawn from tp·cp·dp (etp searched)')
        .example('$0 plan --model llama-3.1-8b --gpu a100-sxm4-80gb --count 64 --global-batch 512 --stack llm-foundry', 'only layouts LLM Foundry (FSDP, no TP/PP) can run, shard groups included')
        .example('$0 plan --model mt-nlg-530b --gpu a100-sxm4-80gb --count 2240 --global-batch 1920 --tp 8 --pp 35 --micro-batch 2 --stack deepspeed', 'a DeepSpeed + Megatron stack (MT-NLG): reduction after the flush, unfused accumulation, 1F1B, ZeRO-1 with pipelining');
    },
    (argv) => {
      const stack = stackOption(argv.stack);
      if (argv.scenario) return emit(io, planScenario(String(argv.scenario), argv, Number(countOption('top', argv.top) ?? 5), stack), argv.out as string | undefined);
      const partial: PartialLayout = {};
      for (const [flag, field] of INT_FIELDS) {
        const v = countOption(flag, argv[flag]);
        if (v !== undefined) partial[field] = v;
      }
      if (argv.schedule) partial.schedule = argv.schedule as PartialLayout['schedule'] & string;
      if (argv.zero !== undefined) partial.zeroStage = Number(argv.zero) as 0 | 1 | 2 | 3;
      if (argv.sp !== undefined) partial.sequenceParallel = Boolean(argv.sp);
      if (argv.recompute) partial.recompute = argv.recompute as 'none' | 'selective' | 'full';
      const hw = new HardwareCatalog((argv['hardware-dir'] as string[] | undefined) ?? []).get(String(argv.gpu));
      const r = planFor({
        arch: loadModel(String(argv.model)), hw,
        gpuCount: countOption('count', argv.count)!,
        globalBatchSequences: countOption('global-batch', argv['global-batch'])!,
        seqLen: countOption('seq-len', argv['seq-len']),
        precision: argv.precision as Precision,
        attention: argv.attention as AttentionConvention,
        partialLayout: partial,
        keyFor: (f) => FLAG_OF[f],
        top: countOption('top', argv.top),
        ...(argv['gemm-precision'] ? { gemmPrecision: argv['gemm-precision'] as Precision } : {}),
        ...(argv['moe-max-nodes'] ? { moeMaxNodes: countOption('moe-max-nodes', argv['moe-max-nodes'])! } : {}),
        ...(argv['moe-balance'] ? { moeBalance: argv['moe-balance'] as 'dropless' | 'forced' } : {}),
        ...(argv['moe-capacity-factor'] !== undefined ? { moeCapacityFactor: countOption('moe-capacity-factor', argv['moe-capacity-factor'], { integer: false })! } : {}),
        ...(argv['overlap-grad-reduce'] !== undefined ? { overlapGradReduce: Boolean(argv['overlap-grad-reduce']) } : {}),
        ...(argv['grad-accumulation-fusion'] !== undefined ? { gradAccumulationFusion: Boolean(argv['grad-accumulation-fusion']) } : {}),
        ...(argv['flash-attention'] !== undefined ? { flashAttention: Boolean(argv['flash-attention']) } : {}),
        stack: stack ?? DEFAULT_STACK,
      });
      emit(io, argv.json ? json(r) : renderPlan(r), argv.out as string | undefined);
    },
  );
}

/** `plan SCENARIO`: the scenario's model, GPU, count, batch, network and fixed parallelism (its first matrix combination). */
function planScenario(file: string, argv: Record<string, unknown>, top: number, stack: StackId | undefined): string {
  let report: PlanReport | undefined;
  const capture = (a: PredictArgs) => {
    report ??= planFor({ arch: a.arch, hw: a.hardware, ...predictOptionsOf(a), ...(stack ? { stack } : {}), top });
    // Only the report is wanted; the run still needs a utilisation to resolve (any valid one does).
    return { mfu: report.best[0]?.prediction.mfu ?? 0.4, detail: null };
  };
  loadScenarios([file], (argv['hardware-dir'] as string[] | undefined) ?? [], capture, true);
  return argv.json ? json(report) : renderPlan(report!);
}

/** `--stack`: a known stack id, else an error listing them (with the closest). */
function stackOption(value: unknown): StackId | undefined {
  if (value === undefined) return undefined;
  const v = String(value);
  if (isStackId(v)) return v;
  throw new InputError(`unknown stack "${v}"; known stacks: ${STACK_IDS.join(', ')}`, { keyPath: '--stack', hint: didYouMean(v, STACK_IDS) ?? `use one of ${STACK_IDS.join(', ')}` });
}
