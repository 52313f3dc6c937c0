/**
 * The layout rules of the parallel degrees, the first part of the table of layoutRules.ts: whole
 * numbers whose product is the GPU count, each dividing what it splits (heads, layers, sequence,
 * experts, expert width), and the expert-parallel groups folded over a pipeline stage's ranks.
 */
import { known, type LayoutRule, type P, type RuleContext } from './layoutRuleTypes.js';
import { a2aGroup, hierarchicalRanks, localHeads } from './cpComm.js';
import { plural } from '../report/format.js';
import { stackRunsCpComm } from './stackRules.js';
import { listed } from '../input/listed.js';

const INT_FIELDS = ['tp', 'pp', 'dp', 'cp', 'ep', 'etp', 'microBatch', 'virtualStages', 'shardGroup', 'recomputeLayers'] as const;
const whole = (x: number | undefined) => x === undefined || (Number.isSafeInteger(x) && x >= 1);
/** The first degree that is no positive whole number (the rule below is broken only when there is one). */
const firstNotWhole = (p: P) => INT_FIELDS.find((f) => !whole(p[f]))!;
const degrees = ['tp', 'pp', 'dp', 'cp'] as const;
const notDividing = (p: P, c: RuleContext) => degrees.find((f) => p[f] !== undefined && c.gpuCount % p[f] !== 0);

