/**
 * Whether one wording of a stage gets invoices paid more often than the other, in a collections team's words:
 * - each arm (variant A, variant B) counts the invoices its notices listed and how many of them were paid
 *   within N days after the notice;
 * - the two shares paid are compared with a two-proportion z-test on the pooled share:
 *   z = (p_B − p_A) ÷ √(p̂ (1 − p̂) (1/n_A + 1/n_B)), p̂ = (paid_A + paid_B) ÷ (n_A + n_B), and the p-value
 *   is two-sided, 2 (1 − Φ(|z|));
 * - below `MIN_PER_ARM` invoices in either arm there is "not enough data yet": no z, no p-value, no verdict;
 * - a p-value under `SIGNIFICANCE` (0.05) means the difference is unlikely to be chance.
 */
export const MIN_PER_ARM = 30
export const SIGNIFICANCE = 0.05

export type ArmCounts = { listed: number; paid: number }

export type VariantTest =
  | { status: "not_enough_data"; min_per_arm: number; z: null; p_value: null; difference: number | null }
  | { status: "significant" | "not_significant"; min_per_arm: number; z: number; p_value: number; difference: number }

const share = (arm: ArmCounts) => (arm.listed ? arm.paid / arm.listed : null)

/** The two-proportion z-test of B against A; `difference` is p_B − p_A (rounded to 4 places). */
export function compareVariants(a: ArmCounts, b: ArmCounts, minPerArm = MIN_PER_ARM): VariantTest {
  const pa = share(a)
  const pb = share(b)
  const difference = pa === null || pb === null ? null : round(pb - pa, 4)
  if (a.listed < minPerArm || b.listed < minPerArm || difference === null) {
    return { status: "not_enough_data", min_per_arm: minPerArm, z: null, p_value: null, difference }
  }
  const pooled = (a.paid + b.paid) / (a.listed + b.listed)
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.listed + 1 / b.listed))
  // every invoice paid, or none, in both arms: no difference to see
  const z = se === 0 ? 0 : (pb! - pa!) / se
  const pValue = Math.min(1, 2 * (1 - normalCdf(Math.abs(z))))
  return {
    status: pValue < SIGNIFICANCE ? "significant" : "not_significant",
    min_per_arm: minPerArm,
    z: round(z, 4),
    p_value: round(pValue, 4),
    difference,
  }
}

/** Φ(x), the standard normal distribution function, from erf (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2))
}

function erf(x: number): number {
  const sign = x < 0 ? -1 : 1
  const t = 1 / (1 + 0.3275911 * Math.abs(x))
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  return sign * (1 - poly * Math.exp(-x * x))
}

function round(value: number, places: number): number {
  const f = 10 ** places
  return Math.round(value * f) / f
}
