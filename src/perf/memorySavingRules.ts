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
