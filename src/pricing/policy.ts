/**
 * Which price a run uses, when the scenario names a kind rather than a number. Pure; `today` is
 * passed in (the CLI takes it from SOURCE_DATE_EPOCH or the clock) so results are reproducible.
 *
 * The default policy (no provider named): the MEDIAN of the list prices of established clouds,
 * that is entries whose tier is `hyperscaler` or `specialist` and whose confidence is not
 * `uncertain`; one figure per provider (the median of its newest entries), then the median over
 * providers, so no single listing, and no provider with many listings, decides the price.
 * Marketplace and serverless listings are shown by `flopcast prices` but never a default.
 * Prices dated within 12 months of `today` are used when there are any; otherwise the older ones,
 * with a warning. Expired entries (a replaced rate card) are never used, nor entries dated after `today`.
 * With a provider named: that provider's newest entries (their median), whatever its tier. A name matches
 * a provider or offer it is part of (case-insensitive); one that matches several providers is refused,
 * unless it is one of them written whole.
 */
import { compareText, labelKey, shownName, someOf } from '../input/name.js';
import { InputError } from '../input/errors.js';
import { datedAfter, dateStart, expiredOn } from '../input/date.js';
import { hourlyUsd, plural } from '../report/format.js';
import { termLabel } from './term.js';
import { compareNear } from '../estimate/compare.js';
import type { PriceKind, PriceTier } from '../hardware/schema.js';
import type { HardwareProfile, Price } from '../hardware/toProfile.js';

export const ESTABLISHED_TIERS: readonly PriceTier[] = ['hyperscaler', 'specialist'];

/** A price the defaults take: an established cloud's (ESTABLISHED_TIERS), not marked uncertain. */
export const isEstablished = (p: Price): boolean => ESTABLISHED_TIERS.includes(p.tier) && p.confidence !== 'uncertain';
/** Prices older than this many months warn (issue 11: rates moved ±50 % within a year). */
export const STALE_AFTER_MONTHS = 12;

export interface PriceQuery {
  kind: PriceKind;
  /** Case-insensitive substrings of the provider; tried in order. */
  provider?: string | readonly string[];
  /** For commitments: the term asked for, in hours. */
  termHours?: number;
  /** YYYY-MM-DD. */
  today: string;
  /**
   * What the caller's user writes to give a price of their own, for the refusals' hints (budget: `give --price
   * USD_PER_GPU_HOUR`); by default a scenario's pricing.usd_per_gpu_hour, with pricing.provider to name a listed one.
   */
  ownPrice?: string;
}

export interface PriceChoice {
  usdPerGpuHour: number;
  kind: PriceKind;
  policy: 'median of established clouds' | 'provider';
  entries: Price[];
  providers: string[];
  /** One line for text output: the policy, the providers and their prices. */
  source: string;
  warnings: string[];
}

export function priceLabel(p: Price): string {
  return `${p.kind}${p.term ? ' ' + p.term : ''}`;
}

export function isExpired(p: Price, today: string): boolean {
  return expiredOn(p.expires, today);
}

/**
 * A price dated after `today` was not seen by then: a typo in its date (2062 for 2026), or a today
 * before it was listed. It was used, and as its provider's newest it replaced that provider's real ones.
 */
export function isAfter(p: Price, today: string): boolean {
  return datedAfter(p.date, today);
}

/** Whether a price applies on `today`: dated on or before it, and not expired. */
export function appliesOn(p: Price, today: string): boolean {
  return !isExpired(p, today) && !isAfter(p, today);
}

export function isStale(p: Price, today: string): boolean {
  const [y, m, d] = dateStart(today).split('-');
  const cutoff = `${String(Number(y) - STALE_AFTER_MONTHS / 12).padStart(4, '0')}-${m}-${d}`;
  return dateStart(p.date) < cutoff;
}

/**
 * Of `prices` (one kind and term's, as a default is drawn from), those a default takes by date: the ones dated within
 * {@link STALE_AFTER_MONTHS} of `today` where there are any, else all of them (older ones, warned by the caller).
 */
export function freshOf(prices: readonly Price[], today: string): Price[] {
  const fresh = prices.filter((p) => !isStale(p, today));
  return fresh.length ? fresh : [...prices];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
};

/**
 * One provider however a profile writes its name: case apart, and what labelKey ignores (spaces around it and runs of
 * them, zero-width characters). `AWS` and `AWS ` were two providers, each a figure of the median (of 2, 2, 10 and 10:
 * $6, where the three providers' median is $2), and `aws` beside `AWS` one provider to the median but two to
 * `provider: AWS` ('matches 2 providers').
 */
const providerKey = (name: string): string => labelKey(name).toLowerCase();

/**
 * Whether `p` is of `kind` and, where one is asked, of the term of `termHours` however the term is written (`1y`, `12
 * months`: 8,760 h; a relative 1e-9 for the float of a month's 730 h times 12).
 */
export function ofKindAndTerm(p: Price, kind: PriceKind, termHours: number | undefined): boolean {
  return p.kind === kind && (termHours === undefined || (p.termHours !== undefined && Math.abs(p.termHours - termHours) <= 1e-9 * termHours));
}

