import { channelThatWorked, preferChannel } from "../domain/channel-that-worked"
import { channelsToTry } from "../domain/delivery"

describe("the channel that worked", () => {
  it("is the channel whose delivered notices were followed by payment most often", () => {
    // e-mail on 1 and 15 March went unanswered; the webhook on 2 April was followed by payment, and e-mail on 3 May too
    const sent = [
      { channel: "email", sent_at: "2026-03-01T09:00:00Z", followed_by_payment: false },
      { channel: "email", sent_at: "2026-03-15T09:00:00Z", followed_by_payment: false },
      { channel: "webhook", sent_at: "2026-04-02T09:00:00Z", followed_by_payment: true },
      { channel: "webhook", sent_at: "2026-04-20T09:00:00Z", followed_by_payment: true },
      { channel: "email", sent_at: "2026-05-03T09:00:00Z", followed_by_payment: true },
    ]
    expect(channelThatWorked(sent)).toEqual({ channel: "webhook", payments: 2, within_days: 14 })
  })

  it("on a tie, is the one that worked last; none when no payment followed a notice", () => {
    expect(
      channelThatWorked([
        { channel: "webhook", sent_at: "2026-04-02T09:00:00Z", followed_by_payment: true },
        { channel: "email", sent_at: "2026-05-03T09:00:00Z", followed_by_payment: true },
      ])?.channel
    ).toBe("email")
    expect(channelThatWorked([{ channel: "email", sent_at: "2026-05-03T09:00:00Z", followed_by_payment: false }])).toBeNull()
    expect(channelThatWorked([])).toBeNull()
  })

  it("goes first when the policy prefers it and has it; otherwise the order stays", () => {
    expect(preferChannel(["email", "webhook"], "webhook")).toEqual(["webhook", "email"])
    expect(preferChannel(["email"], "webhook")).toEqual(["email"])
    expect(preferChannel(["email", "webhook"], null)).toEqual(["email", "webhook"])
    const base = { stage_channel: "email", policy_channels: ["email", "webhook"], email_channel: "email", has_email_address: true, email_failed_before: false }
    expect(channelsToTry({ ...base, preferred_channel: "webhook" }).channels).toEqual(["webhook", "email"])
    expect(channelsToTry(base).channels).toEqual(["email", "webhook"])
  })
})
