/**
 * The layout fields a plan query fixes (src/library/planQuery.ts queryLayout): each query field to its layout field
 * (zero to zeroStage, sp to sequenceParallel), counts read as counts, and a value of the wrong kind refused at the key
 * the caller names it by (the library's field, the CLI's flag).
 */
import { describe, expect, it } from 'vitest';
import { queryLayout, type PlanQuery } from '../../src/library/planQuery.js';
import { thrownInputError } from '../helpers.js';

const flag = (f: keyof PlanQuery) => `--${f}`;

describe('queryLayout', () => {
  it.each([
    { query: {}, layout: {} },
    { query: { tp: 8, pp: '4', microBatch: '2' }, layout: { tp: 8, pp: 4, microBatch: 2 } },
    { query: { zero: 3, sp: true, recompute: 'full', recomputeLayers: 2 }, layout: { zeroStage: 3, sequenceParallel: true, recompute: 'full', recomputeLayers: 2 } },
    { query: { schedule: 'interleaved', virtualStages: 2, shardGroup: 8, etp: 1 }, layout: { schedule: 'interleaved', virtualStages: 2, shardGroup: 8, etp: 1 } },
    { query: { pp: 2, pipelineLayout: 'Et*2|t*2L' }, layout: { pp: 2, pipelineLayout: 'Et*2|t*2L' } },
    // Fields that are not layout fields are not the layout's.
    { query: { count: 8, gpu: 'h100-sxm', model: 'gpt2' }, layout: {} },
  ] as { query: PlanQuery; layout: object }[])('$query', ({ query, layout }) => {
    expect(queryLayout(query, (f) => f)).toEqual(layout);
  });
  it.each([
    { query: { tp: 'eight' }, key: '--tp' },
    { query: { zero: 4 }, key: '--zero' },
    { query: { sp: 'yes' }, key: '--sp' },
    { query: { schedule: 'gpipe' }, key: '--schedule' },
    { query: { pipelineLayout: 5 }, key: '--pipelineLayout' },
  ])('$query refused at $key', ({ query, key }) => {
    expect(thrownInputError(() => queryLayout(query as unknown as PlanQuery, flag)).details.keyPath).toBe(key);
  });
});
