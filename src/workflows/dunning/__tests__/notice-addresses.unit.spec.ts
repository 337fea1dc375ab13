import { noticeAddresses } from "../run-context"

describe("noticeAddresses", () => {
  it("sends to the profile's billing e-mails, leaving out what is no address", () => {
    expect(
      noticeAddresses({ billing_emails: ["ap@acme.test", "not an address", 42], customer_email: "buyer@acme.test", fallback_to_customer_email: true })
    ).toEqual({ to: ["ap@acme.test"], missing: null })
  })

  it("without billing e-mails, never to the account's own e-mail unless the merchant allows it", () => {
    const refused = noticeAddresses({ billing_emails: [], customer_email: "buyer@acme.test", fallback_to_customer_email: false })
    expect(refused.to).toEqual([])
    expect(refused.missing).toMatch(/no billing e-mail.*delivery\.fallbackToCustomerEmail/)
    expect(noticeAddresses({ billing_emails: null, customer_email: "buyer@acme.test", fallback_to_customer_email: true })).toEqual({
      to: ["buyer@acme.test"],
      missing: null,
    })
    expect(noticeAddresses({ billing_emails: null, customer_email: null, fallback_to_customer_email: true })).toEqual({
      to: [],
      missing: "the customer has no billing e-mail and no e-mail address",
    })
  })
})
