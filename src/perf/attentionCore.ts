/**
 * The rate factors of the fused attention core (layerCost.ts) that depend on the model, the machine, the
 * sequence, its document mask and context parallelism only: the share of the causal work a sliding window, chunking or
 * a document mask leaves
 * (flops/window.ts), and the kernel's rate at the model's head dimension (attentionHeadDim.ts) and at the
 * keys each query attends to per kernel call (attentionKeys.ts; the calls per query follow the cp_comm_type, cpComm.ts),
 * forward and backward.
 */
import type { Architecture } from '../model/architecture.js';
import type { Documents } from '../flops/documents.js';
import { windowedWorkFraction } from '../flops/window.js';
import { attentionWidths } from './activations.js';
import { headDimFactors } from './attentionHeadDim.js';
import { keyLengthMultipliers } from './attentionKeys.js';
import type { Machine } from './machine.js';
import { kernelCallsPerQuery, P2P, type CpComm } from './cpComm.js';

export interface AttentionCoreRates {
  /** The causal work of all layers relative to the same model without windows, chunks or a document mask. */
  workFraction: number;
  /** The kernel's rate at the query/key head dimension over its rate at 128. */
  headDim: { forward: number; backward: number };
  /** Multipliers of the core's time for the keys per query of one kernel call (1/cp of a layer's). */
  keys: { forward: number; backward: number };
}

export function attentionCoreRates(arch: Architecture, mc: Machine, seqLen: number, cp: number, docs?: Documents, cpComm: CpComm = P2P): AttentionCoreRates {
  return {
    workFraction: windowedWorkFraction(arch, seqLen, 'causal', docs),
    headDim: headDimFactors(attentionWidths(arch).q / arch.heads, mc.attentionKernel),
    // The keys of a kernel call: the ring's steps under p2p, the whole sequence under a2a (cpComm.ts kernelCallsPerQuery).
    keys: keyLengthMultipliers(arch, seqLen, kernelCallsPerQuery(cpComm, cp), mc.attentionKeyCurves, docs),
  };
}
