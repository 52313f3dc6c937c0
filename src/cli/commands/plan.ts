import type { Argv } from 'yargs';
import { modelPathOf } from '../load/model.js';
import { ATTENTION_CONVENTIONS, RECOMPUTE_MODES } from '../../flops/conventions.js';
import { planReport } from '../../library/plan.js';
import { planJson } from '../../report/planJson.js';
import { PLAN_WITHOUT_SCENARIO, type PlanQuery } from '../../library/planQuery.js';
import { FP8_RECIPES } from '../../perf/quantisation.js';
import { LAYOUT_STACKS } from '../../perf/stackProfiles.js';
import { ATTENTION_KERNELS, CP_COMM_TYPES, DEFAULT_STACK, MOE_BALANCES, MOE_DISPATCHERS, noLayoutWhy, PIPELINE_SCHEDULES, renderPlan, STACK_IDS, ZERO_STAGES } from '../../perf/index.js';
import { baseDirOf, readStdinText } from '../load/files.js';
import { checkScenariosOnce, scenarioText } from '../load/scenario.js';
import { fileSources } from '../load/sources.js';
import { COUNT_OPTION, GPU_OPTION, HARDWARE_DIR_OPTION, hardwareDirsOf, outputOf, PRECISION_CHOICES, precisionOption, seqLenOption } from '../options.js';
import { json, type Io } from '../output.js';
import { UnmetError } from '../errors.js';
import { listed } from '../../input/listed.js';

/** Flags whose values go into the query as given (counts are parsed there, with the flag named in errors). */
const FLAGS: [string, keyof PlanQuery][] = [
  ['gpu', 'gpu'], ['count', 'count'], ['global-batch', 'globalBatch'], ['seq-len', 'seqLen'], ['precision', 'precision'], ['attention', 'attention'], ['documents', 'documents'],
  ['top', 'top'], ['schedule', 'schedule'], ['gemm-precision', 'gemmPrecision'], ['fp8-recipe', 'fp8Recipe'], ['fp8-param-gather', 'fp8ParamGather'], ['moe-max-nodes', 'moeMaxNodes'], ['moe-balance', 'moeBalance'], ['moe-dispatcher', 'moeDispatcher'],
  ['moe-capacity-factor', 'moeCapacityFactor'], ['moe-capacity-padding', 'moeCapacityPadding'], ['model-state', 'modelState'], ['sp', 'sp'],
  ['grad-accumulation-fusion', 'gradAccumulationFusion'], ['overlap-grad-reduce', 'overlapGradReduce'], ['tp-comm-overlap', 'tpCommOverlap'], ['ep-comm-overlap', 'epCommOverlap'], ['cuda-graphs', 'cudaGraphs'], ['recompute', 'recompute'], ['recompute-layers', 'recomputeLayers'], ['mtp-layers', 'mtpLayers'],
  ['tp', 'tp'], ['pp', 'pp'], ['dp', 'dp'], ['cp', 'cp'], ['cp-comm-type', 'cpCommType'], ['hierarchical-cp-sizes', 'cpSizes'], ['offload', 'offload'], ['ep', 'ep'], ['etp', 'etp'], ['shard-group', 'shardGroup'], ['micro-batch', 'microBatch'],
  ['virtual-stages', 'virtualStages'], ['pipeline-layout', 'pipelineLayout'], ['stack', 'stack'], ['flash-attention', 'flashAttention'], ['attention-kernel', 'attentionKernel'],
  ['throughput-scale', 'throughputScale'],
];

/** The flag behind each query field, for errors. */
const FLAG_OF: Partial<Record<keyof PlanQuery, string>> = Object.fromEntries([...FLAGS.map(([flag, field]) => [field, `--${flag}`]), ['zero', '--zero'], ['model', '--model']]);
/** The query's fields as errors and hints name them on the command line (`--zero`, `--micro-batch`): planWith's keys. */
export const flagOf = (f: keyof PlanQuery): string => FLAG_OF[f] ?? `--${f}`;

