/**
 * Megatron-Core's pipeline layout (src/perf/pipelineLayout.ts): parsing as NVIDIA/Megatron-LM
 * megatron/core/transformer/pipeline_parallel_layer_layout.py parse_str_to_list does (its docstring's
 * examples), every rule of __init__ and validate_layer_layout refused with its message, hostile text
 * refused before it is expanded, and the placement of DeepSeek-V3's MLPerf layout counted by hand.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/cli/load/model.js';
import { layoutChunks, layoutLimits, layoutModelProblem, parseLayout, pipelinePlacement } from '../../src/perf/pipelineLayout.js';
import { withDefaults } from '../../src/perf/layout.js';
import { checkLayout } from '../../src/perf/layoutCheck.js';
import { STACKS } from '../../src/perf/stackProfiles.js';
import { arch, dsv3Mtp, layout } from './helpers.js';

const dense8 = arch({ layers: 8, d_model: 1024, heads: 16, d_ff: 4096, vocab: 32000, seq_len: 2048 }, 'dense-8');
const mtp2 = arch({ layers: 8, d_model: 1024, heads: 16, d_ff: 4096, vocab: 32000, seq_len: 2048, mtp: { depth: 2 } }, 'mtp-2');

/** The chunks of a parse as lists of letters (Megatron's list of lists). */
const chunks = (text: string, limits = layoutLimits(dsv3Mtp)): string[][] => {
  const p = parseLayout(text, limits);
  if ('message' in p) throw new Error(p.message);
  return p.starts.slice(0, -1).map((s, k) => [...p.letters.slice(s, p.starts[k + 1])]);
};
const split = (expanded: string) => expanded.split('|').map((c) => [...c]);

