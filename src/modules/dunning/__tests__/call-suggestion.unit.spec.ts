import {
  bouncedRule,
  brokenPromisesRule,
  callEarlyRule,
  callSuggestion,
  disputesRule,
  suggestFromPattern,
  type CustomerPattern,
} from "../domain/call-suggestion"
import { suggestionText } from "../domain/call-suggestion-text"

// a customer with a clean year: nothing in the history suggests anything
const quiet: CustomerPattern = {
  bounced_notices: 0,
  broken_promises_90_days: 0,
  disputes: 0,
  invoices: 12,
  paid_after_notice: 0,
  usual_notice: null,
  usual_days_after_notice: null,
  current_notices: 1,
  days_since_last_notice: 3,
}

describe("suggestions from the customer's pattern", () => {
  it("e-mail bounced twice: use the phone number", () => {
    // two failed notices in 12 months
    expect(bouncedRule({ ...quiet, bounced_notices: 2 })).toEqual({ code: "email_bounced", params: { count: 2 } })
    expect(bouncedRule({ ...quiet, bounced_notices: 1 })).toBeNull()
    expect(suggestionText(bouncedRule({ ...quiet, bounced_notices: 2 })!, "en")).toBe("e-mail bounced 2 times: use the phone number")
  })

  it("broke two promises in 90 days: ask for a partial payment today", () => {
    // promised 1 March and 1 April, neither paid by its deadline: two broken in the last 90 days
    const suggestion = brokenPromisesRule({ ...quiet, broken_promises_90_days: 2 })
    expect(suggestion).toEqual({ code: "broken_promises", params: { count: 2, days: 90 } })
    expect(suggestionText(suggestion!, "en")).toBe("broke 2 promises in 90 days: ask for a partial payment today")
    expect(brokenPromisesRule({ ...quiet, broken_promises_90_days: 1 })).toBeNull()
  })

  it("disputes one invoice in three: check the order before calling", () => {
    // 9 invoices in 12 months, 3 disputed: 9 ÷ 3 = one in three
    const suggestion = disputesRule({ ...quiet, invoices: 9, disputes: 3 })
    expect(suggestion).toEqual({ code: "disputes_often", params: { every: 3, disputes: 3, invoices: 9 } })
    expect(suggestionText(suggestion!, "en")).toBe("disputes one invoice in 3: check the order before calling")
    // 2 of 12: one in six, less often than one in four
    expect(disputesRule({ ...quiet, invoices: 12, disputes: 2 })).toBeNull()
    // a single dispute is not a pattern, even on two invoices
    expect(disputesRule({ ...quiet, invoices: 2, disputes: 1 })).toBeNull()
  })

  it("usually pays 12 days after the second notice: a call now is early", () => {
    // paid after notices 2, 2, 3 (median 2), 10, 12 and 15 days after it (median 12)
    const usual = { ...quiet, paid_after_notice: 3, usual_notice: 2, usual_days_after_notice: 12 }
    // the overdue invoice had its second notice 5 days ago
    const early = callEarlyRule({ ...usual, current_notices: 2, days_since_last_notice: 5 })
    expect(early).toEqual({ code: "call_early", params: { notice: 2, days: 12 } })
    expect(suggestionText(early!, "en")).toBe("usually pays 12 days after notice 2: a call now is early")
    // only its first notice yet
    expect(callEarlyRule({ ...usual, current_notices: 1, days_since_last_notice: 20 })?.code).toBe("call_early")
    // 12 days after the second notice, or a third notice: they would have paid by now
    expect(callEarlyRule({ ...usual, current_notices: 2, days_since_last_notice: 12 })).toBeNull()
    expect(callEarlyRule({ ...usual, current_notices: 3, days_since_last_notice: 1 })).toBeNull()
    // two paid invoices are not a habit
    expect(callEarlyRule({ ...usual, paid_after_notice: 2, current_notices: 1 })).toBeNull()
  })

  it("takes the first rule that applies, and otherwise today's sentence", () => {
    const everything = { ...quiet, bounced_notices: 3, broken_promises_90_days: 2, invoices: 3, disputes: 2 }
    expect(suggestFromPattern(everything)?.code).toBe("email_bounced")
    expect(suggestFromPattern({ ...everything, bounced_notices: 0 })?.code).toBe("broken_promises")
    expect(suggestFromPattern(quiet)).toBeNull()
    expect(suggestFromPattern(null)).toBeNull()
    expect(callSuggestion(quiet, 30)).toEqual({ code: "call_now", params: { long_overdue: 0 } })
    expect(suggestionText(callSuggestion(null, 75), "en")).toBe("call the customer; consider a credit hold or a collection agency")
  })

  it("speaks the store's language", () => {
    expect(suggestionText({ code: "email_bounced", params: { count: 2 } }, "de")).toBe("E-Mail 2-mal unzustellbar: rufen Sie an")
    expect(suggestionText({ code: "email_bounced", params: { count: 2 } }, "xx")).toBe("e-mail bounced 2 times: use the phone number")
  })
})
