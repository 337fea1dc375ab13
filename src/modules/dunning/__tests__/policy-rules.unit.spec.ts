import { DEFAULT_POLICY, policyProblems, rulesOf, type PolicyInput, type StoredPolicy } from "../domain/policy"

const policy = (changes: Partial<PolicyInput> = {}): PolicyInput => ({ ...DEFAULT_POLICY, ...changes })

describe("a policy's schedule rules", () => {
  it("reminds until paid by default", () => {
    expect(DEFAULT_POLICY.max_notices).toBeNull()
    expect(DEFAULT_POLICY.tolerance_days).toBe(5)
  })

  it("accepts grace days beyond an overdue stage's offset: the stage waits for them", () => {
    expect(policyProblems(policy({ tolerance_days: 10 }))).toEqual([])
    expect(policyProblems(policy({ tolerance_days: 60 }))).toEqual([])
  })

  it("refuses stops_reminders on a stage that sending stages follow, naming them", () => {
    const stages = DEFAULT_POLICY.stages.map((s) => (s.offset_days === 0 ? { ...s, stops_reminders: true } : s))
    expect(policyProblems(policy({ stages }))).toEqual([
      {
        field: "stages.1.stops_reminders",
        message:
          "reminders stop at this stage, so the later stage(s) 'Notification of Overdue Invoices' would never be sent; remove them or turn stops_reminders off",
      },
    ])
    const onEscalation = DEFAULT_POLICY.stages.map((s) => (s.action === "escalate" ? { ...s, stops_reminders: true } : s))
    expect(policyProblems(policy({ stages: onEscalation }))).toEqual([])
  })

  it("hands the engine grace days, the optional maximum and the stages that stop reminders", () => {
    const stored: StoredPolicy = {
      ...policy({ tolerance_days: 10, max_notices: null }),
      id: "dpol_1",
      stages: [
        { id: "dstg_2", position: 1, name: "Escalation", offset_days: 45, action: "escalate", repeats: false, stops_reminders: true },
        { id: "dstg_1", position: 0, name: "Overdue", offset_days: 5, action: "send", repeats: true, stops_reminders: null },
      ],
    }
    expect(rulesOf(stored)).toMatchObject({
      tolerance_days: 10,
      max_notices: null,
      stages: [
        { id: "dstg_1", stops_reminders: false },
        { id: "dstg_2", stops_reminders: true },
      ],
    })
    expect(rulesOf({ ...stored, max_notices: 5 }).max_notices).toBe(5)
  })
})
