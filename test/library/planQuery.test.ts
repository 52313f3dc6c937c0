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
  // A degree that is not a number was told a token count's examples, "a number such as 300e9, 300B, 1.4T, 2.5M or 4k"
  // (hostile sweep 29).
  it.each([
    { query: { tp: 'eight' }, message: 'expected a whole number such as 8, found "eight"' },
    { query: { etp: 'abc' }, message: 'expected a whole number such as 8, found "abc"' },
    { query: { shardGroup: {} }, message: 'expected a whole number such as 8, found an object' },
    { query: { microBatch: 'one' }, message: 'expected a whole number such as 8, found "one"' },
  ])('$query is told a whole number is meant', ({ query, message }) => {
    expect(thrownInputError(() => queryLayout(query as unknown as PlanQuery, flag)).message).toBe(message);
  });
});