/**
 * What a default with no provider named is drawn from, of `established` (the established clouds' prices of one kind and term
 * that apply today): the fresh ones where any (freshOf), each provider's on its newest date, with its median. The one rule
 * for the default (choosePrice) and for the yardstick a given price is set against (givenPrice.ts), which took every fresh
 * entry grouped by the term as written (review36 #12).
 */
export function defaultPool(established: readonly Price[], today: string): { provider: string; usd: number; entries: Price[] }[] {
  return perProvider(freshOf(established, today));
}

/** The entries of one provider on its newest date, and their median. */
function perProvider(entries: Price[]): { provider: string; usd: number; entries: Price[] }[] {
  const groups = new Map<string, Price[]>();
  for (const p of entries) {
    const key = providerKey(p.provider);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((g) => {
    const newest = g.reduce((a, p) => (dateStart(p.date) > a ? dateStart(p.date) : a), '');
    const latest = g.filter((p) => dateStart(p.date) === newest);
    return { provider: latest[0]!.provider, usd: median(latest.map((p) => p.usdPerHour)), entries: latest };
  }).sort((a, b) => a.usd - b.usd || compareText(a.provider, b.provider));
}

/**
 * A commitment's default (reserved, capacity block, ...) beside the on-demand default it is read against: said where it is
 * above it, or drawn from fewer providers. H100's reserved 1y default was one Google Cloud figure of 2025-03-17 ($7.67),
 * above the six-provider on-demand median ($4.822), and a newcomer read "reserving costs more than on demand" as a property
 * of reserving (newuser35 B2). Undefined for on-demand itself, where no on-demand default is listed, and where neither holds.
 */
function againstOnDemand(profile: HardwareProfile, q: PriceQuery, what: string, usd: number, providers: number): string | undefined {
  if (q.kind === 'on-demand') return undefined;
  let od: PriceChoice;
  try {
    od = choosePrice(profile, { kind: 'on-demand', today: q.today });
  } catch {
    return undefined;
  }
  const above = compareNear(usd, od.usdPerGpuHour) > 0;
  const fewer = providers < od.providers.length;
  if (!above && !fewer) return undefined;
  const from = (n: number) => `${n === 1 ? 'one provider' : `${n} providers`}`;
  const lead = `${profile.id}: the ${what} default (${hourlyUsd(usd)}, from ${from(providers)})`;
  const ours = `the on-demand default (${hourlyUsd(od.usdPerGpuHour)}, the median of ${from(od.providers.length)})`;
  return above
    ? `${lead} is above ${ours}: that is ${fewer ? 'fewer list prices' : 'the list prices'}, not what a commitment saves; a quote for the term (pricing.usd_per_gpu_hour) tells it`
    : `${lead} is drawn from fewer providers than ${ours}`;
}

export function choosePrice(profile: HardwareProfile, q: PriceQuery): PriceChoice {
  const where = { keyPath: `hardware.${profile.id}.prices` };
  const live = profile.prices.filter((p) => appliesOn(p, q.today));
  const kinds = [...new Set(live.map(priceLabel))];
  const own = `${q.ownPrice ?? 'set pricing.usd_per_gpu_hour'} (flopcast prices ${profile.id} lists every entry)`;
  const wayOut = `or ${own}`;
  const what = `${q.kind}${q.termHours !== undefined ? ` (${termLabel(q.termHours)})` : ''}`;
  // The kind and term asked: what a choice is made from, and what a price dated after today would have been among.
  const asked = (p: Price) => ofKindAndTerm(p, q.kind, q.termHours);
  const ofKind = live.filter(asked);
  // Of the kind asked, dated after today alone (a today before the listings: SOURCE_DATE_EPOCH=0): said so,
  // where 'it lists no current prices' sent the user to a profile that lists them.
  const laterOfKind = profile.prices.filter((p) => asked(p) && !isExpired(p, q.today) && isAfter(p, q.today));
  if (!ofKind.length && laterOfKind.length) {
    throw new InputError(`${profile.id} has no ${what} price dated on or before ${q.today}: ${laterOfKind.length === 1 ? `the one listed is dated ${laterOfKind[0]!.date}` : `all ${laterOfKind.length} are dated after it (the first ${laterOfKind[0]!.date})`}`, {
      ...where,
      hint: `prices are judged against today, ${q.today} (SOURCE_DATE_EPOCH, or the library's today, sets it): check that date; ${wayOut}`,
    });
  }
  if (!ofKind.length) {
    throw new InputError(`${profile.id} has no ${what} price`, {
      ...where,
      hint: kinds.length ? `the kinds it has: ${kinds.join(', ')}; ${wayOut}` : `it lists no current prices${profile.notes ? ` (${profile.notes})` : ''}; ${wayOut}`,
    });
  }
  const warnings: string[] = [];
  // Of the entries a choice was made among (a provider's, or the established clouds'), those left out as dated after
  // today: said once, naming the first (a today set in the past would leave many out). Another term's or provider's
  // could not have been used, and is not named (a reserved 3y price dated 2062 was named by a 1y choice).
  const laterWarn = (later: Price[]) => {
    if (later.length) warnings.push(`${profile.id}: ${later.length === 1 ? `the ${priceLabel(later[0]!)} price from ${later[0]!.provider} is` : `${later.length} ${what} prices (the first from ${later[0]!.provider}) are`} dated after ${q.today} (${later[0]!.date}), and not used; check the date`);
  };
  // Said once for the entries of one provider, kind and date: tpu-v6e's two Google Cloud regions of 2025-03-03 were two
  // warnings word for word (budget's stderr, run --json's warnings).
  const staleWarn = (ps: Price[]) => {
    const stale = new Map<string, Price[]>();
    for (const p of ps.filter((x) => isStale(x, q.today))) {
      const k = JSON.stringify([priceLabel(p), p.provider, p.date]);
      stale.set(k, [...(stale.get(k) ?? []), p]);
    }
    for (const [p, ...more] of stale.values()) {
      warnings.push(`${profile.id}: ${more.length ? `the ${more.length + 1} ${priceLabel(p!)} prices from ${p!.provider} are` : `the ${priceLabel(p!)} price from ${p!.provider} is`} dated ${p!.date}, more than ${STALE_AFTER_MONTHS} months before ${q.today}`);
    }
  };
  if (q.provider !== undefined) {
    const names = typeof q.provider === 'string' ? [q.provider] : q.provider;
    for (const name of names) {
      // Matched by the same key as the providers are told apart by: a profile's 'Google<NBSP>Cloud' had no price from
      // 'Google Cloud', the name the median prints. A name of white space alone matches none (its key is empty).
      const key = providerKey(name);
      const hits = key ? ofKind.filter((p) => providerKey(p.provider).includes(key) || providerKey(p.offer ?? '').includes(key)) : [];
      if (!hits.length) continue;
      // A name several providers match names none of them: the first in the file's order won
      // (`provider: a` priced AWS, `provider: H100` whichever offer came first). One written whole wins.
      const matched = [...new Map(hits.map((p) => [providerKey(p.provider), p.provider])).values()];
      const exact = matched.filter((m) => providerKey(m) === providerKey(name));
      if (matched.length > 1 && exact.length !== 1) {
        throw new InputError(`"${shownName(name)}" matches ${matched.length} ${what} providers of ${profile.id}: ${someOf(matched.map((m) => shownName(m)), matched.length, ', ')}`, { ...where, hint: 'write the provider\'s name whole' });
      }
      const provider = exact[0] ?? matched[0]!;
      const [g] = perProvider(hits.filter((p) => providerKey(p.provider) === providerKey(provider)));
      laterWarn(laterOfKind.filter((p) => providerKey(p.provider) === providerKey(provider)));
      staleWarn(g!.entries);
      return {
        usdPerGpuHour: g!.usd, kind: q.kind, policy: 'provider', entries: g!.entries, providers: [g!.provider],
        source: `${g!.provider}${g!.entries[0]!.offer ? ' ' + g!.entries[0]!.offer : ''}, ${priceLabel(g!.entries[0]!)}, ${g!.entries[0]!.date}`,
        warnings,
      };
    }
    // The names as a list the user wrote is echoed: each cut as a name, the first few (a name of 400,000
    // characters, or 50,000 names, made an error line as long).
    throw new InputError(`${profile.id} has no ${what} price from a provider matching ${someOf(names.map((n) => `"${shownName(n)}"`), names.length, ' or ')}`, {
      ...where,
      hint: `${what} providers: ${[...new Set(ofKind.map((p) => p.provider))].join('; ')}; ${wayOut}`,
    });
  }
  const established = ofKind.filter(isEstablished);
  if (!established.length) {
    throw new InputError(`${profile.id} has no ${what} list price from an established cloud (only ${[...new Set(ofKind.map((p) => `${p.provider} (${p.tier}${p.confidence === 'uncertain' ? ', uncertain' : ''})`))].join('; ')})`, {
      ...where,
      hint: q.ownPrice === undefined ? `name one with pricing.provider, ${wayOut}` : own,
    });
  }
  laterWarn(laterOfKind.filter(isEstablished));
  const groups = defaultPool(established, q.today);
  // Only where none is fresh are stale ones in the pool.
  if (groups.some((g) => g.entries.some((p) => isStale(p, q.today)))) staleWarn(groups.flatMap((g) => g.entries));
  const usd = median(groups.map((g) => g.usd));
  const against = againstOnDemand(profile, q, what, usd, groups.length);
  if (against) warnings.push(against);
  return {
    usdPerGpuHour: usd, kind: q.kind, policy: 'median of established clouds', entries: groups.flatMap((g) => g.entries), providers: groups.map((g) => g.provider),
    source: `median of ${plural(groups.length, `${what} list price`)} (${groups.map((g) => `${g.provider} ${hourlyUsd(g.usd)}`).join(', ')})`,
    warnings,
  };
}

/** Today as YYYY-MM-DD (UTC) from a clock reading in ms: the CLI's reads SOURCE_DATE_EPOCH (src/cli/clock.ts nowMs), a page's is Date.now(). */
export function todayFrom(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}
