/**
 * The layout-validity rules of the memory-saving options, in layoutRules.ts's one table at their place (after
 * pipelining, before the stack's rules): sequence parallelism, the ZeRO stage and its shard groups, block
 * recomputation, and the ZeRO stages a CPU offload runs with.
 */
import { chunkLayers, scheduleChunks, ZERO_STAGES } from './layout.js';
import { known, type LayoutRule, type P, type RuleContext } from './layoutRuleTypes.js';
import { dpCp } from './stackRules.js';
import { offloadStackProblem, offloadZeroStages } from './offloadRules.js';
import { offloadText } from './offload.js';
import { listed } from '../input/listed.js';
import { plural } from '../report/format.js';
import { firstZeroPlusPlusKey, zeroPlusPlusOn } from './zeroPlusPlus.js';

/** A ZeRO++ key where a scenario file writes it. */
const zppKey = (k: string) => `cluster.parallelism.${k}`;
/** The shard group of a (partial) layout, or what it divides: shard_group, else dp·cp, else the GPUs. */
const shardGroupOf = (p: P, c: RuleContext) => p.shardGroup ?? (known(p, ['dp', 'cp']) ? p.dp! * p.cp! : c.gpuCount);

/** Whether the run turns on hpZ or qgZ, the switches whose groups DeepSpeed draws from the whole job (rule zeropp-tp). */
const hpzOrQgz = (c: RuleContext) => c.zeroPlusPlus.hpzPartitionSize > 1 || c.zeroPlusPlus.quantizedGradients;
/** The first of the two keys the run sets: where zeropp-tp is told. */
const hpzOrQgzKey = (c: RuleContext) => (c.zeroPlusPlus.hpzPartitionSize > 1 ? 'zero_hpz_partition_size' : 'zero_quantized_gradients');
/** hpZ's and qgZ's groups as the run sets them (`hpZ's secondary groups (zero_hpz_partition_size 8)`), or their keys alone. */
const hpzOrQgzText = (c: RuleContext, keys = false) => listed([
  ...(c.zeroPlusPlus.hpzPartitionSize > 1 ? [keys ? 'zero_hpz_partition_size' : `hpZ's secondary groups (zero_hpz_partition_size ${c.zeroPlusPlus.hpzPartitionSize})`] : []),
  ...(c.zeroPlusPlus.quantizedGradients ? [keys ? 'zero_quantized_gradients' : 'qgZ\'s all-to-all groups (zero_quantized_gradients)'] : []),
], 'and');

/**
 * ZeRO++ (zeroPlusPlus.ts): the run's switches are fixed (not searched), so these rules limit the layouts that carry them.
 * DeepSpeed reads them in its stage-3 optimizer alone (deepspeed.ai/tutorials/zeropp: "since ZeRO++ extends ZeRO Stage 3
 * (ZeRO-3), appropriate flags need to be added"; stage3.py DeepSpeedZeroOptimizer_Stage3 takes zero_hpz_partition_size,
 * zero_quantized_weights and zero_quantized_gradients), and builds the hpZ groups of consecutive ranks that must tile the
 * world (deepspeed/utils/groups.py _create_zero_param_parallel_group: `_ensure_divisibility(world_size,
 * zero_param_parallel_size_)`; partition_parameters.py: num_param_groups = dp_world_size / num_ranks_in_param_group).
 * The stack that runs it: stackRules.ts zeropp-stack.
 */
