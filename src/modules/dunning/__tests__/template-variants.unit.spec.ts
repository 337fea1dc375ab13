import { sameWording, templatesOfVariant, variantBucket, variantFor } from "../domain/template-variants"
import { variantComparisons } from "../analytics/variant-rates"
import { compareVariants, MIN_PER_ARM, normalCdf } from "../domain/variant-significance"

const B = { subject_template: "Still open: {{totals.0.outstanding}}", body_html_template: "<p>B</p>", body_text_template: null, translations: null }
const stage = { subject_template: "A", body_html_template: "<p>A</p>", body_text_template: null, translations: { de: { subject_template: "A de" } }, variant_b: B, variant_split: 50 }

describe("template variants: who reads which wording", () => {
  it("gives a customer the same variant at a stage every time, and the hash is fixed across releases", () => {
    expect(variantBucket("cus_01", "dstg_01")).toBe(variantBucket("cus_01", "dstg_01"))
    // pinned: a change of the hash would move customers between wordings in the middle of a comparison
    expect(variantBucket("cus_01", "dstg_01")).toBe(PINNED.cus_01_dstg_01)
    expect(variantBucket("cus_02", "dstg_01")).toBe(PINNED.cus_02_dstg_01)
  })

  it("splits customers in the proportion asked for (10,000 customers, within 2 points)", () => {
    for (const split of [10, 50, 80]) {
      let b = 0
      for (let i = 0; i < 10_000; i++) {
        b += variantFor(`cus_${i}`, "dstg_x", { variant_b: B, variant_split: split }) === "B" ? 1 : 0
      }
      expect(Math.abs(b / 100 - split)).toBeLessThan(2)
    }
  })

  it("raising the share moves only customers from A to B, never back", () => {
    for (let i = 0; i < 2_000; i++) {
      const at30 = variantFor(`cus_${i}`, "dstg_x", { variant_b: B, variant_split: 30 })
      const at60 = variantFor(`cus_${i}`, "dstg_x", { variant_b: B, variant_split: 60 })
      if (at30 === "B") {
        expect(at60).toBe("B")
      }
    }
  })

  it("sends A to everyone without a variant B or a share, and without a stage", () => {
    expect(variantFor("cus_1", "dstg_x", { variant_b: null, variant_split: 50 })).toBe("A")
    expect(variantFor("cus_1", "dstg_x", { variant_b: B, variant_split: null })).toBe("A")
    expect(variantFor("cus_1", null, { variant_b: B, variant_split: 99 })).toBe("A")
  })

  it("renders B from its own templates and translations, A from the stage's", () => {
    expect(templatesOfVariant(stage, "A")).toMatchObject({ subject_template: "A", translations: { de: { subject_template: "A de" } } })
    expect(templatesOfVariant(stage, "B")).toMatchObject({ subject_template: B.subject_template, body_html_template: "<p>B</p>", translations: null })
  })

  it("sees a change of wording, of B or of the share, and not a change of key order", () => {
    expect(sameWording(stage, { ...stage })).toBe(true)
    expect(sameWording(stage, { ...stage, translations: { de: { subject_template: "A de" } } })).toBe(true)
    expect(sameWording(stage, { ...stage, subject_template: "A2" })).toBe(false)
    expect(sameWording(stage, { ...stage, variant_split: 40 })).toBe(false)
    expect(sameWording(stage, { ...stage, variant_b: { ...B, body_html_template: "<p>B2</p>" } })).toBe(false)
  })
})

describe("two-proportion z-test of variant B against A (hand-computed)", () => {
  it("A 40/100 paid, B 55/100: pooled 0.475, se 0.070622, z 2.1240, p 0.0337, significant", () => {
    expect(compareVariants({ listed: 100, paid: 40 }, { listed: 100, paid: 55 })).toEqual({
      status: "significant", min_per_arm: MIN_PER_ARM, z: 2.124, p_value: 0.0337, difference: 0.15,
    })
  })

  it("A 20/50, B 25/50: z 1.0050, p 0.3149, not significant", () => {
    expect(compareVariants({ listed: 50, paid: 20 }, { listed: 50, paid: 25 })).toEqual({
      status: "not_significant", min_per_arm: MIN_PER_ARM, z: 1.005, p_value: 0.3149, difference: 0.1,
    })
  })

  it("A 120/200, B 60/150: B worse, z −3.7048, p 0.0002", () => {
    expect(compareVariants({ listed: 200, paid: 120 }, { listed: 150, paid: 60 })).toMatchObject({ z: -3.7048, p_value: 0.0002, difference: -0.2 })
  })

  it("says 'not enough data yet' below 30 invoices in either arm, and has no verdict then", () => {
    expect(compareVariants({ listed: 29, paid: 10 }, { listed: 500, paid: 100 })).toEqual({
      status: "not_enough_data", min_per_arm: 30, z: null, p_value: null, difference: round(100 / 500 - 10 / 29),
    })
    expect(compareVariants({ listed: 30, paid: 10 }, { listed: 30, paid: 10 }).status).toBe("not_significant")
    expect(compareVariants({ listed: 0, paid: 0 }, { listed: 40, paid: 1 }).difference).toBeNull()
  })

  it("sees no difference when both arms paid everything or nothing", () => {
    expect(compareVariants({ listed: 30, paid: 0 }, { listed: 30, paid: 0 })).toMatchObject({ z: 0, p_value: 1, status: "not_significant" })
  })

  it("Φ matches the table: Φ(0) 0.5, Φ(1.96) 0.9750, Φ(−1) 0.1587", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6)
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4)
    expect(normalCdf(-1)).toBeCloseTo(0.1587, 4)
  })
})

function round(x: number) {
  return Math.round(x * 10_000) / 10_000
}

const PINNED = { cus_01_dstg_01: 83, cus_02_dstg_01: 42 }

describe("the comparison of variants from the notice lines (analytics/variant-rates)", () => {
  const row = (variant: "A" | "B", receivables: number, paid: number, amount: string, paidAmount: string, channel = "email") => ({
    currency_code: "eur", stage_key: "dstg_1", stage_name: "Overdue", stage_offset_days: 5, variant, channel,
    notices: receivables, receivables, amount, paid_count: paid, paid_amount: paidAmount,
  })

  it("puts A and B of a stage and channel side by side, adds money as decimals, and tests B against A", () => {
    const [comparison] = variantComparisons([row("A", 100, 40, "1000.10", "400.05"), row("B", 100, 55, "999.90", "550.45")]).get("eur")!
    expect(comparison).toEqual({
      stage_id: "dstg_1", stage_name: "Overdue", channel: "email",
      a: { variant: "A", notices: 100, receivables: 100, paid_count: 40, paid_rate: 0.4, amount: 1000.1, recovered_amount: 400.05 },
      b: { variant: "B", notices: 100, receivables: 100, paid_count: 55, paid_rate: 0.55, amount: 999.9, recovered_amount: 550.45 },
      test: { status: "significant", min_per_arm: 30, z: 2.124, p_value: 0.0337, difference: 0.15 },
    })
  })

  it("keeps channels apart and says 'not enough data yet' for an arm with no notices", () => {
    const comparisons = variantComparisons([row("A", 40, 10, "40", "10"), row("B", 35, 20, "35", "20", "webhook")]).get("eur")!
    expect(comparisons.map((c) => [c.channel, !!c.a, !!c.b, c.test.status])).toEqual([
      ["email", true, false, "not_enough_data"],
      ["webhook", false, true, "not_enough_data"],
    ])
  })
})
