import { moveStage, newStage, policyRequestBody, splitList, toDraft } from "../policy-draft"
import type { Policy } from "../types"

const savedPolicy = (overrides: Partial<Policy> = {}): Policy =>
  ({
    id: "dpol_1",
    name: "Wholesale",
    is_default: false,
    enabled: true,
    priority: 20,
    customer_group_ids: ["cusgroup_1"],
    tolerance_days: 5,
    resend_days: 7,
    max_notices: 3,
    max_contacts_per_30_days: 4,
    cc: ["ar@store.test"],
    bcc: [],
    reply_to: null,
    timezone: "Europe/Berlin",
    send_days: [1, 2, 3, 4, 5],
    send_hour_start: 8,
    send_hour_end: 18,
    channels: ["email"],
    stages: [{ ...newStage(1, "Reminder 1"), id: "dstage_1", position: 0 }],
    created_at: "2026-01-01T00:00:00.000Z",
    metadata: { source: "import" },
    ...overrides,
  }) as Policy

describe("policyRequestBody", () => {
  it("sends only what an admin can change, and the stages without their positions", () => {
    const body = policyRequestBody(toDraft(savedPolicy(), "Reminder 1"))
    expect(Object.keys(body).sort()).toEqual(
      [
        "bcc",
        "cc",
        "channels",
        "customer_group_ids",
        "enabled",
        "max_contacts_per_30_days",
        "max_notices",
        "name",
        "priority",
        "reply_to",
        "resend_days",
        "send_days",
        "send_hour_end",
        "send_hour_start",
        "stages",
        "timezone",
        "tolerance_days",
      ].sort()
    )
    expect(body.stages).toEqual([{ ...newStage(1, "Reminder 1"), id: "dstage_1" }])
  })

  it("leaves the customer groups out for the default policy", () => {
    const body = policyRequestBody(toDraft(savedPolicy({ is_default: true, customer_group_ids: null }), "Reminder 1"))
    expect(body).not.toHaveProperty("customer_group_ids")
    expect(body).not.toHaveProperty("is_default")
  })

  it("creates a new policy as a group policy, never as the default", () => {
    const body = policyRequestBody(toDraft(null, "Reminder 1"))
    expect(body.is_default).toBe(false)
    expect(body.customer_group_ids).toEqual([])
    expect(body.stages).toEqual([newStage(1, "Reminder 1")])
  })
})

describe("toDraft", () => {
  it("copies the stages, so editing the draft leaves the saved policy as it was", () => {
    const policy = savedPolicy()
    const draft = toDraft(policy, "Reminder 1")
    draft.stages[0].name = "Changed"
    expect(policy.stages[0].name).toBe("Reminder 1")
  })
})

describe("moveStage", () => {
  it("moves one stage up or down and keeps the others in order", () => {
    const stages = [newStage(1, "Reminder 1"), newStage(2, "Reminder 2"), newStage(3, "Reminder 3")]
    expect(moveStage(stages, 2, -1).map((s) => s.name)).toEqual(["Reminder 1", "Reminder 3", "Reminder 2"])
    expect(moveStage(stages, 0, 1).map((s) => s.name)).toEqual(["Reminder 2", "Reminder 1", "Reminder 3"])
    expect(stages.map((s) => s.name)).toEqual(["Reminder 1", "Reminder 2", "Reminder 3"])
  })
})

describe("splitList", () => {
  it("reads addresses separated by commas, semicolons or spaces", () => {
    expect(splitList("a@x.test, b@x.test; c@x.test  d@x.test,")).toEqual(["a@x.test", "b@x.test", "c@x.test", "d@x.test"])
  })
})
