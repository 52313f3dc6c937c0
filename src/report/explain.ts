/**
 * `flopcast flops --explain`: a derivation a reader can check by hand with a calculator.
 * It follows the order of the classic question ("estimate the FLOPs to train GPT-3") and closes
 * with the mistakes the numbers rule out (shared/reference formulas.md §13 lists them).
 */
import { matmulWeights, type FlopAnalysis } from '../flops/analyse.js';
import { fullRecomputeOf, isParameterFree, type FlopComponent } from '../flops/components.js';
import { layerCounts } from '../model/architecture.js';
import type { ParamComponent } from '../model/params.js';
import { count, fixed, int, plural, sci } from './format.js';
import { documentsText, type Documents } from '../flops/documents.js';
import type { AttentionConvention } from '../flops/conventions.js';
import { keysText, meanKeysPerQuery } from '../flops/window.js';
import { table } from './table.js';

const PARAM_FORMULA: Record<ParamComponent, string> = {
  embedding: 'V·d',
  position: 'P·d',
  attention: 'L·(q, k, v, o weights + biases + q/k norms; + W_R d·H·Q with relative positions)',
  mamba: 'L_M·(in_proj d·(2·H·P + 2·G·N + H) + conv (H·P + 2·G·N)·(K + 1) + 3·H + H·P + out_proj H·P·d)',
  ffn: 'L_dense·(matrices·d·F + biases)',
  router: 'L_moe·d·E (+ E with a routing bias)',
  experts: 'L_moe·E·(matrices·d·F_e + biases)',
  shared_experts: 'L_moe·n_s·(matrices·d·F_s + biases)',
  norms: 'per-block norms + final norm',
  output_head: 'V·d (untied)',
  mtp: 'D·(2d·d projection + 3 norms + one block like the last layer)',
};

