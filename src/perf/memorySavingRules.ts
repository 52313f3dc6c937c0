/**
 * The layout rules of the memory-saving options (part of the table of layoutRules.ts): sequence
 * parallelism, the ZeRO stage and its shard groups, and block recomputation.
 */
import { chunkLayers, ZERO_STAGES } from './layout.js';
import { known, type LayoutRule, type P, type RuleContext } from './layoutRules.js';
import { dpCp } from './stackRules.js';

/** Layers of the largest model chunk of a (partial) layout: pp and v taken as 1 where free. */
const chunkOf = (p: P, c: RuleContext) => chunkLayers(c.arch.layers, { pp: p.pp ?? 1, virtualStages: p.virtualStages ?? 1 });

export const MEMORY_SAVING_RULES: readonly LayoutRule[] = [
  {
    id: 'sp-tp',
    fields: ['sequenceParallel', 'tp'],
    summary: 'sequence parallelism needs tp > 1',
    ok: (l) => !l.sequenceParallel || l.tp > 1,
    message: () => 'sequence parallelism needs tp > 1',
    hint: () => 'set sequenceParallel: false, or tp of 2 or more',
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
    hint: () => 'set zero_stage 1, 2 or 3, or leave shard_group out',
    source: 'definition: ZeRO-0 replicates all model states',
  },
  {
    id: 'recompute-layers',
    fields: ['recomputeLayers', 'recompute', 'pp', 'virtualStages'],
    summary: 'recompute_layers needs recompute full and at most the layers of a chunk',
    ok: (l, c) => l.recomputeLayers === undefined || (l.recompute === 'full' && l.recomputeLayers <= chunkLayers(c.arch.layers, l)),
    // Early: a recompute other than full, or more layers than a chunk holds once pp and v are known
    // (v absent: 1, the largest chunk any completion can have).
    partialOk: (p, c) => p.recomputeLayers === undefined || ((p.recompute === undefined || p.recompute === 'full')
      && (p.pp === undefined || p.recomputeLayers <= chunkLayers(c.arch.layers, { pp: p.pp, virtualStages: p.virtualStages ?? 1 }))),
    blame: (p) => (p.recompute !== undefined && p.recompute !== 'full' ? 'recompute' : 'recomputeLayers'),
    message: (p, c) => (p.recompute !== undefined && p.recompute !== 'full'
      ? `recompute_layers = ${p.recomputeLayers} needs recompute: full, found ${p.recompute}`
      : `recompute_layers = ${p.recomputeLayers} is more than the ${chunkOf(p, c)} layers of a model chunk`),
    hint: (p, c) => (p.recompute !== undefined && p.recompute !== 'full' ? 'set recompute: full, or leave recompute_layers out' : `use 1 to ${chunkOf(p, c)} (layers per pipeline stage ÷ virtual stages)`),
    source: 'Megatron-LM arguments.py: --recompute-method block with --recompute-num-layers N of a model chunk\'s layers, with --recompute-granularity full',
  },
];