export const ZERO_PLUS_PLUS_RULES: readonly LayoutRule[] = [
  {
    id: 'zeropp-zero3',
    fields: ['zeroStage'],
    summary: 'ZeRO++ needs ZeRO stage 3',
    // The run's fixed choice (as offload's): the other ZeRO stages are not the planner's candidates.
    candidatesOf: 'zeroStage',
    ok: (l, c) => !zeroPlusPlusOn(c.zeroPlusPlus) || l.zeroStage === 3,
    message: (p, c) => `ZeRO++ (${firstZeroPlusPlusKey(c.zeroPlusPlus)}) extends ZeRO stage 3, found zero_stage ${p.zeroStage}`,
    hint: (_, c) => `set ${c.name('zeroStage')} 3, or leave ${firstZeroPlusPlusKey(c.zeroPlusPlus)} out (deepspeed.ai/tutorials/zeropp: "ZeRO++ extends ZeRO Stage 3"; DeepSpeed's stage-1/2 optimizer does not read the keys)`,
    source: 'deepspeed.ai/tutorials/zeropp; deepspeed/runtime/zero/stage3.py (the keys are read by DeepSpeedZeroOptimizer_Stage3)',
  },
  {
    // DeepSpeed's engine hands a ZeRO-3 run with a MiCS shard group (mics_shard_size > 0) to its MiCS optimizer, which
    // it constructs without the ZeRO++ arguments (engine.py _configure_zero_optimizer: `if mics_shard_size > 0: return
    // self._return_mics_optimizer(...)` before DeepSpeedZeroOptimizer_Stage3 is given zero_hpz_partition_size and
    // zero_quantized_weights; _return_mics_optimizer passes neither). ZeRO++ therefore shards over the whole
    // data-parallel group: a shard group smaller than dp·cp would run without it.
    id: 'zeropp-mics',
    fields: ['shardGroup', 'dp', 'cp'],
    summary: 'ZeRO++ does not run with a shard group smaller than dp·cp (MiCS)',
    ok: (l, c) => !zeroPlusPlusOn(c.zeroPlusPlus) || l.shardGroup === l.dp * l.cp,
    // Early only once dp·cp is determined (dp and cp fixed, or tp and pp), as shard-group-zero's.
    partialOk: (p, c) => !zeroPlusPlusOn(c.zeroPlusPlus) || p.shardGroup === undefined
      || !(known(p, ['dp', 'cp']) || known(p, ['tp', 'pp'])) || p.shardGroup === dpCp(p, c),
    blame: () => 'shardGroup',
    message: (p, c) => `ZeRO++ (${firstZeroPlusPlusKey(c.zeroPlusPlus)}) shards over the whole data-parallel group, found shard_group = ${p.shardGroup}${known(p, ['dp', 'cp']) ? ` of dp·cp = ${p.dp! * p.cp!}` : ''}: DeepSpeed runs a smaller shard group as MiCS, whose optimizer is not given the ZeRO++ keys`,
    hint: (_, c) => `leave ${c.name('shardGroup')} out (ZeRO++ shards over dp·cp; hpZ's secondary groups are its in-node sharding), or leave ${firstZeroPlusPlusKey(c.zeroPlusPlus)} out`,
    source: 'deepspeedai/DeepSpeed @ 007cca6a2ffe3ed9d393459f4a3081bd54341ba6 deepspeed/runtime/engine.py _configure_zero_optimizer (mics_shard_size > 0 returns _return_mics_optimizer, which is not passed zero_hpz_partition_size or zero_quantized_weights)',
  },
  {
    id: 'hpz-divides',
    fields: ['shardGroup', 'dp', 'cp'],
    summary: 'zero_hpz_partition_size does not divide the shard group',
    ok: (l, c) => l.shardGroup % c.zeroPlusPlus.hpzPartitionSize === 0,
    // A shard group divides dp·cp, which divides the GPUs: the partition size must divide each of them.
    partialOk: (p, c) => shardGroupOf(p, c) % c.zeroPlusPlus.hpzPartitionSize === 0,
    blame: () => 'shardGroup',
    key: () => zppKey('zero_hpz_partition_size'),
    message: (p, c) => `zero_hpz_partition_size = ${c.zeroPlusPlus.hpzPartitionSize} does not divide the ${p.shardGroup !== undefined ? `shard group of ${p.shardGroup} ranks (shard_group)` : known(p, ['dp', 'cp']) ? `shard group of ${p.dp! * p.cp!} ranks (dp·cp)` : plural(c.gpuCount, 'GPU')}: hpZ's secondary groups must tile the ZeRO group`,
    hint: (p, c) => `use a divisor of ${shardGroupOf(p, c)} (DeepSpeed's tutorial: the GPUs per node), or leave zero_hpz_partition_size out (1, off)`,
    source: 'deepspeed/utils/groups.py _create_zero_param_parallel_group: _ensure_divisibility(world_size, zero_param_parallel_size_); Wang et al. 2023 (ZeRO++) §3.2',
  },
  {
    // DeepSpeed builds hpZ's groups and qgZ's all-to-all groups from consecutive ranks of the whole job, as if every rank
    // were data-parallel: groups.py _create_zero_param_parallel_group takes `range(i·hpz, (i+1)·hpz)` of
    // dist.get_world_size() (and _zero_param_parallel_is_initialized: "###TODO: assert that MPU is not set"); qgZ's
    // all_to_all_quant_reduce splits dist.get_world_size() by get_accelerator().device_count() into nodes, and
    // _get_local_all_to_all_group groups consecutive ranks. With tp > 1 those groups mix tensor-parallel ranks, which hold
    // other slices of the weights. Context parallelism (DeepSpeed-Ulysses) keeps tp·pp = 1: the ZeRO group
    // (seq_data_parallel_group) is then the whole job, as the groups assume. qwZ quantises each gather on the ZeRO
    // group the optimizer is given, and runs with tp.
    id: 'zeropp-tp',
    fields: ['tp'],
    summary: 'hpZ and qgZ need tp 1 (DeepSpeed builds their groups over the whole job)',
    // The run's fixed choice (as zeropp-zero3's): a tp the planner chose above 1 is not one of its candidates.
    candidatesOf: 'tp',
    ok: (l, c) => l.tp === 1 || !hpzOrQgz(c),
    partialOk: (p, c) => (p.tp ?? 1) === 1 || !hpzOrQgz(c),
    key: (_, c) => zppKey(hpzOrQgzKey(c)),
    message: (p, c) => `DeepSpeed (stack deepspeed, the one that runs ZeRO++) builds ${hpzOrQgzText(c)} from consecutive ranks of the whole job, as if all were data-parallel, found tp = ${p.tp}`,
    hint: (_, c) => `set ${c.name('tp')} 1, or leave ${hpzOrQgzText(c, true)} out (zero_quantized_weights runs with tp) (deepspeed/utils/groups.py _create_zero_param_parallel_group: "###TODO: assert that MPU is not set"; runtime/comm/coalesced_collectives.py all_to_all_quant_reduce: dist.get_world_size() and device_count())`,
    source: 'deepspeedai/DeepSpeed @ 0899bfad02577b690dde15565b4b92bd729687f0 deepspeed/utils/groups.py _create_zero_param_parallel_group, _get_local_all_to_all_group; @ 17b3b557120923866d02a45dc0598d8688303e0a deepspeed/runtime/comm/coalesced_collectives.py all_to_all_quant_reduce',
  },
  {
    id: 'hpz-domain',
    fields: ['tp'],
    summary: 'zero_hpz_partition_size spans more than one scale-up domain',
    // The group is data-parallel ranks spaced tp apart: inside one domain iff tp·hpz ≤ its GPUs (network.ts linkFor).
    ok: (l, c) => l.tp * c.zeroPlusPlus.hpzPartitionSize <= c.scaleUpDomain || c.zeroPlusPlus.hpzPartitionSize === 1,
    partialOk: (p, c) => (p.tp ?? 1) * c.zeroPlusPlus.hpzPartitionSize <= c.scaleUpDomain || c.zeroPlusPlus.hpzPartitionSize === 1,
    key: () => zppKey('zero_hpz_partition_size'),
    message: (p, c) => `zero_hpz_partition_size = ${c.zeroPlusPlus.hpzPartitionSize}${(p.tp ?? 1) > 1 ? ` at tp = ${p.tp} (tp·hpz = ${p.tp! * c.zeroPlusPlus.hpzPartitionSize} GPUs)` : ''} does not fit in one scale-up domain of ${c.scaleUpDomain} GPUs: hpZ keeps its secondary gathers inside a node`,
    hint: (p, c) => `use at most ${Math.max(1, Math.floor(c.scaleUpDomain / (p.tp ?? 1)))} (the data-parallel ranks of one domain), or leave zero_hpz_partition_size out`,
    source: 'Wang et al. 2023 (ZeRO++) §3.2: the secondary partition is held inside the node; deepspeed.ai/tutorials/zeropp: "ideal is number of ranks (gpus) per node"',
  },
];

