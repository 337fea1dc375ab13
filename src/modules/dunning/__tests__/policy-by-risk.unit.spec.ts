import { choosePolicy, DEFAULT_POLICY, highRiskPolicy, policyProblems, type PolicyForChoice } from "../domain/policy"
import { policyChangeNote, policyChangeOf } from "../domain/policy-change"

// ids sort as they were created: "dpol_01A" is older than "dpol_01B"
const policy = (id: string, name: string, fields: Partial<PolicyForChoice> = {}) => ({
  id,
  name,
  is_default: false,
  enabled: true,
  priority: 0,
  customer_group_ids: null,
  risk_bands: null,
  ...fields,
})

const standard = policy("dpol_01A", "Standard collections", { is_default: true })
const highRisk = policy("dpol_01B", "High risk", { risk_bands: ["high"], priority: 100 })
const wholesale = policy("dpol_01C", "Wholesale", { customer_group_ids: ["grp_wholesale"], priority: 10 })
const wholesaleHigh = policy("dpol_01D", "Wholesale high risk", { customer_group_ids: ["grp_wholesale"], risk_bands: ["high", "medium"], priority: 5 })

const chosen = (policies: PolicyForChoice[], customer: Parameters<typeof choosePolicy>[1]) => choosePolicy(policies, customer)?.id ?? null

describe("choosePolicy by risk band", () => {
  it("gives a customer in a band the policy for that band, and others the default", () => {
    const all = [standard, highRisk]
    expect(chosen(all, { group_ids: [], risk_band: "high" })).toBe(highRisk.id)
    expect(chosen(all, { group_ids: [], risk_band: "medium" })).toBe(standard.id)
    expect(chosen(all, { group_ids: ["grp_wholesale"], risk_band: "high" })).toBe(highRisk.id)
  })

  it("puts a customer not scored yet in no band", () => {
    expect(chosen([standard, highRisk], { group_ids: [] })).toBe(standard.id)
    expect(chosen([standard, highRisk], { group_ids: [], risk_band: null })).toBe(standard.id)
  })

  it("asks a policy with groups and bands to match both", () => {
    const all = [standard, wholesaleHigh]
    expect(chosen(all, { group_ids: ["grp_wholesale"], risk_band: "medium" })).toBe(wholesaleHigh.id)
    // in the group, in another band
    expect(chosen(all, { group_ids: ["grp_wholesale"], risk_band: "low" })).toBe(standard.id)
    // in the band, not in the group
    expect(chosen(all, { group_ids: ["grp_retail"], risk_band: "high" })).toBe(standard.id)
  })

  it("orders band and group policies by one priority, the oldest first on a tie", () => {
    // High risk (100) over Wholesale (10) over Wholesale high risk (5)
    expect(chosen([standard, wholesale, wholesaleHigh, highRisk], { group_ids: ["grp_wholesale"], risk_band: "high" })).toBe(highRisk.id)
    expect(chosen([standard, wholesale, wholesaleHigh], { group_ids: ["grp_wholesale"], risk_band: "high" })).toBe(wholesale.id)
    const sameRank = { ...highRisk, priority: 10 }
    expect(chosen([standard, sameRank, wholesale], { group_ids: ["grp_wholesale"], risk_band: "high" })).toBe(sameRank.id)
  })

  it("passes over a disabled band policy, as the shipped High risk policy is until enabled", () => {
    expect(chosen([standard, { ...highRisk, enabled: false }], { group_ids: [], risk_band: "high" })).toBe(standard.id)
  })

  it("keeps a pinned policy whatever the band", () => {
    expect(chosen([standard, highRisk, wholesale], { pinned_policy_id: wholesale.id, group_ids: [], risk_band: "high" })).toBe(wholesale.id)
  })
})

describe("policyChangeOf", () => {
  const change = { id: "crskc_1", from_band: "medium", to_band: "high", changed_at: new Date("2026-06-15T02:40:00Z") }

  it("says so when the change of band moved the customer to another policy", () => {
    const moved = policyChangeOf([standard, highRisk], { group_ids: [] }, { band: "high", change })
    expect(moved).toEqual({
      change_id: "crskc_1",
      from_band: "medium",
      to_band: "high",
      from_policy: { id: standard.id, name: "Standard collections" },
      to_policy: { id: highRisk.id, name: "High risk" },
    })
    expect(policyChangeNote(moved!)).toBe("Policy changed: risk medium → high, now under 'High risk'")
  })

  it("says nothing when both bands have the same policy, the customer is pinned, or no change is kept", () => {
    expect(policyChangeOf([standard, { ...highRisk, enabled: false }], { group_ids: [] }, { band: "high", change })).toBeNull()
    expect(policyChangeOf([standard, highRisk], { pinned_policy_id: standard.id, group_ids: [] }, { band: "high", change })).toBeNull()
    expect(policyChangeOf([standard, highRisk], { group_ids: [] }, { band: "high", change: null })).toBeNull()
  })

  it("says so on the way down too", () => {
    const down = { id: "crskc_2", from_band: "high", to_band: "medium", changed_at: new Date("2026-07-01T02:40:00Z") }
    expect(policyChangeOf([standard, highRisk], { group_ids: [] }, { band: "medium", change: down })?.to_policy.name).toBe("Standard collections")
  })
})

describe("the shipped High risk policy", () => {
  const shipped = highRiskPolicy({ ...DEFAULT_POLICY, cc: ["collections@shop.example"] })

  it("is stricter than the default: earlier first notice, shorter re-send, earlier escalation, the manager in CC", () => {
    expect(shipped.risk_bands).toEqual(["high"])
    expect(shipped.enabled).toBe(false)
    expect(shipped.is_default).toBe(false)
    expect(shipped.tolerance_days).toBeLessThan(DEFAULT_POLICY.tolerance_days)
    expect(shipped.resend_days).toBeLessThan(DEFAULT_POLICY.resend_days)
    expect(shipped.cc).toEqual(["collections@shop.example"])
    const escalation = (p: typeof shipped) => p.stages.find((s) => s.action === "escalate")!.offset_days
    expect(escalation(shipped)).toBeLessThan(escalation(DEFAULT_POLICY))
    expect(policyProblems(shipped)).toEqual([])
  })

  it("refuses risk bands on the default policy, and a band listed twice", () => {
    const fields = policyProblems({ ...DEFAULT_POLICY, risk_bands: ["high"] }).map((p) => p.field)
    expect(fields).toContain("risk_bands")
    expect(policyProblems({ ...shipped, risk_bands: ["high", "high"] }).map((p) => p.field)).toContain("risk_bands")
  })
})
