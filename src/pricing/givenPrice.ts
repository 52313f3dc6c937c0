/**
 * A price the user gives (a scenario's usd_per_gpu_hour, `--price`) set against the prices the GPU's profile lists.
 * A figure far above every one is most likely in another unit: an instance's price (AWS p5.48xlarge $55.04 an hour
 * for 8 H100), a GPU-month's (730 hours), a price for the whole cluster. It was charged as given without a word:
 * `usd_per_gpu_hour: 98.32` on 1,024 H100 printed $59.97M where $7.5M was meant (newuser35). A quote may be above
 * the list, so this warns and never refuses; the factor is a judgement, not a measured figure: the spread of one GPU's
 * own list prices is about 2× (H100 on demand: RunPod $1.99 to Google Cloud $11.06), and the slips it is for are 8× (an
 * 8-GPU instance) or 730× (a month). Pure.
 */
import type { HardwareProfile } from '../hardware/toProfile.js';
import { appliesOn, priceLabel } from './policy.js';
import { grouped, hourlyUsd } from '../report/format.js';

/** A given price more than this many times the GPU's highest listed price warns. */
export const GIVEN_PRICE_WARN_FACTOR = 2;

/** GPUs in the instances clouds rent training GPUs in (p5.48xlarge, ND H100 v5, a3-highgpu-8g, HGX nodes). */
const GPUS_PER_INSTANCE = 8;
/** Hours in a month, as clouds bill them (730 = 8,760 / 12). */
const HOURS_PER_MONTH = 730;

/**
 * The warning for a given price above {@link GIVEN_PRICE_WARN_FACTOR} × the highest price `profile` lists that applies
 * on `today` (any kind, provider or age: the widest the list allows); undefined where it is not, or the profile lists none.
 * `given`: what the user wrote it as (`pricing.usd_per_gpu_hour`, `--price`).
 */
export function givenPriceWarning(profile: HardwareProfile, usdPerGpuHour: number, today: string, given: string): string | undefined {
  const listed = profile.prices.filter((p) => appliesOn(p, today));
  if (!listed.length) return undefined;
  const top = listed.reduce((a, b) => (b.usdPerHour > a.usdPerHour ? b : a));
  if (!(usdPerGpuHour > GIVEN_PRICE_WARN_FACTOR * top.usdPerHour)) return undefined;
  const times = usdPerGpuHour / top.usdPerHour;
  return `${given} ${hourlyUsd(usdPerGpuHour)} per GPU-hour is ${grouped(Math.round(times * 10) / 10)}× the highest price ${profile.id} lists`
    + ` (${hourlyUsd(top.usdPerHour)}, ${top.provider} ${priceLabel(top)}, ${top.date}): a price is per GPU-hour,`
    + ` so an ${GPUS_PER_INSTANCE}-GPU instance's is divided by ${GPUS_PER_INSTANCE} (${hourlyUsd(usdPerGpuHour / GPUS_PER_INSTANCE)})`
    + ` and a monthly one by ${HOURS_PER_MONTH} hours (${hourlyUsd(usdPerGpuHour / HOURS_PER_MONTH)}); a quote above the list is charged as given`;
}