/**
 * Layers of the largest model chunk of a (partial) layout: pp taken as 1 where free, v as the chunks a fixed schedule
 * holds (scheduleChunks: zb-v's 2; `--schedule zb-v --pp 4 --recompute-layers 8` on 4-layer chunks was searched and
 * answered only "no layout fits"), else 1.
 */
const chunkOf = (p: P, c: RuleContext) => chunkLayers(c.arch, { pp: p.pp ?? 1, virtualStages: p.virtualStages ?? scheduleChunks(p.schedule) ?? 1, pipelineLayout: p.pipelineLayout });
/** The most layers a chunk of any completion of `p` holds: its chunk once pp is known, else the whole model's (pp 1, v 1). */
const largestChunkOf = (p: P, c: RuleContext) => (p.pp === undefined ? chunkLayers(c.arch, { pp: 1, virtualStages: 1 }) : chunkOf(p, c));

/** The memory-saving options: sequence parallelism, the ZeRO stage and its shard groups, block recomputation, CPU offload. */
export const MEMORY_SAVING_RULES: readonly LayoutRule[] = [
  {
    id: 'sp-tp',
    fields: ['sequenceParallel', 'tp'],
    summary: 'sequence parallelism needs tp > 1',
    // Sequence parallelism splits along the tensor-parallel group: at tp 1 the planner's choice is without it.
    candidatesOf: 'sequenceParallel',
    ok: (l) => !l.sequenceParallel || l.tp > 1,
    message: () => 'sequence parallelism needs tp > 1',
    hint: (_, c) => `set ${c.name('sequenceParallel')} false, or ${c.name('tp')} of 2 or more`,
    source: 'Korthikanti et al. 2022 §4.2.2: sequence parallelism splits along the tensor-parallel group',
  },
  {
    id: 'zero-stage',
    fields: ['zeroStage'],
    summary: 'ZeRO stage must be 0–3',
    ok: (l) => (ZERO_STAGES as readonly number[]).includes(l.zeroStage),
    message: (p) => `zeroStage must be 0, 1, 2 or 3, found ${p.zeroStage}`,
    hint: () => 'ZeRO stages (Rajbhandari et al. 2020 §5)',
    source: 'Rajbhandari et al. 2020 §5',
  },
  {
    id: 'shard-group-divides',
    fields: ['shardGroup', 'dp', 'cp'],
    summary: 'shard_group does not divide dp·cp',
    ok: (l) => (l.dp * l.cp) % l.shardGroup === 0,
    partialOk: (p, c) => (known(p, ['dp', 'cp']) ? p.dp! * p.cp! : c.gpuCount) % (p.shardGroup ?? 1) === 0,
    message: (p) => (known(p, ['dp', 'cp']) ? `shard_group = ${p.shardGroup} does not divide dp·cp = ${p.dp! * p.cp!}` : `shard_group = ${p.shardGroup} does not divide the GPUs`),
    hint: () => 'a shard group is a set of data-parallel ranks: use a divisor of dp·cp (default: dp·cp, one group)',
    source: 'HSDP (PyTorch FSDP HYBRID_SHARD); MiCS, Zhang et al. 2022, arXiv:2205.00119 §3.1: replicas of the partition group tile the data-parallel ranks',
  },
  {
    id: 'shard-group-zero',
    fields: ['shardGroup', 'zeroStage', 'dp', 'cp'],
    summary: 'a shard group smaller than dp·cp needs ZeRO (stage 1–3)',
    ok: (l) => l.zeroStage >= 1 || l.shardGroup === l.dp * l.cp,
    // Early only once dp·cp is determined (dp and cp fixed, or tp and pp: dp·cp = GPUs/(tp·pp)).
    partialOk: (p, c) => p.zeroStage === undefined || p.zeroStage >= 1 || p.shardGroup === undefined
      || !(known(p, ['dp', 'cp']) || known(p, ['tp', 'pp'])) || p.shardGroup === dpCp(p, c),
    blame: () => 'shardGroup',
    message: (p) => `shard_group = ${p.shardGroup} shards nothing with zero_stage 0`,
    hint: (_, c) => `set ${c.name('zeroStage')} 1, 2 or 3, or leave ${c.name('shardGroup')} out`,
    source: 'definition: ZeRO-0 replicates all model states',
  },
  {
    id: 'recompute-layers',
    fields: ['recomputeLayers', 'recompute', 'pp', 'virtualStages', 'pipelineLayout'],
    summary: 'recompute_layers needs recompute full and at most the layers of a chunk',
    ok: (l, c) => l.recomputeLayers === undefined || (l.recompute === 'full' && l.recomputeLayers <= chunkLayers(c.arch, l)),
    // Early: a recompute other than full, or more layers than a chunk holds once pp and v are known
    // (v absent: 1), or than the model has when pp is not (the largest chunk any completion can have:
    // `plan --recompute full --recompute-layers 100` on GPT-2's 12 layers searched and found no layout).
    partialOk: (p, c) => p.recomputeLayers === undefined || ((p.recompute === undefined || p.recompute === 'full')
      && p.recomputeLayers <= largestChunkOf(p, c)),
    blame: (p) => (p.recompute !== undefined && p.recompute !== 'full' ? 'recompute' : 'recomputeLayers'),
    message: (p, c) => (p.recompute !== undefined && p.recompute !== 'full'
      ? `recompute_layers = ${p.recomputeLayers} needs recompute: full, found ${p.recompute}`
      : `recompute_layers = ${p.recomputeLayers} is more than the ${largestChunkOf(p, c)} layers of ${p.pp === undefined ? 'the model' : 'a model chunk'}`),
    hint: (p, c) => (p.recompute !== undefined && p.recompute !== 'full' ? `set ${c.name('recompute')} full, or leave ${c.name('recomputeLayers')} out` : `use 1 to ${largestChunkOf(p, c)} (${p.pipelineLayout === undefined ? 'layers per pipeline stage ÷ virtual stages' : 'the decoder layers of the pipeline layout\'s largest chunk'})`),
    source: 'Megatron-LM arguments.py: --recompute-method block with --recompute-num-layers N of a model chunk\'s layers, with --recompute-granularity full',
  },
  {
    id: 'offload-zero',
    fields: ['zeroStage'],
    summary: 'the CPU offload asked for does not run with this ZeRO stage',
    // Offload is the run's fixed choice (offload.ts): the ZeRO stages it does not run with are not the planner's candidates.
    candidatesOf: 'zeroStage',
    ok: (l, c) => offloadZeroStages(c.offload, c.stack).includes(l.zeroStage),
    partialOk: (p, c) => {
      const z = offloadZeroStages(c.offload, c.stack);
      return z.length > 0 && (p.zeroStage === undefined || z.includes(p.zeroStage));
    },
    message: (p, c) => {
      const z = offloadZeroStages(c.offload, c.stack);
      return z.length === 0 && c.stack ? offloadStackProblem(c.stack.id, c.offload, c.name)!.message
        : `${c.stack ? `stack ${c.stack.id} runs` : 'flopcast models'} the offload of ${offloadText(c.offload)} with zero_stage ${listed(z.map(String), 'or')}, found ${p.zeroStage}`;
    },
    hint: (_, c) => {
      const z = offloadZeroStages(c.offload, c.stack);
      return z.length === 0 && c.stack ? offloadStackProblem(c.stack.id, c.offload, c.name)!.hint
        : `set ${c.name('zeroStage')} ${listed(z.map(String), 'or')}, or change ${c.name('offload')}`;
    },
    source: 'the stack\'s can.offload (stackOffload.ts); without a stack, parameters stay on the host only where ZeRO shards them (offloadRules.ts offloadZeroStages)',
  },
];