describe('parsing, as parse_str_to_list', () => {
  it('its docstring example: "Ettt|(tt|)*29,m|L" is [[E,t,t,t]] + [[t,t]]*29 + [[m],[L]]', () => {
    expect(chunks('Ettt|(tt|)*29,m|L')).toEqual([['E', 't', 't', 't'], ...Array.from({ length: 29 }, () => ['t', 't']), ['m'], ['L']]);
  });
  // The unrolling examples of its comments (xy(ab|cd|ef)*2,pq -> xyab|cd|efab|cd|efpq; (ab)*3 -> ababab;
  // ab,(cd|)*2 -> abcd|cd|; (|ab)*2,cd -> |ab|abcd), with the letters x→E, y→t, a→t, b→m, c→L, d→t, e→m, f→E,
  // p→t, q→L: the parser checks the letters, not yet their order.
  it.each([
    ['Et(tm|Lt|mE)*2,tL', 'Ettm|Lt|mEtm|Lt|mEtL'],
    ['(tm)*3', 'tmtmtm'],
    ['tm,(Lt|)*2', 'tmLt|Lt|'],
    ['(|tm)*2,Lt', '|tm|tmLt'],
  ])('%s unrolls to %s', (text, expanded) => expect(chunks(text)).toEqual(split(expanded)));
  it.each([
    ['x*n after a group: the second pass repeats the group\'s last letter (Python: "E(t)*2*3L" → "Ett*3L" → 4 t)', 'E(t)*2*3L', 'EttttL'],
    ['a separator repeated', 'Et|*3L', 'Et|||L'],
    ['a count of 0 removes the letter', 'Et*0mL', 'EmL'],
    ['commas are cosmetic anywhere', 'E,t,*,2,|,L', 'Ett|L'],
    ['an empty chunk (Megatron prints "(empty stage)")', 'Et||tL', 'Et||tL'],
  ])('%s', (_, text, expanded) => expect(chunks(text)).toEqual(split(expanded)));

  it.each([
    ['a letter outside E, L, t, m', 'Etxt', /found "x" at column 3/],
    ['a nested group (Megatron\'s pattern \\(([^)]+)\\)\\*(\\d+) cannot nest)', 'E((t)*2|)*3L', /groups cannot be nested: "\(" at column 3 inside the group opened at column 2/],
    ['a group without a count', 'E(tt)L', /found "\(" at column 2/],
    ['a digit of another script (Python\'s \\d would read it; refused where written)', 'Et*٣L', /column 4/],
    ['a letter written out a trillion times', 't*999999999999', /the repeat at column 1 makes the layout longer than \d+ characters/],
    ['a group repeated a billion times', '(t|)*1000000000', /the group at column 1 makes the layout longer than \d+ characters/],
    ['more chunks than the model\'s letters could fill twice over', '|*130', /the layout has 131 chunks, more than the 128 this model's 64 letters/],
    ['a control character', 'Et\n', /found "\\n" at column 3/],
    ['a megabyte of text', 't'.repeat(2 ** 20), /the layout is 1048576 characters long; this model's needs at most \d+/],
  ])('refuses %s with the column', (_, text, message) => {
    const p = parseLayout(text, layoutLimits(dsv3Mtp));
    expect('message' in p && p.message).toMatch(message);
  });

  it('the limits follow the model: 61 layers, 1 MTP layer, E and L are 64 letters', () => {
    expect(layoutLimits(dsv3Mtp)).toEqual({ elements: 64, chunks: 128, expanded: 192, written: 768 });
  });
});

describe('validate_layer_layout and __init__, refused with their message', () => {
  it.each([
    ['first not E', dense8, 'tEt*7L', 1, /the first layer must be E \(embedding\), found t \(decoder layer\) at column 1/],
    ['last not L', dense8, 'Et*7Lt', 1, /the last layer must be L \(loss\), found t \(decoder layer\) at column 6/],
    ['no layer at all', dense8, '', 1, /the first layer must be E \(embedding\), found no layer/],
    ['two E', dense8, 'Et*4Et*4L', 1, /E \(embedding\) must appear exactly once, found a second at column 5/],
    ['two L', dense8, 'Et*4|Lt*4L', 2, /L \(loss\) must appear exactly once, found a second at column 10/],
    ['too few decoder layers', dense8, 'Et*7L', 1, /the layout has 7 decoder layers \(t\), the model dense-8 has 8/],
    ['an MTP layer the model lacks', dense8, 'Et*8mL', 1, /the layout has 1 MTP layers \(m\), the model dense-8 has 0/],
    ['a decoder layer after an MTP layer', mtp2, 'Et*7mmtL', 1, /decoder layers must be placed before MTP layers, found t at column 7 after m at column 5/],
    ['chunks not divisible by pp', dense8, 'Et*4|t*4|L', 2, /the layout's 3 chunks do not divide into pp = 2 pipeline ranks/],
    ['an MTP layer outside its rank\'s last virtual stage', mtp2, 'Et*8|mm||L', 2, /MTP layers must be in the last virtual stage of their rank, found m at column 6 in virtual stage 0 of rank 1 \(of 2\)/],
    ['the MTP layers in two chunks', mtp2, 'Et*8|m|m|L', 4, /all 2 MTP layers must be in one virtual stage, found 1 in the chunk at column 6/],
  ] as const)('%s', (_, model, text, pp, message) => {
    const r = pipelinePlacement(model, text, pp);
    expect('message' in r && r.message).toMatch(message);
  });

  it('a hybrid (Mamba) model: refused, whatever the layout', () => {
    expect(layoutModelProblem(loadModel('nemotron-h-8b'), 'Et*52L')?.message).toMatch(/hybrid Mamba\/Transformer model, whose performance is not predicted/);
  });

  it('an MTP layer on rank 0\'s last virtual stage is allowed, as Megatron\'s loops allow it (rank 0 is refused only before its last stage)', () => {
    // 4 chunks on pp 2: chunk 2 is rank 0's virtual stage 1 (its last).
    expect(pipelinePlacement(mtp2, 'Et*4|t*4|mm|L', 2)).toMatchObject({ virtualStages: 2, ranks: [{ mtp: 2, embedding: true }, { loss: true }] });
  });
});

describe('placement: chunk i on rank i % pp, virtual stage i // pp', () => {
  it('DeepSeek-V3\'s MLPerf layout Et*4|(t*4|)*14tmL on pp 4 × vp 4, counted by hand', () => {
    // 16 chunks: 0 = E + 4 t, 1..14 = 4 t, 15 = t m L. Rank r holds chunks r, r+4, r+8, r+12:
    // rank 0: 4+4+4+4 = 16 t (the first 3 of the model dense) and E; ranks 1, 2: 16 t; rank 3: 4+4+4+1 = 13 t, m and L.
    expect(layoutChunks(dsv3Mtp, 'Et*4|(t*4|)*14tmL')).toBe(16);
    expect(pipelinePlacement(dsv3Mtp, 'Et*4|(t*4|)*14tmL', 4)).toEqual({
      pp: 4, virtualStages: 4, largestChunk: 4,
      ranks: [
        { dense: 3, moe: 13, embedding: true, loss: false, mtp: 0 },
        { dense: 0, moe: 16, embedding: false, loss: false, mtp: 0 },
        { dense: 0, moe: 16, embedding: false, loss: false, mtp: 0 },
        { dense: 0, moe: 13, embedding: false, loss: true, mtp: 1 },
      ],
    });
  });
  it('the same layout on pp 2 × vp 8 and pp 16 × vp 1: the chunk count fixes pp × vp', () => {
    const on2 = pipelinePlacement(dsv3Mtp, 'Et*4|(t*4|)*14tmL', 2);
    expect(on2).toMatchObject({ virtualStages: 8, ranks: [{ dense: 3, moe: 29, embedding: true }, { moe: 29, loss: true, mtp: 1 }] });
    const on16 = pipelinePlacement(dsv3Mtp, 'Et*4|(t*4|)*14tmL', 16);
    expect(on16).toMatchObject({ virtualStages: 1 });
    expect('ranks' in on16 && on16.ranks.map((r) => r.dense + r.moe)).toEqual([...Array(15).fill(4), 1]);
  });
});

describe('placement of interleaved MoE layers (moe.every, architecture.ts isMoeLayer)', () => {
  it('Llama 4 Maverick (MoE on layers 1, 3, …, 47) on pp 4 and on pp 16 × vp 1, counted by hand', () => {
    const maverick = loadModel('llama-4-maverick');
    // 12 layers a rank: 6 of each kind. 3 a rank on pp 16: rank r holds layers 3r, 3r+1, 3r+2, of which the odd
    // ones are MoE: 1 for even r (3r+1), 2 for odd r (3r, 3r+2).
    const on4 = pipelinePlacement(maverick, 'Et*12|t*12|t*12|t*12L', 4);
    expect('ranks' in on4 && on4.ranks.map((r) => [r.dense, r.moe])).toEqual(Array(4).fill([6, 6]));
    const on16 = pipelinePlacement(maverick, 'Et*3|(t*3|)*14t*3L', 16);
    expect('ranks' in on16 && on16.ranks.map((r) => r.moe)).toEqual(Array.from({ length: 16 }, (_, r) => (r % 2 ? 2 : 1)));
  });
});

describe('the layout rules read the placement (layoutRules.ts)', () => {
  const gpt3Like = arch({ layers: 96, d_model: 1024, heads: 16, d_ff: 4096, vocab: 32000, seq_len: 2048 }, 'layers-96');
  const l = layout({ tp: 8, pp: 8, dp: 2, recompute: 'full', pipelineLayout: 'Et*6|(t*12|)*6t*18L' }); // chunks of 6, 12 ×6, 18
  it.each([[18, []], [19, ['recompute-layers']]] as const)('recompute_layers %i against the largest chunk\'s 18 layers (the even split would allow 12)', (n, rules) => {
    expect(checkLayout(gpt3Like, 128, 64, { ...l, recomputeLayers: n }, { stack: STACKS['megatron-core'], unevenStages: true }).map((i) => i.rule)).toEqual(rules);
  });
  it('withDefaults takes the virtual stages and the schedule from the layout and pp', () => {
    const { virtualStages, schedule, ...given } = layout({ tp: 8, pp: 4, dp: 4, pipelineLayout: 'Et*12|(t*12|)*6t*12L' });
    expect(withDefaults(gpt3Like, given)).toMatchObject({ virtualStages: 2, schedule: 'interleaved' });
    expect(withDefaults(gpt3Like, { ...given, pp: 8 })).toMatchObject({ pp: 8, virtualStages: 1, schedule: '1f1b' });
    expect([virtualStages, schedule]).toEqual([1, '1f1b']); // the helper's, left out above
  });
});
