/** The kinds of price and their two spellings (README "Scenarios": `kind: on_demand | spot | ...`; hardware profiles: `kind: on-demand`). */
import { describe, expect, it } from 'vitest';
import { COMMITTED_KINDS, kindText, PRICE_KINDS, profileKind, SCENARIO_PRICE_KINDS, scenarioSpelling, TERM_KINDS } from '../../src/pricing/kinds.js';
import { listed } from '../../src/input/listed.js';

describe('pricing kinds', () => {
  it('a scenario accepts the kinds the README lists, in its underscore spelling', () => {
    expect([...SCENARIO_PRICE_KINDS].sort()).toEqual(['capacity_block', 'committed', 'on_demand', 'owned', 'reserved', 'spot']);
  });
  it('a profile spells the same kinds with a hyphen, without owned', () => {
    expect([...PRICE_KINDS].sort()).toEqual(['capacity-block', 'committed', 'on-demand', 'reserved', 'spot']);
  });
  it.each([
    ['on-demand', 'on_demand'],
    ['capacity-block', 'capacity_block'],
    ['spot', 'spot'],
  ] as const)('%s <-> %s', (profile, scenario) => {
    expect(scenarioSpelling(profile)).toBe(scenario);
    expect(profileKind(scenario)).toBe(profile);
    expect(profileKind(profile)).toBe(profile);
    expect(kindText(scenario)).toBe(profile);
  });
  it('owned and given choose no profile price', () => {
    expect(profileKind('owned')).toBeUndefined();
    expect(profileKind('given')).toBeUndefined();
    expect(profileKind(undefined)).toBeUndefined();
  });
  it('reserved and committed need a term; a capacity block may have one (whole days without)', () => {
    expect(TERM_KINDS).toEqual(['reserved', 'committed']);
    expect(COMMITTED_KINDS).toEqual(['reserved', 'committed', 'capacity-block']);
  });
  it('text forms: prose and lists', () => {
    expect(kindText('capacity_block', ' ')).toBe('capacity block');
    expect(listed(['a', 'b', 'c'], 'or')).toBe('a, b or c');
    expect(listed(['a'], 'and')).toBe('a');
  });
});
