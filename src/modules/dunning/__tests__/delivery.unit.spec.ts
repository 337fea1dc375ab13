import { channelsToTry, classifyDeliveryFailure, deliveryFailureMessage, retryDelayMs, shouldGiveUp } from "../domain/delivery"

const policy = { maxAttempts: 6, baseSeconds: 60, maxSeconds: 3600, giveUpAfterHours: 72 }

describe("delivery rules", () => {
  it("carries the failure class through a plain message, and treats unmarked failures as transient", () => {
    const message = `Failed to send notification with id noti_1:\n${deliveryFailureMessage("permanent", 550, "mailbox unavailable", { recipient: true })}`
    expect(classifyDeliveryFailure(message)).toEqual({ kind: "permanent", code: "550", recipient: true })
    expect(classifyDeliveryFailure(deliveryFailureMessage("permanent", 554, "rejected as spam"))).toEqual({ kind: "permanent", code: "554", recipient: false })
    expect(classifyDeliveryFailure(deliveryFailureMessage("transient", "ECONNREFUSED", "down"))).toEqual({ kind: "transient", code: "ECONNREFUSED", recipient: false })
    expect(classifyDeliveryFailure("SendGrid said no")).toEqual({ kind: "transient", code: null, recipient: false })
    // a code cannot break out of the marker
    expect(deliveryFailureMessage("transient", "4]2[1 x", "t")).toBe("[dunning:transient:421x] t")
  })

  it("backs off exponentially with jitter, capped", () => {
    expect(retryDelayMs(1, policy, () => 1)).toBe(60_000)
    expect(retryDelayMs(3, policy, () => 1)).toBe(240_000)
    expect(retryDelayMs(20, policy, () => 1)).toBe(3_600_000)
    expect(retryDelayMs(3, policy, () => 0)).toBe(24_000)
    const samples = new Set(Array.from({ length: 50 }, () => retryDelayMs(4, policy)))
    expect(samples.size).toBeGreaterThan(40)
    for (const s of samples) {
      expect(s).toBeGreaterThanOrEqual(48_000)
      expect(s).toBeLessThanOrEqual(480_000)
    }
  })

  it("gives up after the last attempt or when the notice is too old", () => {
    const scheduled_for = new Date("2026-03-01T00:00:00Z")
    expect(shouldGiveUp({ attempts: 5, scheduled_for, now: new Date("2026-03-01T01:00:00Z") }, policy)).toBe(false)
    expect(shouldGiveUp({ attempts: 6, scheduled_for, now: new Date("2026-03-01T01:00:00Z") }, policy)).toBe(true)
    expect(shouldGiveUp({ attempts: 2, scheduled_for, now: new Date("2026-03-04T00:00:01Z") }, policy)).toBe(true)
  })

  it("tries the stage's channel first and passes e-mail over when it cannot work", () => {
    const base = { stage_channel: "email", policy_channels: ["email", "webhook"], email_channel: "email" }
    expect(channelsToTry({ ...base, has_email_address: true, email_failed_before: false }).channels).toEqual(["email", "webhook"])
    expect(channelsToTry({ ...base, has_email_address: false, email_failed_before: false })).toEqual({
      channels: ["webhook"],
      passed_over: [{ channel: "email", reason: "the customer has no billing e-mail and no e-mail address" }],
    })
    expect(channelsToTry({ ...base, has_email_address: true, email_failed_before: true }).channels).toEqual(["webhook"])
    expect(channelsToTry({ ...base, stage_channel: "webhook", has_email_address: true, email_failed_before: false }).channels).toEqual(["webhook", "email"])
    expect(channelsToTry({ ...base, policy_channels: ["email"], has_email_address: false, email_failed_before: false }).channels).toEqual([])
  })
})
