/**
 * Owning the cluster: the amortised cost of a GPU-hour, and when owning beats renting. Pure.
 *
 * Cost structure after Cottier et al. 2024, "The rising costs of training frontier AI models"
 * (arXiv:2405.21015, §2 and Appendix A; Epoch AI's amortised hardware cost method): the hardware
 * (accelerators, the rest of the server, the cluster-level interconnect) is depreciated linearly
 * over its life and charged for the hours the run holds it; energy is charged for the energy the
 * run draws (here from the TDP, the power fraction and the PUE); hosting (space, maintenance,
 * staff) is a yearly cost per GPU. Per GPU-hour, a year being 8,760 h:
 *   hardware = (capex per GPU + interconnect per GPU) / (amortisation years × 8,760)
 *   hosting  = hosting per GPU-year / 8,760
 *   energy   = TDP kW × power fraction × PUE × $/kWh        (in the run's energy cost)
 * Renting at R $/GPU-h (power included) against owning used a fraction u of the hours:
 *   owning per used GPU-hour = (hardware + hosting) / u + energy
 *   break-even utilisation  u* = (hardware + hosting) / (R − energy)
 *   break-even months       m* = capex / (730 × (R − energy − hosting)): the months of renting
 *                           at full use whose cost, above what owning costs to run, buys the hardware.
 */
import { HOURS_PER_MONTH, HOURS_PER_YEAR } from '../input/calendar.js';
import { grouped, hourlyUsd } from '../report/format.js';

export interface OwnedInputs {
  capexUsdPerGpu: number;
  interconnectUsdPerGpu: number;
  amortizationYears: number;
  hostingUsdPerGpuYear: number;
  usdPerKwh: number;
  pue: number;
  /** Average draw per GPU in kW: TDP × power fraction (0 when the profile has no TDP). */
  gpuKw: number;
}

export interface OwnedCost {
  inputs: OwnedInputs;
  hardwareUsdPerGpuHour: number;
  hostingUsdPerGpuHour: number;
  energyUsdPerGpuHour: number;
  /** What the run is charged per GPU-hour besides energy: hardware + hosting. */
  usdPerGpuHour: number;
  /** hardware + hosting + energy. */
  allInUsdPerGpuHour: number;
}

export function ownedCost(i: OwnedInputs): OwnedCost {
  const hardwareUsdPerGpuHour = (i.capexUsdPerGpu + i.interconnectUsdPerGpu) / (i.amortizationYears * HOURS_PER_YEAR);
  const hostingUsdPerGpuHour = i.hostingUsdPerGpuYear / HOURS_PER_YEAR;
  const energyUsdPerGpuHour = i.gpuKw * i.pue * i.usdPerKwh;
  const usdPerGpuHour = hardwareUsdPerGpuHour + hostingUsdPerGpuHour;
  return { inputs: i, hardwareUsdPerGpuHour, hostingUsdPerGpuHour, energyUsdPerGpuHour, usdPerGpuHour, allInUsdPerGpuHour: usdPerGpuHour + energyUsdPerGpuHour };
}

export interface BreakEven {
  rentUsdPerGpuHour: number;
  rentSource: string;
  /** Share of the hours the owned cluster must be busy to cost no more than renting; null if renting is cheaper than owning's energy alone. May exceed 1 (owning never pays). */
  utilization: number | null;
  /** Months of full use after which owning has cost less than renting; null when renting is cheaper than running owned hardware. */
  months: number | null;
}

export function breakEven(o: OwnedCost, rentUsdPerGpuHour: number, rentSource: string): BreakEven {
  const margin = rentUsdPerGpuHour - o.energyUsdPerGpuHour;
  const monthly = rentUsdPerGpuHour - o.energyUsdPerGpuHour - o.hostingUsdPerGpuHour;
  const capex = o.inputs.capexUsdPerGpu + o.inputs.interconnectUsdPerGpu;
  return {
    rentUsdPerGpuHour, rentSource,
    utilization: margin > 0 ? o.usdPerGpuHour / margin : null,
    months: monthly > 0 ? capex / (HOURS_PER_MONTH * monthly) : null,
  };
}

/** The working, one line per term, with the numbers put in (for text output and the report). */
export function ownedFormula(o: OwnedCost): string[] {
  const i = o.inputs;
  const n = grouped;
  const capex = i.interconnectUsdPerGpu ? `(${n(i.capexUsdPerGpu)} + ${n(i.interconnectUsdPerGpu)})` : n(i.capexUsdPerGpu);
  return [
    `hardware = (capex + interconnect) / (years × 8,760 h) = ${capex} / (${n(i.amortizationYears)} × 8,760) = ${hourlyUsd(o.hardwareUsdPerGpuHour)}/GPU-h`,
    `hosting  = per GPU-year / 8,760 h = ${n(i.hostingUsdPerGpuYear)} / 8,760 = ${hourlyUsd(o.hostingUsdPerGpuHour)}/GPU-h`,
    `energy   = kW × PUE × $/kWh = ${n(i.gpuKw, 4)} × ${n(i.pue)} × ${n(i.usdPerKwh, 4)} = ${hourlyUsd(o.energyUsdPerGpuHour)}/GPU-h (in the energy cost)`,
    `total    = ${hourlyUsd(o.allInUsdPerGpuHour)}/GPU-h (Cottier et al. 2024, arXiv:2405.21015: amortised hardware + energy)`,
  ];
}
