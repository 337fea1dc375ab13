import { usePolicies } from "./policies"

/**
 * Receivables carry their stage's id; screens show the stage's name, and its policy when several policies
 * are enabled or the policy is disabled (the shipped High risk policy, disabled, does not rename every stage).
 */
export function useStageNames(): (stageId: string | null | undefined) => string {
  const { data } = usePolicies()
  const policies = data?.policies ?? []
  const several = policies.filter((p) => p.enabled).length > 1
  const names = new Map<string, string>()
  for (const policy of policies) {
    for (const stage of policy.stages) {
      if (stage.id) {
        names.set(stage.id, several || !policy.enabled ? `${stage.name} (${policy.name})` : stage.name)
      }
    }
  }
  return (stageId) => (stageId ? names.get(stageId) ?? "–" : "–")
}
