/**
 * A price the user gives (a scenario's usd_per_gpu_hour, `--price`) set against the prices the GPU's profile lists from
 * established clouds that a default is drawn from today (policy.ts isEstablished, appliesOn, and each kind and term's
 * defaultPool: over 12 months old only where it has no newer price, each provider's newest entries).
 * A figure far above every one is most likely in another unit: an instance's price (AWS p5.48xlarge $55.04 an hour
 * for 8 H100), a GPU-month's (730 hours), a price for the whole cluster. It was charged as given without a word:
 * `usd_per_gpu_hour: 98.32` on 1,024 H100 printed $59.97M where $7.5M was meant (newuser35). A figure far below every
 * one is most likely a per-second or per-minute rate card (Modal lists H100 at $0.001097/s = $3.95/h) typed as hourly.
 * A quote may be off the list, so this warns and never refuses. Where the profile lists no established price that
 * applies (b300's lone Spheron spot listing), nothing is warned: a marketplace's spot price is no yardstick for a
 * quote, and the price is charged as given, as for a profile that lists none. Pure.
 *
 * The factors are judgements, bounded by the bundled profiles (hardware-profiles/, 2026-12-02). Above: the one spread
 * a quote must clear is how far a real price sits above the dearest established one, and the widest such listing is
 * 1.86× (b200: Oracle's uncertain $16.00 against the $8.60 established); the spread among the established prices
 * themselves is wider (H100 on demand: RunPod $1.99 to Azure $6.98, 3.5×) but lies below the dearest. The slips
 * are 4× (GB200's 4-GPU slice) to 16× (trn1.32xlarge) for an instance, 730× for a month: 2× sits between. Below: the
 * widest a listing sits under the cheapest established one is 2.4× (rtx-3090: Vast.ai $0.18 against RunPod's $0.43);
 * the slips are 60× (per minute) and 3,600× (per second): 10× sits between, with room for a cheaper quote.
 */
import type { HardwareProfile, Price } from '../hardware/toProfile.js';
import { appliesOn, defaultPool, isEstablished, ofKindAndTerm, priceLabel } from './policy.js';
import { HOURS_PER_MONTH } from '../input/calendar.js';
import { grouped, hourlyUsd } from '../report/format.js';

/** A given price more than this many times the GPU's highest established price warns. */
export const GIVEN_PRICE_WARN_FACTOR = 2;
/** A given price whose GPU's lowest established price is more than this many times it warns. */
export const GIVEN_PRICE_LOW_WARN_FACTOR = 10;

/** GPUs in the instances clouds rent training GPUs in (p5.48xlarge, ND H100 v5, a3-highgpu-8g, HGX nodes), where the profile lists no instance. */
const DEFAULT_GPUS_PER_INSTANCE = 8;

/** The GPUs of the largest instance the profile prices (trn1.32xlarge: 16), or the common 8 where it prices none. */
function gpusPerInstance(profile: HardwareProfile): number {
  const sizes = profile.prices.filter((p) => p.stated.unit === 'instance-hour').map((p) => p.stated.gpusPerInstance);
  return sizes.length ? Math.max(...sizes) : DEFAULT_GPUS_PER_INSTANCE;
}

/** The ratio as printed, to one decimal: the test is made on it, so "more than 2×" never prints 2.0×. */
const shownRatio = (x: number): number => Math.round(x * 10) / 10;

/** "an 8-GPU", "an 11-GPU", "a 16-GPU": the article as the number is said. */
const article = (n: number): string => (/^8|^1[18]$/.test(String(n)) ? 'an' : 'a');

const named = (p: Price): string => `${hourlyUsd(p.usdPerHour)}, ${p.provider} ${priceLabel(p)}, ${p.date}`;

/**
 * The warning for a given price above {@link GIVEN_PRICE_WARN_FACTOR} × the highest established price `profile` lists that
 * applies on `today`, or below the lowest one over {@link GIVEN_PRICE_LOW_WARN_FACTOR}; undefined where it is neither, or
 * the profile lists no such price. `given`: what the user wrote it as (`pricing.usd_per_gpu_hour`, `--price`).
 */
export function givenPriceWarning(profile: HardwareProfile, usdPerGpuHour: number, today: string, given: string): string | undefined {
  // Each kind and term's prices as its default draws from them (policy.ts defaultPool): Google Cloud's H100 on-demand $11.06
  // of 2025-03, set aside by the default as over 12 months old beside newer ones, kept `--price 20` silent (review35b); a
  // provider's older entry beside its newer one, and a term written two ways (`1y`, `12 months`), were the yardstick's alone.
  const current = profile.prices.filter((p) => isEstablished(p) && appliesOn(p, today));
  const terms = new Map(current.map((p) => [`${p.kind} ${p.termHours ?? ''}`, p]));
  const listed = [...terms.values()].flatMap((t) => defaultPool(current.filter((p) => ofKindAndTerm(p, t.kind, t.termHours)), today).flatMap((g) => g.entries));
  if (!listed.length || !(usdPerGpuHour > 0)) return undefined;
  const top = listed.reduce((a, b) => (b.usdPerHour > a.usdPerHour ? b : a));
  const bottom = listed.reduce((a, b) => (b.usdPerHour < a.usdPerHour ? b : a));
  const lead = `${given} ${hourlyUsd(usdPerGpuHour)} per GPU-hour`;
  const above = shownRatio(usdPerGpuHour / top.usdPerHour);
  if (above > GIVEN_PRICE_WARN_FACTOR) {
    const n = gpusPerInstance(profile);
    return `${lead} is ${grouped(above, 1, true)}× the highest price ${profile.id} lists from an established cloud (${named(top)}): a price is per GPU-hour,`
      + ` so ${article(n)} ${n}-GPU instance's is divided by ${n} (${hourlyUsd(usdPerGpuHour / n)})`
      + ` and a monthly one by ${HOURS_PER_MONTH} hours (${hourlyUsd(usdPerGpuHour / HOURS_PER_MONTH)}); a quote above the list is charged as given`;
  }
  const below = shownRatio(bottom.usdPerHour / usdPerGpuHour);
  if (below > GIVEN_PRICE_LOW_WARN_FACTOR) {
    return `${lead} is under the lowest price ${profile.id} lists from an established cloud (${named(bottom)}) by a factor of ${grouped(below, 1, true)}: a price is per GPU-hour,`
      + ` so a per-second rate is multiplied by 3,600 (${hourlyUsd(usdPerGpuHour * 3600)}) and a per-minute one by 60 (${hourlyUsd(usdPerGpuHour * 60)});`
      + ' a quote below the list is charged as given';
  }
  return undefined;
}
