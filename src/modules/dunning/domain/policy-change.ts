import { choosePolicy, type PolicyForChoice } from "./policy"

/**
 * A customer who moves risk band can move policy: a policy may be for the high risk band only. The move
 * takes effect at the customer's next planned action (a notice or an escalation), which the run plans
 * under the policy of the band the customer is in then, and the customer's history says so once per change
 * of band: "Policy changed: risk medium → high, now under 'High risk'".
 */
export type RiskStanding = {
  band: string
  /** The change of band that put the customer in `band` (null: none is kept, e.g. the first score). */
  change: { id: string; from_band: string; to_band: string; changed_at: Date } | null
}

export type PolicyChange = {
  change_id: string
  from_band: string
  to_band: string
  from_policy: { id: string; name: string } | null
  to_policy: { id: string; name: string }
}

type Who = { pinned_policy_id?: string | null; group_ids: string[] }

/**
 * Whether the customer's last change of band moved them to another policy: the policy of the band they
 * left against the policy of the band they are in, for the same groups and pin. Null when it did not.
 */
export function policyChangeOf<P extends PolicyForChoice & { name: string }>(policies: P[], who: Who, standing: RiskStanding): PolicyChange | null {
  const change = standing.change
  if (!change || change.to_band !== standing.band) {
    return null
  }
  const before = choosePolicy(policies, { ...who, risk_band: change.from_band })
  const after = choosePolicy(policies, { ...who, risk_band: change.to_band })
  if (!after || before?.id === after.id) {
    return null
  }
  return {
    change_id: change.id,
    from_band: change.from_band,
    to_band: change.to_band,
    from_policy: before ? { id: before.id, name: before.name } : null,
    to_policy: { id: after.id, name: after.name },
  }
}

export const POLICY_CHANGED_TITLE = "Policy changed"

/** The history line of a move: "Policy changed: risk medium → high, now under 'High risk'". */
export function policyChangeNote(change: PolicyChange): string {
  return `${POLICY_CHANGED_TITLE}: risk ${change.from_band} → ${change.to_band}, now under '${change.to_policy.name}'`
}

/** One line per change of band: a second run, or a second notice, does not repeat it. */
export function policyChangeKey(change: PolicyChange): string {
  return `risk-policy:${change.change_id}`
}
