/**
 * The money lines of the report (pure): the commitment a contract obliges, the owned cluster's
 * cost per GPU-hour with its working, rent or buy, and the cells of the price table.
 */
import { sameMoney } from '../../estimate/compare.js';
import type { RunResult } from '../../estimate/run.js';
import { kindText } from '../../pricing/kinds.js';
import { ownedFormula } from '../../pricing/owned.js';
import { usd } from '../format.js';
import { breakEvenText, commitmentFactors } from '../runs.js';
import type { PriceUse } from './assumptions.js';

/** What a finance reader needs besides the total: the commitment, the owned-cost working, rent or buy. */
export function costFacts(r: RunResult): string[] {
  const out: string[] = [];
  const c = r.commitment;
  if (c && !sameMoney(c.usd, r.cost.computeUsd)) {
    out.push(`The ${kindText(r.inputs.price.kind, ' ')} commitment obliges ${usd(c.usd)} (${commitmentFactors(r, ', renewed')}); the run itself uses ${usd(r.cost.computeUsd)} of it.`);
  }
  const p = r.inputs.price;
  if (p.owned) {
    out.push(`Owned cluster, per GPU-hour: ${ownedFormula(p.owned).join('; ')}.`);
    if (p.breakEven) out.push(`Rent or buy: ${breakEvenText(p.breakEven)}. This run rented would cost ${usd(r.gpuHours * p.breakEven.rentUsdPerGpuHour)} in GPU-hours, against ${usd(r.cost.computeUsd + r.cost.energyUsd)} owned (hardware, hosting and energy).`);
  }
  if (p.providers.length > 1) out.push(`Price: ${p.source}.`);
  return out;
}

/**
 * The text cells of a price row, shared by the HTML and Markdown renderers; `source`, the Source cell of a price no
 * profile entry gave (the entries' sources are each renderer's). An owned cluster's price is its amortisation working,
 * a source, not a provider: it stood in the Provider column, the Source column '-'.
 */
export function priceCells(p: PriceUse): { provider: string; kind: string; date: string; confidence: string; source: string } {
  const es = p.entries;
  const uniqJoin = (xs: string[]) => [...new Set(xs)].join(', ');
  const owned = p.kind === 'owned';
  return {
    provider: owned ? 'your own cluster' : p.sourceText === 'scenario' ? 'given in the scenario' : p.sourceText,
    source: owned ? p.sourceText : '-',
    kind: es.length ? uniqJoin(es.map((q) => q.kind + (q.term ? ` (${q.term})` : ''))) : kindText(p.kind),
    date: es.length ? uniqJoin(es.map((q) => q.date)) : '-',
    confidence: es.length ? uniqJoin(es.map((q) => q.confidence)) : '-',
  };
}

/** The cost cell of the options table: the run's cost, and the commitment when it obliges more. */
export function costCell(r: RunResult): string {
  const c = r.commitment;
  return usd(r.cost.totalUsd) + (c && !sameMoney(c.usd, r.cost.computeUsd) ? ` (commitment ${usd(c.usd)})` : '');
}