export function planCommand(y: Argv, io: Io): Argv {
  return y.command(
    'plan [scenario]',
    'Search parallel layouts for a model on a cluster; rank by step time among those that fit',
    (c) => {
      let o = c
        .positional('scenario', { type: 'string', describe: 'a scenario file (its model, GPU, count, batch and fixed parallelism; the options below override them); or give the options below' })
        .option('model', { type: 'string', describe: 'preset id, model YAML or config.json' })
        .option('gpu', GPU_OPTION)
        .option('count', COUNT_OPTION)
        .option('global-batch', { type: 'string', describe: 'global batch in sequences' })
        .option('seq-len', seqLenOption('sequence length'))
        .option('precision', precisionOption())
        .option('attention', { choices: ATTENTION_CONVENTIONS as string[], describe: 'MFU convention; default: the scenario\'s, else full' })
        .option('documents', { type: 'string', describe: "document mask (torchtitan block_causal, Megatron-Core THD packing): document tokens such as 2048, or a mix 1024:0.75,8192:0.25 (tokens:share); attention, its FLOPs and the fused kernel's time, inside each document. Default: the scenario's, else none" })
        .option('top', { type: 'string', default: '5', describe: 'layouts to show' })
        .option('schedule', { choices: PIPELINE_SCHEDULES as unknown as string[], describe: 'pipeline schedule (default: searched among the stack\'s): interleaved takes --virtual-stages; dualpipe needs an even pp; zb-1p, zb-2p, zb-v, v-min, v-half are the zero-bubble schedules (--stack zero-bubble); dualpipev needs m ≥ 2·pp (--stack torchtitan or hai-llm)' })
        .option('gemm-precision', { choices: PRECISION_CHOICES, describe: 'precision of the matrix products when it differs (fp8 GEMMs, MFU against --precision)' })
        .option('fp8-recipe', { choices: FP8_RECIPES as unknown as string[], describe: "how FP8 GEMM operands are scaled (Megatron-Core --fp8-recipe; FP8-CS is tensorwise, FP8-MX mxfp8): the traffic of quantising activations and gradients. Default: the stack's" })
        .option('fp8-param-gather', { type: 'boolean', describe: "keep and gather the layers' weights in FP8 (Megatron-Core --fp8-param-gather): half the data-parallel all-gather, 1 byte a stored layer weight. Needs FP8 GEMMs" })
        .option('moe-max-nodes', { type: 'string', describe: 'node-limited MoE routing: nodes a token may reach (DeepSeek-V3: 4)' })
        .option('moe-balance', { choices: MOE_BALANCES as unknown as string[], describe: 'MoE routing balance (default dropless: the slowest expert-parallel rank gets 1.1× the mean load; forced: benchmarks that force balanced routing)' })
        .option('moe-dispatcher', { choices: MOE_DISPATCHERS as unknown as string[], describe: "how tokens reach their experts: alltoall (flat) or deepep (once per node over the network, then NVLink; DeepSeek-V3, DeepEP/HybridEP); default: the stack's" })
        .option('moe-capacity-factor', { type: 'string', describe: 'MoE expert capacity factor: tokens beyond capacity × the balanced count are dropped' })
        .option('moe-capacity-padding', { type: 'boolean', describe: 'every expert runs its full capacity, padded (Megatron --moe-pad-expert-input-to-capacity, MaxText dense_matmul); needs --moe-capacity-factor' })
        .option('model-state', { type: 'string', describe: "what is kept per parameter, over the stack's: weights=bf16|fp32, master_weights=fp32|none, gradients=fp32|bf16, moments=fp32|bf16 (e.g. moments=bf16 for DeepSeek-V3's optimizer)" })
        .option('zero', { type: 'string', choices: ZERO_STAGES.map(String), describe: 'ZeRO stage' })
        .option('sp', { type: 'boolean', describe: 'sequence parallelism' })
        .option('grad-accumulation-fusion', { type: 'boolean', describe: 'gradients accumulated inside the weight-gradient GEMM (default; --no-grad-accumulation-fusion for Megatron-LM 2021 or DeepSpeed)' })
        .option('overlap-grad-reduce', { type: 'boolean', describe: 'data-parallel gradient reduction under the backward pass (default; --no-overlap-grad-reduce for Megatron-LM 2021 or DeepSpeed\'s pipeline engine)' })
        .option('tp-comm-overlap', { type: 'boolean', describe: "tensor-parallel communication under the GEMMs (default: the stack's; --no-tp-comm-overlap where a recipe turns it off)" })
        .option('ep-comm-overlap', { type: 'boolean', describe: "MoE all-to-alls under the paired micro-batch's computation (Megatron-Core --overlap-moe-expert-parallel-comm; needs the interleaved schedule when pp > 1; default: the stack's, off)" })
        .option('cuda-graphs', { type: 'boolean', describe: "layers captured in CUDA graphs (Megatron-Core --cuda-graph-impl): no host issue time for their static parts; off, the eager host's issue time bounds each micro-batch (default: the stack's, off; maxtext compiles the step)" })
        .option('recompute', { choices: RECOMPUTE_MODES as string[], describe: "activation recomputation (searched when left out): selective reruns the attention core (Megatron-Core's default core_attn); under --stack torchtitan its per-operator policy (recompute_modules [op]) and under --stack maxtext the remat policy minimal (recompute_modules [minimal]), each on a dense model; a scenario's training.recompute_modules names others; full reruns each layer" })
        .option('recompute-layers', { type: 'string', describe: 'with --recompute full: layers per pipeline chunk recomputed (Megatron --recompute-num-layers, block method); searched when recompute is free' })
        .option('mtp-layers', { type: 'string', describe: "multi-token-prediction modules trained (Megatron-Core --mtp-num-layers): over the model's depth and the scenario's training.mtp_layers; 0 trains none" })
        .option('pipeline-layout', { type: 'string', describe: `Megatron-Core's pipeline layout (--pipeline-model-parallel-layout), e.g. 'Et*4|(t*4|)*14tmL': E embedding, t decoder layer, m MTP layer, L loss, | between chunks; needs --pp, fixes the virtual stages (--stack ${listed(LAYOUT_STACKS, 'or')})` })
        .option('cp-comm-type', { choices: CP_COMM_TYPES as unknown as string[], describe: "how the context-parallel ranks exchange the attention's inputs (Megatron-Core cp_comm_type): p2p (ring, under the attention core), all_gather or a2a (DeepSpeed-Ulysses; heads per tp rank must divide by cp), not overlapped, or a2a+p2p (with --hierarchical-cp-sizes); default: the stack's (p2p); kept, not searched" })
        .option('hierarchical-cp-sizes', { type: 'string', describe: 'with --cp-comm-type a2a+p2p: the a2a and p2p group sizes, e.g. 8,2 (Megatron-Core --hierarchical-context-parallel-sizes; product = cp)' })
        .option('offload', { type: 'string', describe: "CPU offload to host memory (training.offload): optimizer (the optimizer states, stepped on the CPU; Megatron-Core --optimizer-cpu-offload, DeepSpeed ZeRO-Offload), optimizer=F (a fraction, Megatron-Core --optimizer-offload-fraction) or params (parameters, gradients and optimizer: FSDP2 CPUOffloadPolicy, ZeRO-Infinity); moves gradients and parameters over the board's host_link; kept, not searched" })
        .option('stack', { type: 'string', describe: `training stack: its defaults and the layouts it can run (${STACK_IDS.join(', ')}; default: the scenario's, else ${DEFAULT_STACK})` })
        .option('flash-attention', { type: 'boolean', describe: "fused attention (default: the stack's; --no-flash-attention for 2021-2022 runs)" })
        .option('attention-kernel', { choices: ATTENTION_KERNELS as unknown as string[], describe: "fused-attention kernel: cudnn (cuDNN / FlashAttention-3), fa2 (FlashAttention-2, PyTorch SDPA) or fa1 (FlashAttention v1 / 2023 Triton, half fa2's rate); default: the stack's" })
        .option('throughput-scale', { type: 'string', describe: "your measured ÷ predicted throughput (flopcast validate YOUR-RUNS.yaml fits it), over the scenario's cluster.throughput_scale: the layouts' step, MFU, HFU and tokens/s times it (--json: scaled, beside the model's prediction)" })
        .option('hardware-dir', HARDWARE_DIR_OPTION);
      for (const flag of ['tp', 'pp', 'dp', 'cp', 'ep', 'etp', 'shard-group', 'micro-batch', 'virtual-stages']) o = o.option(flag, { type: 'string', describe: `fix ${flag}` });
      return o
        .check((a) => {
          // The ones missing, as the library names them: `plan --model gpt2 --gpu h100-sxm` was told all four.
          const missing = PLAN_WITHOUT_SCENARIO.map(flagOf).filter((f) => a[f.slice(2)] === undefined);
          return a.scenario !== undefined || missing.length === 0 ? true : `give a scenario file, or ${listed(missing, 'and')}`;
        })
        .example('$0 plan scenarios/llama-3.1-405b.yaml --top 3', 'the best layouts for a scenario')
        .example('$0 plan scenarios/llama-3.1-405b.yaml --count 8192 --tp 4 --zero 1', 'the scenario with some of its fields overridden')
        .example('$0 plan scenarios/llama-3.1-405b.yaml --throughput-scale 0.9', 'with your own measured ÷ predicted throughput')
        .example('cat s.yaml | $0 plan -', 'a scenario from standard input')
        .example('$0 plan --model llama-3.1-405b --gpu h100-sxm --count 16384 --global-batch 2048 --seq-len 8192', 'best layouts')
        .example('$0 plan --model gpt3-175b --gpu a100-sxm4-80gb --count 1024 --global-batch 1536 --tp 8 --json', 'with tp fixed')
        .example('$0 plan --model mixtral-8x22b --gpu h100-sxm --count 256 --global-batch 1024 --seq-len 4096 --tp 2 --ep 8', 'MoE parallel folding: ep·etp drawn from tp·cp·dp (etp searched)')
        .example('$0 plan --model llama-3.1-8b --gpu a100-sxm4-80gb --count 64 --global-batch 512 --stack llm-foundry', 'only layouts LLM Foundry (FSDP, no TP/PP) can run, shard groups included')
        .example('$0 plan --model deepseek-v3 --gpu h800-sxm --count 2048 --global-batch 15360 --seq-len 4096 --gemm-precision fp8 --stack hai-llm --moe-max-nodes 4', "DeepSeek's own stack: its dispatch (once per node) and bf16 Adam moments")
        .example('$0 plan --model mixtral-8x7b --gpu h100-sxm --count 64 --global-batch 256 --seq-len 4096 --stack maxtext --moe-capacity-factor 1.25 --moe-capacity-padding --model-state weights=bf16,master_weights=none,gradients=bf16,moments=bf16', 'MaxText dense_matmul (experts padded to capacity) with weight_dtype bfloat16')
        .example('$0 plan --model llama-3.1-8b --gpu h100-sxm --count 64 --global-batch 128 --stack torchtitan --attention-kernel cudnn', 'TorchTitan on a PyTorch build that prefers cuDNN attention (its default is FlashAttention-2)')
        .example("$0 plan --model deepseek-v3 --gpu h800-sxm --count 2048 --global-batch 15360 --seq-len 4096 --gemm-precision fp8 --pp 4 --pipeline-layout 'Et*4|(t*4|)*14tL'", "Megatron-Core's explicit layer placement (pp 4 × 4 virtual stages): the busiest rank sets the step")
        .example('$0 plan --model deepseek-v3 --gpu h800-sxm --count 2048 --global-batch 15360 --seq-len 4096 --gemm-precision fp8 --mtp-layers 1', 'with the multi-token-prediction module its recipe trains (on the last pipeline stage)')
        .example('$0 plan --model llama-3.1-70b --gpu h100-sxm --count 256 --global-batch 256 --seq-len 65536 --tp 8 --cp 8 --cp-comm-type a2a', 'context parallelism by all-to-alls (DeepSpeed-Ulysses) instead of the ring: the 8 heads of a tp rank over cp 8')
        .example('$0 plan --model mt-nlg-530b --gpu a100-sxm4-80gb --count 2240 --global-batch 1920 --tp 8 --pp 35 --micro-batch 2 --stack deepspeed', 'a DeepSpeed + Megatron stack (MT-NLG): reduction after the flush, unfused accumulation, 1F1B, ZeRO-1 with pipelining');
    },
    async (argv) => {
      const file = argv.scenario === undefined ? undefined : String(argv.scenario);
      const model = argv.model === undefined ? undefined : String(argv.model);
      // `plan -` reads the scenario from standard input, as `run -` does (it tried to open the path
      // main() hands yargs for `-`, and printed "cannot read scenario: ERR_INVALID_ARG_VALUE").
      const stdin = file !== undefined && checkScenariosOnce([file]) && io.stdin ? await readStdinText(io.stdin()) : undefined;
      const scenario = file === undefined ? undefined : scenarioText(file, stdin);
      const query: PlanQuery = {
        // A model path on the command line is relative to the working directory, not to the scenario.
        ...(model !== undefined ? { model: modelPathOf(model) ?? model } : {}),
        ...(scenario ? { scenario: scenario.text, file: scenario.name } : {}),
      };
      for (const [flag, field] of FLAGS) if (argv[flag] !== undefined) (query as Record<string, unknown>)[field] = argv[flag];
      if (argv.zero !== undefined) query.zero = Number(argv.zero) as 0 | 1 | 2 | 3;
      const sources = fileSources({ baseDir: baseDirOf(file), hardwareDirs: hardwareDirsOf(argv) });
      const r = planReport(sources, query, flagOf);
      const o = outputOf(argv, io);
      o.emit(o.json ? json(planJson(r)) : renderPlan(r));
      if (r.best.length === 0) {
        const why = noLayoutWhy(r);
        throw new UnmetError(why?.message ?? 'no layout fits', why?.hint);
      }
    },
  );
}
