/**
 * What a part of a rank's work costs per micro-batch (PartCost), and the costs of a layer of each kind
 * (LayerCosts): the shapes layerCost.ts and lastStageCost.ts compute and the step model reads (rankCost.ts,
 * pipelineTimes.ts, blendLayerCosts.ts). A leaf: it imports nothing.
 */

/** Seconds per micro-batch, forward + backward + recompute, for one layer (or the output layer). */
export interface PartCost {
  compute: number;
  memoryBound: number;
  /** Tensor-parallel all-reduces (or SP all-gather/reduce-scatter), on the critical path (Megatron §3.2). */
  tp: number;
  /** MoE dispatch/combine all-to-alls. */
  ep: number;
  /** Context-parallel communication left exposed (cpComm.ts): the ring's beyond the attention core, all of the all-gathers and all-to-alls. */
  cp: number;
  /** The forward pass alone (its compute, memory-bound work and communication): DualPipe's F. */
  forward: number;
  /** The weight-gradient GEMMs alone (one pass of the layer's GEMMs): DualPipe's W (Qi et al. 2023, zero-bubble "W"). */
  weightGrad: number;
}

export interface LayerCosts {
  dense: PartCost;
  moe: PartCost;
  /** The last stage's extra work: the output layer and, with multi-token prediction, its D modules. */
  logits: PartCost;
  /**
   * The output layer alone (of `logits`; the same object without multi-token prediction): a pipeline
   * layout (pipelineLayout.ts) may put the loss head and the MTP modules, logits − head, on different ranks.
   */
  head: PartCost;
  /** Bytes of one pipeline send (activation or its gradient) per micro-batch (Narayanan §3.2: bsh, ÷t with scatter/gather). */
  p2pBytes: number;
}
