/**
 * The kinds of GPU price, listed once. A hardware profile spells them with a hyphen (`on-demand`,
 * `capacity-block`: hardware-profiles/*.yaml, and every text that names a kind); a scenario's
 * `pricing.kind` with an underscore, like its other keys (`on_demand`), and adds `owned` (the
 * amortised purchase, src/pricing/owned.ts). A run's price kind is a scenario kind, or `given` for a
 * `usd_per_gpu_hour` without a kind. Every other spelling and list is derived from PRICE_KINDS here.
 */

export const PRICE_KINDS = ['on-demand', 'reserved', 'committed', 'spot', 'capacity-block'] as const;
export type PriceKind = (typeof PRICE_KINDS)[number];
/** Kinds sold only with a term (1y, 3y, 6 months): a profile entry and a scenario must state it. */
export const TERM_KINDS: readonly PriceKind[] = ['reserved', 'committed'];
/** Kinds that bind the buyer for a term (a contract), as against pay-as-you-go: a capacity block without one is bought in whole days. */
export const COMMITTED_KINDS: readonly PriceKind[] = [...TERM_KINDS, 'capacity-block'];

type Underscored<S extends string> = S extends `${infer A}-${infer B}` ? `${A}_${Underscored<B>}` : S;
export type ScenarioPriceKind = Underscored<PriceKind> | 'owned';
/** What a run records as its price kind (`price_kind` in `flopcast run --json`). */
export type RunPriceKind = ScenarioPriceKind | 'given';

/** A profile kind as a scenario spells it: `on-demand` -> `on_demand`. */
export function scenarioSpelling<K extends PriceKind>(kind: K): Underscored<K> {
  return kind.replaceAll('-', '_') as Underscored<K>;
}

/** `pricing.kind` of a scenario: the profile kinds in the scenario's spelling, then `owned`. */
export const SCENARIO_PRICE_KINDS: readonly ScenarioPriceKind[] = [...PRICE_KINDS.map(scenarioSpelling), 'owned'];

/** A kind in either spelling as text (`on-demand`, `capacity-block`, `owned`, `given`); `separator: ' '` for prose. */
export function kindText(kind: string, separator = '-'): string {
  return kind.replaceAll('_', separator).replaceAll('-', separator);
}

/** The profile kind a scenario kind chooses prices of (`on_demand` -> `on-demand`); undefined for owned and given. */
export function profileKind(kind: string | undefined): PriceKind | undefined {
  const k = kind === undefined ? undefined : kindText(kind);
  return PRICE_KINDS.find((p) => p === k);
}

