/**
 * The scenario's `pricing:` block: its schema (a price per GPU-hour, a kind from the GPU profile, or an
 * owned cluster's purchase) and the rules between its keys. src/scenario/schema.ts places it in the scenario.
 */
import { z } from 'zod';
import { int } from '../report/format.js';
import { listed } from '../input/listed.js';
import { LIMIT_REASONS, LIMITS } from '../input/limits.js';
import { COMMITTED_KINDS, kindText, PRICE_KINDS, profileKind, scenarioSpelling, SCENARIO_PRICE_KINDS, TERM_KINDS, type PriceKind } from '../pricing/kinds.js';
import { termHoursOrError } from '../pricing/term.js';
import { bounded, gpuHourPrice, gpuPurchasePrice, kwhPrice, nonNegative, perGpuUsd, positive, positiveInt, pue, ranged, value } from './values.js';
import { describeNumber } from '../input/errors.js';

const ON_DEMAND = scenarioSpelling('on-demand');
const saidAs = (kinds: readonly PriceKind[], conjunction: 'or' | 'and') => listed(kinds.map(scenarioSpelling), conjunction);

const term = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const hours = termHoursOrError(v);
  if (typeof hours === 'string') {
    ctx.addIssue({ code: 'custom', message: hours });
    return z.NEVER;
  }
  return hours;
}).meta({ description: 'Commitment term with its unit: 1y, 3y, 6 months, 14 days. A run longer than the term renews it (whole terms).' });

/** The pricing keys of kind: owned alone (scenario/matrix.ts: a price given replaces them). */
export const OWNED_KEYS = ['capex_usd_per_gpu', 'capex_usd_per_node', 'gpus_per_node', 'interconnect_usd_per_gpu', 'amortization_years', 'hosting_usd_per_gpu_year', 'usd_per_kwh', 'pue', 'compare_with'] as const;

