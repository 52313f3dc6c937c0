/**
 * Compute-optimal model size and data for a compute budget, after Hoffmann et al. 2022,
 * "Training Compute-Optimal Large Language Models" (Chinchilla). Pure.
 *
 * Training compute C ≈ 6·N·D FLOPs (N parameters, D tokens; Kaplan et al. 2020 §2.1, used by
 * Hoffmann et al. §3).
 *
 * Rule of thumb: about 20 tokens per parameter (Chinchilla itself: 70B parameters, 1.4T tokens,
 * Table 1 / §4), so D = 20·N and C = 6·N·20N = 120·N², giving N = sqrt(C / 120), D = 20·N.
 *
 * Fitted loss (Approach 3, §3.3, Eq. 2 with the fit of Eq. 10 / Appendix D.2):
 *   L(N, D) = E + A / N^α + B / D^β,  E = 1.69, A = 406.4, B = 410.7, α = 0.34, β = 0.28
 * Its own compute-optimal allocation under C = 6ND (Eq. 4):
 *   N_opt(C) = G·(C/6)^a,  D_opt(C) = G⁻¹·(C/6)^b,  G = (αA / (βB))^(1/(α+β)),  a = β/(α+β),  b = α/(α+β).
 * Note: the published constants are rounded; Besiroglu et al. 2024 ("Chinchilla Scaling: A
 * replication attempt") show the rounding moves the law's optimum to smaller models than the
 * paper's Approaches 1 and 2 (which agree with the 20-tokens rule), so both are shown.
 */

export const CHINCHILLA = {
  E: 1.69,
  A: 406.4,
  B: 410.7,
  alpha: 0.34,
  beta: 0.28,
  tokensPerParam: 20,
  flopsPerParamToken: 6,
} as const;

export const CHINCHILLA_CITATION = 'Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", §3.3 (Eq. 10) and Eq. 4';
/** Where the ~20 tokens a parameter comes from (CHINCHILLA.tokensPerParam): Chinchilla itself, 70B parameters on 1.4T tokens. */
export const CHINCHILLA_RULE_CITATION = 'Hoffmann et al. 2022, Table 1 / §4 (70B parameters, 1.4T tokens)';

export interface Allocation {
  params: number;
  tokens: number;
  /** The law's loss at (params, tokens), in nats per token. */
  loss: number;
}

/** L(N, D) = E + A/N^α + B/D^β (Hoffmann et al. 2022, Eq. 2 with the Approach 3 fit). */
export function chinchillaLoss(params: number, tokens: number): number {
  const c = CHINCHILLA;
  return c.E + c.A / params ** c.alpha + c.B / tokens ** c.beta;
}

/** ~20 tokens per parameter with C = 6ND: N = sqrt(C / (6·20)), D = 20·N. */
export function ruleOfThumb(computeFlops: number): Allocation {
  const { tokensPerParam, flopsPerParamToken } = CHINCHILLA;
  const params = Math.sqrt(computeFlops / (flopsPerParamToken * tokensPerParam));
  const tokens = tokensPerParam * params;
  return { params, tokens, loss: chinchillaLoss(params, tokens) };
}

/** The exponents and G of the loss law's compute-optimal frontier (Eq. 4). */
export function lawExponents(): { a: number; b: number; G: number } {
  const c = CHINCHILLA;
  const s = c.alpha + c.beta;
  return { a: c.beta / s, b: c.alpha / s, G: ((c.alpha * c.A) / (c.beta * c.B)) ** (1 / s) };
}

/** The loss law's own minimiser of L(N, D) subject to 6ND = C. */
export function lawOptimal(computeFlops: number): Allocation {
  const { a, b, G } = lawExponents();
  const x = computeFlops / CHINCHILLA.flopsPerParamToken;
  const params = G * x ** a;
  const tokens = x ** b / G;
  return { params, tokens, loss: chinchillaLoss(params, tokens) };
}

/** 6·N·D */
export function trainingFlops(params: number, tokens: number): number {
  return CHINCHILLA.flopsPerParamToken * params * tokens;
}