export function explain(a: FlopAnalysis): string {
  const { arch, params, count: fc, totals } = a;
  const p = fc.perToken;
  const s = fc.options.seqLen;
  const out: string[] = [];
  const step = (n: number, title: string) => out.push('', `Step ${n}. ${title}`);

  out.push(`How many FLOPs does training ${arch.name} on ${plural(count(totals.tokens), 'token')} take?`);
  out.push('Convention: a multiply-add is 2 FLOPs; only matrix products are counted; the input embedding is a');
  out.push(`lookup (0 FLOPs); attention window "${fc.options.attention}" (${fc.options.attention === 'full'
    ? 'QKᵀ and A·V over all s×s positions: PaLM, Megatron-LM 2021, Chinchilla'
    : 'QKᵀ and A·V over half of s×s: Megatron-LM since 2025-03, DeepSeek-V3 "causal MFU"'}).`);

  if (a.warnings.length) out.push('', 'Assumed (check these first):', ...a.warnings.map((w) => `  warning: ${w}`));

  step(1, 'Architecture');
  const heads = arch.mla
    ? `H = ${plural(arch.heads, 'head')} with latent attention (q rank ${arch.mla.qLoraRank}, kv rank ${arch.mla.kvLoraRank}, Q_k = ${arch.mla.qkNopeHeadDim + arch.mla.qkRopeHeadDim}, Q_v = ${arch.mla.vHeadDim})`
    : `H = ${plural(arch.heads, 'head')} of Q = ${arch.dHead} (H·Q = ${arch.heads * arch.dHead}), G = ${plural(arch.kvHeads, 'key/value head')}`;
  out.push(`  L = ${plural(arch.layers, 'layer')}, d = ${arch.dModel}, ${heads},`);
  // Widths only of what the model has: a Qwen3-MoE config (no shared experts, no dense layer) read "n_s = 0 shared of
  // F_s = 768, 0 dense layers of F = 768", widths its import filled in and no layer uses; one dense layer, "1 dense layers".
  const dense = layerCounts(arch).dense;
  const ffn = arch.moe
    ? `MoE: E = ${plural(arch.moe.experts, 'expert')} of F_e = ${arch.moe.dFfExpert}, top-k = ${arch.moe.topK}, ${arch.moe.sharedExperts > 0 ? `n_s = ${arch.moe.sharedExperts} shared of F_s = ${arch.moe.dFfShared}` : 'no shared experts'}, ${dense > 0 ? `${plural(dense, 'dense layer')} of F = ${arch.dFf}` : 'no dense layers'}` +
      (arch.moe.every > 1 ? ` (layer i is MoE when i + 1 is a multiple of ${arch.moe.every}${arch.moe.denseLayers > 0 ? `, after the first ${arch.moe.denseLayers}` : ''})` : '')
    : `F = ${arch.dFf} (${arch.ffn}, ${arch.ffn === 'swiglu' ? 3 : 2} matrices)`;
  out.push(`  ${ffn}, V = ${arch.vocab}, s = ${plural(s, 'token')} per sequence.`);
  const hy = arch.hybrid;
  if (hy) {
    out.push(`  Hybrid layer pattern ${hy.pattern}: ${hy.mamba} Mamba-2 (M), ${hy.attention} attention (*), ${hy.mlp} MLP (-), ${hy.moe} MoE (E) layers, one pre-norm each.`);
    const m = hy.mixer;
    if (m) out.push(`  Mamba-2: H = ${plural(m.heads, 'head')} of P = ${m.headDim} (d_inner = ${m.heads * m.headDim}), G = ${plural(m.groups, 'group')}, N = ${m.stateSize} state, K = ${m.convKernel} conv, Q = ${m.chunkSize} chunk (SSD, arXiv:2405.21060 Listing 1).`);
  }
  const sw = arch.slidingWindow;
  const ch = arch.chunkedAttention;
  // The layers neither kind holds: with both kinds, "the other" layers of one are not all global.
  const global = arch.layers - (sw?.layers ?? 0) - (ch?.layers ?? 0);
  if (sw) {
    out.push(`  Sliding-window attention: W = ${sw.window} keys per query (itself and the W − 1 before it) on ${sw.layers} of ${arch.layers} layers`,
      `  (layer pattern ${sw.pattern.join(', ')}, repeated from layer 0)${ch ? `; ${ch.layers} are chunked (below)${global > 0 ? ` and the other ${global} attend over the whole sequence` : ''}` : global > 0 ? `; the other ${global} attend over the whole sequence` : ''}.`,
      sw.window >= s
        ? `  W ≥ s, so the window changes nothing at this sequence length.`
        : fc.options.attention === 'full'
          ? `  Full convention: a windowed query's QKᵀ and A·V span W keys instead of s.`
          : `  Causal convention: the triangle s²/2 less the (s − W)²/2 keys beyond the window, W·(2s − W)/2s keys per query on average.`);
  }
  if (ch) {
    out.push(`  Chunked attention: chunks of C = ${ch.chunk} tokens on ${ch.layers} of ${arch.layers} layers (layer pattern ${ch.pattern.join(', ')}, repeated`,
      `  from layer 0): a query at position i attends to the keys from ⌊i/C⌋·C to i${global > 0 ? `; ${sw ? `besides the ${sw.layers} sliding ones, the other ${global}` : `the other ${global}`} attend over the whole sequence` : ''}.`,
      ch.chunk >= s
        ? `  C ≥ s, so the chunks change nothing at this sequence length.`
        : `  q = ⌊s/C⌋ = ${Math.floor(s / ch.chunk)} whole chunks and r = s mod C = ${s % ch.chunk} tokens: ${fc.options.attention === 'full' ? '(q·C² + r²)/s' : '(q·C² + r²)/2s'} keys per query (the block-diagonal of the chunks${fc.options.attention === 'full' ? '' : ', each block\'s triangle counted n²/2'}).`);
  }
  if (fc.options.documents) out.push(...documentLines(fc.options.documents, s, fc.options.attention), ...(sw || ch ? [`  ${sw && ch ? 'The window and the chunks apply' : sw ? 'The window applies' : 'The chunks apply'} inside each document (Step 3's Σ formulas, over each document's n tokens).`] : []));
  if (arch.mtpDepth > 0) {
    out.push(`  Multi-token prediction, D = ${plural(arch.mtpDepth, 'module')} (DeepSeek-V3 §2.2): each projects [norm(h); norm(embedding)] (2d) to d,`);
    out.push('  runs one more block like the last layer and the shared output head; embedding and head are not counted twice.');
  }

  step(2, 'Parameters');
  const prow = (Object.keys(params.byComponent) as ParamComponent[])
    .filter((k) => params.byComponent[k] > 0)
    .map((k) => [k, PARAM_FORMULA[k], int(a.paramsExact.byComponent[k])]);
  out.push(indent(table([{ header: 'component' }, { header: 'formula' }, { header: 'parameters', align: 'right' }], prow)));
  out.push(`  total N = ${int(a.paramsExact.total)} (${count(params.total)})` + (params.active !== params.total ? `; active per token ${int(a.paramsExact.active)} (${count(params.active)})` : ''));

  step(3, 'Forward FLOPs for one token (per layer, then times the layers)');
  out.push(indent(table(
    [{ header: 'component' }, { header: 'per layer' }, { header: 'numbers' }, { header: '= per layer', align: 'right' }, { header: '× layers', align: 'right' }, { header: '= per token', align: 'right' }],
    fc.components.map((c: FlopComponent) => [c.label, c.formula, c.substituted, int(c.forwardPerRepeat), String(c.repeats), int(c.forward)]),
  )));
  out.push(`  forward per token = ${int(p.forward)} = ${sci(p.forward)} FLOPs`);

  step(4, 'Backward = 2 × forward');
  out.push('  Each product is done twice more: once for the gradient of its input, once for its weight.');
  out.push(`  backward per token = 2 × ${sci(p.forward)} = ${sci(p.backward)}`);

  step(5, `Recomputation (${fc.options.recompute})`);
  if (fc.options.recompute === 'none') out.push('  None: every activation is kept, so hardware FLOPs equal model FLOPs.');
  else out.push(`  ${fc.options.recompute === 'full' ? (fc.options.recomputedShare !== undefined && fc.options.recomputedShare < 1 ? `Full, of ${fixed(fc.options.recomputedShare * 100, 2)}% of the layers (block recomputation): their forward runs again before its backward` : 'Full: the forward of every layer runs again before its backward') : 'Selective: QKᵀ and A·V run again (Korthikanti et al. 2022 Appendix A text, 2Bs²h + 2Bs²h per layer; its Eq. 8 as printed adds 3× that)'}: ${sci(p.recompute)} per token.`,
    '  This is hardware work, not model work: MFU divides model FLOPs by time (PaLM §4.1).');

  step(6, 'Per token');
  out.push(`  model FLOPs    = forward + backward = 3 × ${sci(p.forward)} = ${sci(p.model)}`);
  out.push(`  hardware FLOPs = model + recompute = ${sci(p.hardware)}`);

  step(7, 'Whole budget: tokens × FLOPs per token');
  const [tm, te] = mantExp(totals.tokens);
  const [pm, pe] = mantExp(p.model);
  out.push(`  D = ${plural(int(totals.tokens), 'token')} (${sci(totals.tokens)})`);
  const mp = (totals.model / 10 ** (te + pe)).toFixed(3);
  out.push(`  model FLOPs = ${sci(totals.tokens)} × ${sci(p.model)} = (${tm} × ${pm}) × 10^(${te} + ${pe}) = ${mp} × 10^${te + pe} = ${sci(totals.model)}`);
  if (totals.exact) out.push(`              = ${int(totals.exact.model)} exactly`);
  out.push(`  hardware FLOPs = ${sci(totals.hardware)}` + (p.recompute ? ` (recomputation adds ${sci(totals.recompute)})` : ''));

  step(8, 'Cross-check against the shortcuts');
  const ratio = totals.model / totals.sixNd;
  out.push(`  6·N·D = 6 × ${sci(params.active)} × ${sci(totals.tokens)} = ${sci(totals.sixNd)}; ours / 6ND = ${ratio.toFixed(4)}`);
  const coreTrain = 3 * fc.components.filter((c) => isParameterFree(c.id)).reduce((t, c) => t + c.forward, 0);
  // The shared output head multiplies once per MTP module as well: weights used more than once per token.
  const reuse = arch.mtpDepth * arch.vocab * arch.dModel;
  const idle = params.active - (matmulWeights(a) - reuse);
  out.push('  Why they differ (per token):');
  out.push(`    + attention scores and values${arch.hybrid ? ' and the SSD scan' : ''}, which have no parameters: 3 × forward = ${sci(coreTrain)}`);
  out.push(`    − 6 × ${int(idle)} parameters that never enter a matrix product${idleKinds(arch)} = ${sci(6 * idle)}`);
  if (reuse > 0) out.push(`    + the shared output head again in each of the ${arch.mtpDepth} MTP module(s): 6 × D·V·d = ${sci(6 * reuse)}`);
  out.push(`    6N + ${sci(coreTrain)} − ${sci(6 * idle)}${reuse > 0 ? ` + ${sci(6 * reuse)}` : ''} = ${sci(6 * params.active + coreTrain - 6 * idle + 6 * reuse)} = the exact model FLOPs per token`);
  out.push(`  PaLM (Appendix B) 6N + 12·L·H·Q·T = ${sci(totals.palm)} total (full attention, N including embeddings)`);

  step(9, 'Mistakes these numbers rule out');
  const d = arch.dModel;
  out.push(`  • Per-sequence counted as per-token: one d×d projection costs 2·d² = ${sci(2 * d * d, 3)} FLOPs per token.`);
  // At one token a sequence, or one head, the mistake changes nothing here: say so rather than "overstates 1×".
  out.push(`    s·d² = ${s} × ${d}² = ${sci(s * d * d)} is its multiply-adds for a whole ${s}-token sequence; using that per token ${s === 1 ? 'happens to agree at one token a sequence, and overstates s× at s tokens' : `overstates ${s}×`}.`);
  out.push(`  • Heads counted twice: the projections are full width (H·Q = ${arch.heads * arch.dHead}), so they already serve ${arch.heads === 1 ? 'the one head' : `all ${arch.heads} heads`};`);
  out.push(`    multiplying a full-width cost by H again ${arch.heads === 1 ? 'changes nothing with one head, and overstates H× with H heads' : `overstates ${arch.heads}×`}. Attention scores cost 2·s·H·Q per token per layer,`);
  out.push('    linear in s and in the width, never s·d².');
  // Full recomputation reruns the layers, not the logits (components.ts fullRecomputeOf): Narayanan et al. 2021 Eq. 3.
  const fullRecompute = p.model + fc.components.reduce((t, c) => t + fullRecomputeOf(c), 0);
  out.push(`  • Recomputation is not training compute: with full recomputation every layer's forward runs once more,`);
  out.push(`    ${sci(fullRecompute)} per token executed (Narayanan et al. 2021 Eq. 3: 4 × the layers' forward, 3 × the logits);`);
  out.push(`    the model needs 3 × forward (${sci(p.model)}). Report MFU against the second.`);
  out.push('  • The optimizer step is not another forward pass: its update is element-wise, once per step over the N');
  out.push('    parameters (not per token), with no matrix product; 6·N·D (Kaplan et al. 2020 §2.1, §3.3) has no term for it.');
  out.push(`  • Exponent slips: ${sci(totals.tokens)} × ${sci(p.model)} is ${mp} × 10^(${te} + ${pe}) = ${sci(totals.model)}:`);
  out.push(`    add the exponents (${te} + ${pe} = ${te + pe}); a slip of 10^3 either way is a factor of 1000.`);
  return out.join('\n') + '\n';
}

