import { choosePolicy, type PolicyForChoice } from "../domain/policy"

// ids sort as they were created (Medusa's ids are ULIDs): "dpol_01A" is older than "dpol_01B"
const policy = (id: string, fields: Partial<PolicyForChoice> = {}): PolicyForChoice => ({
  id,
  is_default: false,
  enabled: true,
  priority: 0,
  customer_group_ids: null,
  ...fields,
})

const standard = policy("dpol_00DEFAULT", { is_default: true })
const distributors = policy("dpol_01A", { customer_group_ids: ["grp_dist"], priority: 10 })
const keyAccounts = policy("dpol_01B", { customer_group_ids: ["grp_key", "grp_vip"], priority: 20 })
const gentle = policy("dpol_01C")

const chosen = (policies: PolicyForChoice[], customer: { pinned_policy_id?: string | null; group_ids: string[] }) =>
  choosePolicy(policies, customer)?.id ?? null

describe("choosePolicy", () => {
  it("gives a customer in no group, or only in groups without a policy, the default policy", () => {
    const all = [distributors, standard, keyAccounts]
    expect(chosen(all, { group_ids: [] })).toBe(standard.id)
    expect(chosen(all, { group_ids: ["grp_retail"] })).toBe(standard.id)
  })

  it("gives a member of a customer group that group's policy, through any of the groups it names", () => {
    const all = [standard, distributors, keyAccounts]
    expect(chosen(all, { group_ids: ["grp_dist"] })).toBe(distributors.id)
    expect(chosen(all, { group_ids: ["grp_retail", "grp_vip"] })).toBe(keyAccounts.id)
  })

  it("picks the group policy with the highest priority when the customer is in several groups", () => {
    expect(chosen([standard, distributors, keyAccounts], { group_ids: ["grp_dist", "grp_key"] })).toBe(keyAccounts.id)
    // the order the policies are listed in does not matter
    expect(chosen([keyAccounts, distributors, standard], { group_ids: ["grp_key", "grp_dist"] })).toBe(keyAccounts.id)
    const urgentDistributors = { ...distributors, priority: 30 }
    expect(chosen([standard, urgentDistributors, keyAccounts], { group_ids: ["grp_dist", "grp_key"] })).toBe(distributors.id)
  })

  it("breaks a tie in priority with the oldest policy", () => {
    const older = policy("dpol_01K", { customer_group_ids: ["grp_dist"], priority: 5 })
    const newer = policy("dpol_01M", { customer_group_ids: ["grp_key"], priority: 5 })
    expect(chosen([standard, newer, older], { group_ids: ["grp_key", "grp_dist"] })).toBe(older.id)
    expect(chosen([standard, older, newer], { group_ids: ["grp_dist", "grp_key"] })).toBe(older.id)
  })

  it("skips a disabled group policy: the next group policy applies, else the default", () => {
    const keyOff = { ...keyAccounts, enabled: false }
    expect(chosen([standard, distributors, keyOff], { group_ids: ["grp_dist", "grp_key"] })).toBe(distributors.id)
    expect(chosen([standard, distributors, keyOff], { group_ids: ["grp_key"] })).toBe(standard.id)
  })

  it("never treats the default policy as a group policy, even when it names groups", () => {
    const defaultWithGroups = { ...standard, customer_group_ids: ["grp_dist"], priority: 100 }
    expect(chosen([defaultWithGroups, distributors], { group_ids: ["grp_dist"] })).toBe(distributors.id)
  })

  it("lets the collection profile's pinned policy override the customer's groups", () => {
    const all = [standard, distributors, keyAccounts, gentle]
    expect(chosen(all, { pinned_policy_id: gentle.id, group_ids: ["grp_key", "grp_dist"] })).toBe(gentle.id)
    // a lower-priority group policy can be pinned too, and so can the default
    expect(chosen(all, { pinned_policy_id: distributors.id, group_ids: ["grp_key"] })).toBe(distributors.id)
    expect(chosen(all, { pinned_policy_id: standard.id, group_ids: ["grp_key"] })).toBe(standard.id)
  })

  it("ignores a pin to a disabled policy, as every disabled policy applies to nobody: groups, then the default", () => {
    const gentleOff = { ...gentle, enabled: false }
    expect(chosen([standard, keyAccounts, gentleOff], { pinned_policy_id: gentle.id, group_ids: ["grp_key"] })).toBe(keyAccounts.id)
    expect(chosen([standard, keyAccounts, gentleOff], { pinned_policy_id: gentle.id, group_ids: [] })).toBe(standard.id)
  })

  it("ignores a pin to a policy that was deleted (no longer listed): groups, then the default", () => {
    expect(chosen([standard, keyAccounts], { pinned_policy_id: gentle.id, group_ids: ["grp_key"] })).toBe(keyAccounts.id)
    expect(chosen([standard, keyAccounts], { pinned_policy_id: gentle.id, group_ids: [] })).toBe(standard.id)
  })

  it("returns the default policy even when it is disabled (the run then chases nobody under it), and nothing without one", () => {
    const standardOff = { ...standard, enabled: false }
    expect(chosen([standardOff, distributors], { group_ids: [] })).toBe(standard.id)
    expect(chosen([distributors], { group_ids: [] })).toBeNull()
  })
})
