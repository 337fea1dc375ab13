import { moveStage, newStage, policyRequestBody, reviewTranslation, splitList, staleTranslationsOf, toDraft } from "../policy-draft"
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
    credit_hold_overdue_above: [{ currency_code: "eur", amount: "10000.00" }],
    credit_hold_days_overdue: 60,
    stages: [{ ...newStage(1, "Reminder 1"), id: "dstage_1", position: 0 }],
    stale_translations: [],
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
        "credit_hold_days_overdue",
        "credit_hold_overdue_above",
        "customer_group_ids",
        "enabled",
        "max_contacts_per_30_days",
        "max_notices",
        "name",
        "prefer_channel_that_worked",
        "priority",
        "reply_to",
        "resend_days",
        "risk_bands",
        "send_days",
        "send_hour_end",
        "send_hour_start",
        "send_invoice_on_import",
        "send_invoice_on_issue",
        "stages",
        "statement_attachment",
        "timezone",
        "tolerance_days",
      ].sort()
    )
    expect(body.stages).toEqual([{ ...newStage(1, "Reminder 1"), id: "dstage_1" }])
    expect(body).toMatchObject({ credit_hold_overdue_above: [{ currency_code: "eur", amount: "10000.00" }], credit_hold_days_overdue: 60 })
  })

  it("sends a stage's editable fields and translations as they came, never what the server adds or an empty confirmation", () => {
    const translations = { fr: { subject_template: "Rappel", body_html_template: "<p>Bonjour</p>", body_text_template: null } }
    const stage = { ...newStage(1, "Reminder 1"), id: "dstage_1", position: 0, translations, created_at: "2026-01-01", reviewed_translations: [] }
    const body = policyRequestBody(toDraft(savedPolicy({ stages: [stage] as any }), "Reminder 1"))
    expect(body.stages).toEqual([{ ...newStage(1, "Reminder 1"), id: "dstage_1", translations }])
  })

  it("sends the translations the admin confirmed as still fitting with their stage", () => {
    const stage = { ...newStage(1, "Reminder 1"), id: "dstage_1", translations: { fr: { subject_template: "Rappel" } } }
    const draft = toDraft(savedPolicy({ stages: [stage] }), "Reminder 1")
    draft.stages[0] = { ...draft.stages[0], ...reviewTranslation(draft.stages[0], "fr", true) }
    expect(policyRequestBody(draft).stages).toEqual([expect.objectContaining({ id: "dstage_1", reviewed_translations: ["fr"] })])
  })

  it("leaves out overdue limits left blank, and keeps a half-filled one for the server to name", () => {
    const draft = toDraft(savedPolicy(), "Reminder 1")
    draft.credit_hold_overdue_above = [{ currency_code: "", amount: "" }, { currency_code: "usd", amount: "" }]
    expect(policyRequestBody(draft).credit_hold_overdue_above).toEqual([{ currency_code: "usd", amount: "" }])
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

describe("stale translations", () => {
  const stage = { ...newStage(1, "Reminder 1"), id: "dstage_1", translations: { fr: {}, de: {}, es: {} } }
  const draft = toDraft(
    savedPolicy({
      stages: [stage, { ...newStage(2, "Reminder 2"), id: "dstage_2" }],
      stale_translations: [
        { stage_id: "dstage_1", language: "de" },
        { stage_id: "dstage_1", language: "fr" },
        { stage_id: "dstage_2", language: "nl" },
      ],
    }),
    "Reminder 1"
  )

  it("are the stage's own, each marked once the admin says it still fits, and taken back", () => {
    expect(staleTranslationsOf(draft, draft.stages[0])).toEqual([
      { language: "de", confirmed: false },
      { language: "fr", confirmed: false },
    ])
    const confirmed = { ...draft.stages[0], ...reviewTranslation(draft.stages[0], "fr", true) }
    expect(staleTranslationsOf(draft, confirmed)).toEqual([
      { language: "de", confirmed: false },
      { language: "fr", confirmed: true },
    ])
    expect(reviewTranslation(confirmed, "fr", true)).toEqual({ reviewed_translations: ["fr"] })
    expect(reviewTranslation(confirmed, "fr", false)).toEqual({ reviewed_translations: [] })
  })

  it("are none for a stage not saved yet", () => {
    expect(staleTranslationsOf(draft, newStage(3, "Reminder 3"))).toEqual([])
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