export const DEGREE_RULES: readonly LayoutRule[] = [
  {
    id: 'whole-numbers',
    fields: INT_FIELDS,
    summary: 'degrees must be positive whole numbers',
    ok: (l) => INT_FIELDS.every((f) => whole(l[f])),
    partialOk: (p) => INT_FIELDS.every((f) => whole(p[f])),
    blame: (p) => firstNotWhole(p),
    message: (p) => { const f = firstNotWhole(p); return `${f} must be a positive whole number, found ${p[f]}`; },
    hint: (p, c) => `set ${c.name(firstNotWhole(p))} to 1 or more`,
    source: 'definition: degrees count ranks',
  },
  {
    id: 'gpu-product',
    fields: ['dp', 'tp', 'pp', 'cp'],
    summary: 'tp·pp·dp·cp must equal the GPU count',
    ok: (l, c) => l.tp * l.pp * l.dp * l.cp === c.gpuCount,
    // Each fixed degree, and the product of the fixed ones, must divide the GPUs (equal them when all four are fixed).
    partialOk: (p, c) => {
      const product = degrees.reduce((a, f) => a * (p[f] ?? 1), 1);
      return degrees.every((f) => p[f] === undefined || c.gpuCount % p[f] === 0) && (known(p, degrees) ? product === c.gpuCount : c.gpuCount % product === 0);
    },
    // All four known: the product, at dp; otherwise a fixed degree not dividing the GPUs, at that degree.
    blame: (p, c) => (known(p, degrees) ? 'dp' : notDividing(p, c) ?? (['dp', 'cp', 'pp', 'tp'] as const).find((f) => p[f] !== undefined) ?? 'dp'),
    message: (p, c) => {
      const bad = known(p, degrees) ? undefined : notDividing(p, c);
      if (bad) return `${bad} = ${p[bad]} does not divide the ${plural(c.gpuCount, 'GPU')}`;
      const product = degrees.reduce((a, f) => a * (p[f] ?? 1), 1);
      return known(p, degrees)
        ? `tp·pp·dp·cp = ${p.tp}·${p.pp}·${p.dp}·${p.cp} = ${product}, not the ${plural(c.gpuCount, 'GPU')}`
        : `the fixed degrees multiply to ${product}, which does not divide the ${plural(c.gpuCount, 'GPU')}`;
    },
    hint: (p, c) => {
      if (!known(p, degrees) && notDividing(p, c)) return `use a divisor of ${c.gpuCount}`;
      const rest = (p.tp ?? 1) * (p.pp ?? 1) * (p.cp ?? 1);
      return known(p, degrees) ? `choose degrees whose product is ${c.gpuCount}${c.gpuCount % rest === 0 ? ` (dp = ${c.gpuCount / rest})` : ''}` : `choose degrees whose product divides ${c.gpuCount}`;
    },
    source: 'Narayanan et al. 2021 §3.1: n = p·t·d (× cp, Megatron-Core)',
  },
  {
    id: 'tp-heads',
    fields: ['tp'],
    summary: 'tp does not divide the (key/value) heads',
    ok: (l, c) => c.arch.heads % l.tp === 0,
    message: (p, c) => `tp = ${p.tp} does not divide the ${c.arch.heads} attention heads`,
    hint: (_, c) => `use a divisor of ${c.arch.heads}`,
    source: 'Shoeybi et al. 2019 §3: attention heads are split across tensor-parallel ranks',
  },
  {
    id: 'tp-kv-heads',
    fields: ['tp'],
    summary: 'tp does not divide the (key/value) heads',
    ok: (l, c) => c.arch.mla !== null || c.arch.heads % l.tp !== 0 || c.arch.kvHeads % l.tp === 0 || l.tp % c.arch.kvHeads === 0,
    message: (p, c) => `tp = ${p.tp} does not divide the ${c.arch.kvHeads} key/value heads (nor is it a multiple of them)`,
    hint: (_, c) => `use a divisor of ${c.arch.kvHeads}`,
    source: 'Megatron-Core GQA: key/value heads split across tp ranks, or replicated when tp is a multiple of them',
  },
  {
    id: 'pp-layers',
    fields: ['pp'],
    summary: 'pp does not divide the layers',
    ok: (l, c) => (c.unevenStages ? l.pp <= c.arch.layers : c.arch.layers % l.pp === 0),
    message: (p, c) => `pp = ${p.pp} does not divide the ${c.arch.layers} layers`,
    hint: (_, c) => (c.unevenStages ? `use at most ${c.arch.layers} stages` : `use a divisor of ${c.arch.layers}`),
    source: 'Narayanan et al. 2021 §2.2 (uneven stages: Llama 3 §3.3.2)',
  },
  {
    id: 'cp-seq',
    fields: ['cp'],
    summary: 'cp does not divide the sequence length',
    ok: (l, c) => c.seqLen % l.cp === 0,
    message: (p, c) => `cp = ${p.cp} does not divide the sequence length ${c.seqLen}`,
    hint: (_, c) => `use a divisor of ${c.seqLen}`,
    source: 'Megatron-Core context parallelism: the sequence is split into cp parts',
  },
  {
    id: 'cp-even-chunks',
    fields: ['cp'],
    summary: 'cp does not divide the sequence length',
    ok: (l, c) => l.cp === 1 || c.seqLen % l.cp !== 0 || (c.seqLen / l.cp) % 2 === 0,
    message: (p, c) => `cp = ${p.cp} leaves ${c.seqLen / p.cp!} tokens per rank; causal load balancing splits each into 2 chunks`,
    hint: (_, c) => `set ${c.name('cp')} to one that leaves an even chunk`,
    source: 'Megatron-Core context parallelism: each rank holds 2 chunks (2·cp chunks in all) for causal load balance',
  },
  {
    id: 'cp-a2a-heads',
    fields: ['cp', 'tp'],
    summary: 'the a2a group of cp_comm_type does not divide the heads of a tensor-parallel rank',
    // Left to tp-heads where tp does not divide the heads; the all-to-all scatters each rank's heads (and key/value heads) over its group.
    ok: (l, c) => {
      const a = a2aGroup(c.cpComm, l.cp);
      if (a <= 1 || c.arch.heads % l.tp !== 0) return true;
      const h = localHeads(c.arch, l.tp);
      return h.q % a === 0 && h.kv % a === 0;
    },
    blame: () => 'cp',
    message: (p, c) => {
      const comm = c.cpComm;
      const a = a2aGroup(comm, p.cp!);
      const h = localHeads(c.arch, p.tp!);
      const group = comm.type === 'a2a' ? `cp = ${a}` : `the a2a group of ${a} (hierarchical_context_parallel_sizes)`;
      return `cp_comm_type ${comm.type} scatters each tensor-parallel rank's ${h.q} attention heads and ${plural(h.kv, 'key/value head')} over ${group}, which does not divide ${h.q % a !== 0 ? h.q : h.kv}`;
    },
    hint: (p, c) => {
      const h = localHeads(c.arch, p.tp!);
      // p2p only where the stack runs it: under deepspeed (Ulysses, a2a alone) it was offered, then refused (sweep 32).
      // A smaller tp only where tp is above 1 (it gives a rank more heads).
      const ways = [
        `use ${c.name('cp')} (or its a2a group) dividing the ${h.q} heads and ${plural(h.kv, 'key/value head')} of a tp rank`,
        ...(p.tp! > 1 ? [`a smaller ${c.name('tp')}`] : []),
        ...(stackRunsCpComm(c, 'p2p') ? [`${c.name('cpCommType')} p2p`] : []),
      ];
      const runs = stackRunsCpComm(c, 'p2p') ? '' : ` (stack ${c.stack!.id} runs no cp_comm_type p2p)`;
      return `${listed(ways, 'or')}${runs}`;
    },
    source: 'Transformer Engine context_parallel.py AttnFuncWithCPAndQKVOA2A.forward: assert q.shape[-2] % cp_size == 0 and k.shape[-2] % cp_size == 0, "The number of attention heads needs to be divisible by CP size!" (heads and key/value heads of one tp rank; a2a+p2p: its a2a group)',
  },
  {
    id: 'cp-hierarchical',
    fields: ['cp'],
    summary: 'cp is not the product of the hierarchical context-parallel sizes',
    candidatesOf: 'cp',
    ok: (l, c) => {
      const comm = c.cpComm;
      return comm.type !== 'a2a+p2p' || comm.hierarchical === undefined || hierarchicalRanks(comm.hierarchical) === l.cp;
    },
    message: (p, c) => {
      const sizes = c.cpComm.hierarchical!;
      return `cp_comm_type a2a+p2p runs its a2a and p2p groups of ${sizes.join(' × ')} = ${hierarchicalRanks(sizes)} ranks, and cp = ${p.cp}`;
    },
    hint: (_, c) => `set ${c.name('cp')} ${hierarchicalRanks(c.cpComm.hierarchical!)}, or ${c.name('cpHierarchical')} whose product is cp`,
    source: 'Megatron-Core TransformerConfig / model_parallel_config.py hierarchical_context_parallel_sizes: their product must equal context_parallel_size (a2a group first, p2p second)',
  },
  {
    id: 'ep-dense',
    fields: ['ep'],
    summary: 'ep does not divide the experts',
    ok: (l, c) => c.arch.moe !== null || l.ep === 1,
    message: (p, c) => `ep = ${p.ep} but ${c.arch.name} has no experts`,
    hint: (_, c) => `set ${c.name('ep')} 1`,
    source: 'definition',
  },
  {
    id: 'ep-experts',
    fields: ['ep'],
    summary: 'ep does not divide the experts',
    ok: (l, c) => c.arch.moe === null || c.arch.moe.experts % l.ep === 0,
    message: (p, c) => `ep = ${p.ep} does not divide the ${c.arch.moe!.experts} experts`,
    hint: (_, c) => `use a divisor of ${c.arch.moe!.experts}`,
    source: 'Megatron-Core MoE: num_moe_experts % expert_model_parallel_size == 0',
  },
  {
    id: 'etp-dense',
    fields: ['etp'],
    summary: 'etp does not divide the expert width',
    ok: (l, c) => c.arch.moe !== null || l.etp === 1,
    message: (p, c) => `etp = ${p.etp} but ${c.arch.name} has no experts`,
    hint: (_, c) => `set ${c.name('etp')} 1 (or leave it out)`,
    source: 'definition',
  },
  {
    id: 'etp-expert-width',
    fields: ['etp'],
    summary: 'etp does not divide the expert width',
    ok: (l, c) => c.arch.moe === null || c.arch.moe.dFfExpert % l.etp === 0,
    message: (p, c) => `etp = ${p.etp} does not divide the expert width d_ff_expert = ${c.arch.moe!.dFfExpert}`,
    hint: (_, c) => `use a divisor of ${c.arch.moe!.dFfExpert}`,
    source: 'Megatron-Core ColumnParallelLinear: ffn_hidden_size is divided by the expert tensor-parallel size (divide() asserts divisibility)',
  },
  {
    id: 'ep-etp-fold',
    fields: ['ep', 'etp', 'tp', 'cp', 'dp'],
    summary: 'ep·etp does not divide tp·cp·dp',
    ok: (l) => (l.tp * l.cp * l.dp) % (l.ep * l.etp) === 0,
    // Known: ep·etp must divide tp·cp·dp, itself a divisor of the GPUs (over pp, when pp is fixed).
    partialOk: (p, c) => {
      const fold = (p.ep ?? 1) * (p.etp ?? 1);
      return known(p, ['tp', 'cp', 'dp']) ? (p.tp! * p.cp! * p.dp!) % fold === 0 : (p.pp !== undefined && c.gpuCount % p.pp === 0 ? c.gpuCount / p.pp : c.gpuCount) % fold === 0;
    },
    blame: (p) => (p.ep !== undefined && p.ep > 1 ? 'ep' : 'etp'),
    message: (p) => known(p, ['tp', 'cp', 'dp'])
      ? `ep·etp = ${p.ep ?? 1}·${p.etp ?? 1} does not divide tp·cp·dp = ${p.tp}·${p.cp}·${p.dp} = ${p.tp! * p.cp! * p.dp!}`
      : `ep·etp = ${p.ep ?? 1}·${p.etp ?? 1} = ${(p.ep ?? 1) * (p.etp ?? 1)} does not divide the ranks of one pipeline stage (tp·cp·dp)`,
    hint: (_, c) => `expert-parallel and expert-tensor-parallel groups are drawn from the tp·cp·dp ranks of a stage (MoE parallel folding): choose ep·etp dividing tp·cp·dp (etp defaults to tp in a whole layout; set ${c.name('etp')} 1 for the folded layouts sources print as tp2 ep32 dp16)`,
    source: 'Megatron-Core MoE docs "MoE Parallel Folding"; Liu et al. 2025, arXiv:2504.14960 §3: expert groups folded over the attention tp×cp×dp ranks',
  },
];