/**
 * The kinds of weights the model has that enter no matrix product (those matmulWeights leaves out), for Step 8:
 * an input embedding only when untied (a tied one is the output head's weight), a learned position table, biases,
 * norms, attention sinks (GPT-OSS), Mamba-2's per-head vectors.
 */
function idleKinds(arch: FlopAnalysis['arch']): string {
  const mixer = arch.hybrid?.mixer;
  const biased = arch.bias !== 'none' || !!arch.moe?.routerBias || !!arch.moe?.expertBias || !!arch.headBias || !!mixer?.convBias || !!mixer?.projBias;
  const kinds = [
    ...(arch.tiedEmbeddings ? [] : ['embedding lookup']),
    ...(arch.positionEmbeddings > 0 ? ['positions'] : []),
    ...(biased ? ['biases'] : []),
    ...(arch.norm !== 'none' ? ['norms'] : []),
    ...(arch.attentionSinks ? ['attention sinks'] : []),
    ...(mixer ? ['Mamba-2 dt_bias, A_log and D'] : []),
  ];
  return kinds.length ? ` (${kinds.join(', ')})` : '';
}

function mantExp(x: number): [string, number] {
  const [m, e] = x.toExponential(3).split('e');
  return [m!, Number(e)];
}

function indent(text: string): string {
  return text.split('\n').map((l) => '  ' + l).join('\n');
}

