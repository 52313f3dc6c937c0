/** `flopcast prices`: every price entry of the profiles, with the default each kind resolves to. Pure. */
import { compareText } from '../input/name.js';
import type { HardwareProfile, Price } from '../hardware/toProfile.js';
import { appliesOn, choosePrice, isAfter, isExpired, isStale, priceLabel, ESTABLISHED_TIERS, STALE_AFTER_MONTHS, type PriceChoice } from '../pricing/policy.js';
import { hourlyFigure, hourlyUsd } from './format.js';
import { table } from './table.js';

export interface PriceListing {
  profile: HardwareProfile;
  /** The default (median of established clouds) per kind and term, or why there is none. */
  defaults: { label: string; choice: PriceChoice | null; reason?: string }[];
}

export function priceListing(profile: HardwareProfile, today: string): PriceListing {
  const labels = [...new Map(profile.prices.filter((p) => appliesOn(p, today)).map((p) => [priceLabel(p), p])).values()];
  const defaults = labels.map((p) => {
    try {
      return { label: priceLabel(p), choice: choosePrice(profile, { kind: p.kind, today, ...(p.termHours !== undefined ? { termHours: p.termHours } : {}) }) };
    } catch (err) {
      return { label: priceLabel(p), choice: null, reason: err instanceof Error ? err.message : String(err) };
    }
  });
  return { profile, defaults };
}

/** A price's standing on `today` (expired, dated after it, over 12 months old, not a default): `prices` and `hardware show` alike. */
export function priceStatus(p: Price, today: string): string {
  if (isExpired(p, today)) return `expired ${p.expires}`;
  if (isAfter(p, today)) return `dated after ${today}: not used`;
  const flags = [isStale(p, today) ? `over ${STALE_AFTER_MONTHS} months old` : '', !ESTABLISHED_TIERS.includes(p.tier) ? 'not a default (tier)' : '', p.confidence === 'uncertain' ? 'not a default (uncertain)' : ''].filter(Boolean);
  return flags.join('; ');
}

function stated(p: Price): string {
  return p.stated.unit === 'instance-hour' ? `${hourlyUsd(p.stated.usd)}/instance-h ÷ ${p.stated.gpusPerInstance}` : `${hourlyUsd(p.stated.usd)}/GPU-h`;
}

export function pricesText(listings: readonly PriceListing[], today: string): string {
  return listings.map(({ profile, defaults }) => {
    // The heading says what a provider's figure is (lead trial 23): H100's default named 'Lambda $3.49', a price no row
    // lists (the median of Lambda's $2.99 and $3.99 of 2026-05-18).
    if (!profile.prices.length) return `${profile.id}: no prices${profile.notes ? ` (${profile.notes})` : ''}\n`;
    const rows = [...profile.prices]
      .sort((a, b) => compareText(priceLabel(a), priceLabel(b)) || a.usdPerHour - b.usdPerHour)
      .map((p) => [priceLabel(p), hourlyFigure(p.usdPerHour), stated(p), p.provider + (p.offer ? ` ${p.offer}` : ''), p.region ?? '', p.tier, p.date, p.confidence, priceStatus(p, today), p.source]);
    const body = table(
      [{ header: 'kind' }, { header: '$/GPU-h', align: 'right' }, { header: 'as stated' }, { header: 'provider' }, { header: 'region' }, { header: 'tier' }, { header: 'date' }, { header: 'confidence' }, { header: 'status' }, { header: 'source' }],
      rows,
    );
    const d = defaults.map((x) => `  ${x.label}: ${x.choice ? `${hourlyUsd(x.choice.usdPerGpuHour)}/GPU-h, ${x.choice.source}` : `no default (${x.reason})`}`);
    // A today before every listing leaves no kind with a price that applies: said, where an empty list was printed.
    const listed = d.length ? d.join('\n') : `  none: no price applies on ${today} (each is expired or dated after it)`;
    // The profile's name after a comma, as run's cluster line writes it: in parentheses it nested its own, `b200 (B200
    // (HGX/DGX B200, Blackwell, 1000 W))` (new-user trial 25; hostile sweep 17 fixed run's).
    return `${profile.id}, ${profile.name}: prices as of ${today}\n\n${body}\n\ndefaults (the median of established clouds' list prices, one figure per provider, the median of its newest-dated entries; those dated within ${STALE_AFTER_MONTHS} months where there are any, else older ones, warned):\n${listed}\n`;
  }).join('\n');
}

export function pricesJson(listings: readonly PriceListing[], today: string): Record<string, unknown> {
  return {
    today,
    policy: `median of the list prices of established clouds (tiers ${ESTABLISHED_TIERS.join(', ')}, confidence not uncertain, not expired, dated on or before today), one figure per provider; entries dated within ${STALE_AFTER_MONTHS} months when there are any`,
    hardware: listings.map(({ profile, defaults }) => ({
      id: profile.id,
      prices: profile.prices.map((p) => ({
        provider: p.provider, offer: p.offer ?? null, tier: p.tier, region: p.region ?? null, kind: p.kind, term: p.term ?? null, term_hours: p.termHours ?? null,
        usd_per_gpu_hour: p.usdPerHour, stated_usd: p.stated.usd, stated_unit: p.stated.unit, gpus_per_instance: p.stated.gpusPerInstance,
        date: p.date, expires: p.expires ?? null, expired: isExpired(p, today), stale: isStale(p, today), future: isAfter(p, today), confidence: p.confidence, source: p.source, note: p.note ?? null,
      })),
      defaults: defaults.map((x) => ({
        kind: x.label,
        usd_per_gpu_hour: x.choice?.usdPerGpuHour ?? null,
        price_source: x.choice?.source ?? null,
        price_providers: x.choice?.providers ?? [],
        reason: x.reason ?? null,
      })),
    })),
  };
}