export const PricingSchema = z
  .strictObject({
    usd_per_gpu_hour: ranged(gpuHourPrice(), 'Price per GPU-hour in USD.').optional(),
    kind: z.enum(SCENARIO_PRICE_KINDS).optional().meta({ description: `${saidAs(PRICE_KINDS, 'or')}: a price of that kind from the GPU profile (the median of established clouds unless a provider is named), or the kind of usd_per_gpu_hour; owned: the amortised cost of buying the cluster.` }),
    term: term.optional(),
    provider: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional().meta({
      description: 'With kind: this provider\'s price (substring match); a list is tried in order, so one file can price several GPUs.',
    }),
    currency: z.string().optional().refine((c) => c === undefined || c === 'USD', { message: 'only USD is supported | convert the price to USD at a stated rate and date, and give usd_per_gpu_hour' }),
    interruption_overhead: value('number', 'kind: spot: the share of wall-clock lost to preemptions (restarts, lost steps); it lengthens the run like goodput.', { percent: true })
      .pipe(z.number().min(0).lt(1)).optional(),
    // The descriptions give the bounds in their reasons' words (input/limits.ts LIMIT_REASONS, the hints of their refusals):
    // they restated them ("about 400 times the dearest bundled purchase, $25,734 per H100"), to drift apart.
    capex_usd_per_gpu: gpuPurchasePrice(`kind: owned: purchase price per GPU, its share of the server included: ${LIMIT_REASONS.purchase}; ${LIMIT_REASONS.perGpuUsd}.`).optional(),
    capex_usd_per_node: positive('number', `kind: owned: purchase price per server (node): per GPU, $${LIMITS.minUsdPerGpu} to $${int(LIMITS.maxUsdPerGpu)}, as capex_usd_per_gpu.`).optional(),
    gpus_per_node: positiveInt('kind: owned: GPUs per server, with capex_usd_per_node.').optional(),
    interconnect_usd_per_gpu: perGpuUsd(`kind: owned: the cluster network (switches, optics, cables) per GPU (Cottier et al. 2024 count it in the amortised hardware): at most $${int(LIMITS.maxUsdPerGpu)}, as a purchase price.`).optional(),
    amortization_years: bounded('number', z.number().min(LIMITS.minAmortizationYears, `at least ${LIMITS.minAmortizationYears} | ${LIMIT_REASONS.amortizationYears}`).max(LIMITS.amortizationYears, `at most ${LIMITS.amortizationYears} | ${LIMIT_REASONS.amortizationYears}`), `kind: owned: years over which the hardware is depreciated (straight line): ${LIMIT_REASONS.amortizationYears}.`).optional(),
    hosting_usd_per_gpu_year: perGpuUsd(`kind: owned: data-centre space, maintenance and staff per GPU per year: ${LIMIT_REASONS.hostingUsd}.`, LIMIT_REASONS.hostingUsd, 'year').optional(),
    usd_per_kwh: kwhPrice(`kind: owned: electricity price per kWh (replaces energy.usd_per_kwh): ${LIMIT_REASONS.electricityRange}.`).optional(),
    pue: pue('kind: owned: the data centre\'s PUE (replaces energy.pue).').optional(),
    compare_with: z.union([z.literal(ON_DEMAND), z.strictObject({ usd_per_gpu_hour: gpuHourPrice(), provider: z.string().min(1).optional() }), z.strictObject({ provider: z.string().min(1) })]).optional()
      .meta({ description: `kind: owned: the rental price to compare with (${ON_DEMAND} = the default ${kindText(ON_DEMAND)} price): break-even utilisation and months.` }),
    fixed_usd: nonNegative('number', 'Fixed costs (storage, staff, data) in USD.').default(0),
  })
  .superRefine((p, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (p.kind === undefined && p.usd_per_gpu_hour === undefined) {
      // A field of one kind given names it: `capex_usd_per_gpu` alone was told "e.g. kind: on_demand", which then refuses it.
      // (usd_per_kwh and pue have a home in energy: for a rented cluster, that is likely the one meant.)
      const owned = OWNED_KEYS.find((k) => k !== 'usd_per_kwh' && k !== 'pue' && p[k] !== undefined);
      const of = owned !== undefined ? [owned, 'owned'] : p.interruption_overhead !== undefined ? ['interruption_overhead', 'spot'] : undefined;
      issue('kind', `give kind or usd_per_gpu_hour | ${of ? `${of[0]} is kind: ${of[1]}'s: write kind: ${of[1]}` : `e.g. kind: ${ON_DEMAND}, or usd_per_gpu_hour: 2.5`}`);
    }
    if (p.kind === 'owned') {
      if (p.usd_per_gpu_hour !== undefined) issue('usd_per_gpu_hour', 'kind: owned computes the hourly cost from the purchase | drop usd_per_gpu_hour, or use kind: reserved for a rented rate');
      if (p.provider !== undefined) issue('provider', 'kind: owned has no provider | compare_with: {provider: ...} compares with a rental');
      if ((p.capex_usd_per_gpu === undefined) === (p.capex_usd_per_node === undefined)) issue('capex_usd_per_gpu', 'give one of capex_usd_per_gpu and capex_usd_per_node | e.g. capex_usd_per_node: 300k with gpus_per_node: 8');
      if (p.capex_usd_per_node !== undefined && p.gpus_per_node === undefined) issue('gpus_per_node', 'capex_usd_per_node needs gpus_per_node | e.g. gpus_per_node: 8 for an HGX server');
      // Per GPU, as the price is used (pricing.ts): capex_usd_per_gpu's least, LIMITS.minUsdPerGpu.
      else if (p.capex_usd_per_node !== undefined && p.capex_usd_per_node / p.gpus_per_node! < LIMITS.minUsdPerGpu) {
        issue('capex_usd_per_node', `expected at least ${LIMITS.minUsdPerGpu} per GPU, found ${p.capex_usd_per_node} per server of ${p.gpus_per_node} GPUs | ${LIMIT_REASONS.purchase}`);
      } else if (p.capex_usd_per_node !== undefined && p.capex_usd_per_node / p.gpus_per_node! > LIMITS.maxUsdPerGpu) {
        issue('capex_usd_per_node', `expected at most ${LIMITS.maxUsdPerGpu} per GPU, found ${describeNumber(p.capex_usd_per_node)} per server of ${p.gpus_per_node} GPUs | ${LIMIT_REASONS.perGpuUsd}`);
      }
      if (p.amortization_years === undefined) issue('amortization_years', 'kind: owned needs amortization_years | e.g. 4 (Cottier et al. 2024 depreciate accelerators over about four years)');
    } else {
      for (const k of OWNED_KEYS) if (p[k] !== undefined) issue(k, `${k} only applies to kind: owned`);
    }
    if (p.usd_per_gpu_hour !== undefined && p.provider !== undefined) issue('provider', 'give provider (a price from the profile) or usd_per_gpu_hour, not both');
    const kind = profileKind(p.kind);
    if (kind !== undefined && TERM_KINDS.includes(kind) && p.term === undefined) issue('term', `kind: ${p.kind} needs its term | e.g. term: 1y, term: 3y or term: 6 months`);
    if (p.term !== undefined && !(kind !== undefined && COMMITTED_KINDS.includes(kind))) issue('term', `term only applies to kind: ${saidAs(COMMITTED_KINDS, 'or')}`);
    if (p.kind === 'spot' && p.interruption_overhead === undefined) issue('interruption_overhead', 'kind: spot needs interruption_overhead, the share of wall-clock lost to preemptions | e.g. interruption_overhead: 0.1');
    if (p.interruption_overhead !== undefined && p.kind !== 'spot') issue('interruption_overhead', 'interruption_overhead only applies to kind: spot');
  });