/**
 * Step 1's lines on a document mask (flops/documents.ts): the documents each sequence holds, the keys per query of a
 * global layer inside them (window.ts documentKeys), and the counting rule MFU follows.
 */
function documentLines(docs: Documents, s: number, attention: AttentionConvention): string[] {
  const inner = attention === 'full' ? 'n²' : 'n²/2';
  const over = attention === 'full' ? 'Σn²/s' : 'Σn²/2s';
  const each = docs.map((d) => {
    const q = Math.floor(s / d.tokens);
    const r = s % d.tokens;
    return `${docs.length > 1 ? `${+(d.share * 100).toFixed(4)}% of the tokens: ` : ''}q = ⌊s/L⌋ = ${plural(q, 'document')} of L = ${d.tokens}${r > 0 ? ` and the first r = s mod L = ${r} tokens of another` : ''}`;
  });
  const keys = meanKeysPerQuery({ kind: 'global' }, s, attention, docs);
  const whole = meanKeysPerQuery({ kind: 'global' }, s, attention);
  return [
    `  Document mask (torchtitan block_causal, Megatron-Core THD packing; Llama 3 §3.4.1): each sequence packs ${documentsText(docs)}, each attending only within itself:`,
    ...each.map((e) => `    ${e};`),
    `  a document of n tokens holds ${inner} keys (${attention} convention), so a global layer's query attends ${over} = ${keysText(keys)} keys on average, not ${keysText(whole)}${docs.length > 1 ? ' (the shares\' mean, rounded to a whole FLOP per token)' : ''}.`,
    '  MFU counts these keys only: masked keys between documents are not model FLOPs (as Megatron-LM counts packed sequences,',
    '  seqlen_squared_sum_in_batch); torchtitan\'s MFU counts the whole sequence, so reads higher for the same run.',
  ];
}
