import { usePolicies } from "./policies"

/** Receivables carry their stage's id; screens show the stage's name (and its policy when there are several). */
export function useStageNames(): (stageId: string | null | undefined) => string {
  const { data } = usePolicies()
  const policies = data?.policies ?? []
  const names = new Map<string, string>()
  for (const policy of policies) {
    for (const stage of policy.stages) {
      if (stage.id) {
        names.set(stage.id, policies.length > 1 ? `${stage.name} (${policy.name})` : stage.name)
      }
    }
  }
  return (stageId) => (stageId ? names.get(stageId) ?? "–" : "–")
}
