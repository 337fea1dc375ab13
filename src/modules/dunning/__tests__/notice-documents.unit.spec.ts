import { attachmentsProblem, invoiceEmailWanted, invoiceNoticeKey, statementFormats } from "../domain/notice-documents"
import { renderNotice, sampleNoticeContext } from "../templates"
import { SHIPPED_LANGUAGES, shippedInvoiceEmail } from "../templates/shipped-text"

describe("the statement a reminder carries", () => {
  it.each([
    ["both", true, { csv: true, pdf: true }],
    ["csv", true, { csv: true, pdf: false }],
    ["pdf", true, { csv: false, pdf: true }],
    ["both", false, { csv: false, pdf: true }],
    ["csv", false, { csv: false, pdf: false }],
    [null, true, { csv: true, pdf: true }],
    ["xml", true, { csv: true, pdf: true }],
  ])("policy setting %s with the CSV option %s attaches %j", (setting, csvAllowed, expected) => {
    expect(statementFormats(setting, csvAllowed)).toEqual(expected)
  })
})

describe("whether a new invoice is e-mailed", () => {
  const defaults = { send_invoice_on_issue: true, send_invoice_on_import: false }
  const order = { order_id: "order_1", status: "open" }
  const imported = { order_id: null, status: "open" }
  const chased = { do_not_dun: false }

  it("sends the invoice of an order by default, and not that of an import", () => {
    expect(invoiceEmailWanted(defaults, order, chased)).toBe(true)
    expect(invoiceEmailWanted(defaults, imported, chased)).toBe(false)
    // a policy stored without the settings: orders yes, imports no
    expect(invoiceEmailWanted({}, order, chased)).toBe(true)
    expect(invoiceEmailWanted({}, imported, chased)).toBe(false)
  })

  it("follows the policy's two settings", () => {
    expect(invoiceEmailWanted({ send_invoice_on_issue: false, send_invoice_on_import: true }, order, chased)).toBe(false)
    expect(invoiceEmailWanted({ send_invoice_on_issue: false, send_invoice_on_import: true }, imported, chased)).toBe(true)
  })

  it("sends nothing for a voided or written-off invoice, a do-not-dun customer or no policy; a paid one still goes", () => {
    expect(invoiceEmailWanted(defaults, { ...order, status: "void" }, chased)).toBe(false)
    expect(invoiceEmailWanted(defaults, { ...order, status: "written_off" }, chased)).toBe(false)
    expect(invoiceEmailWanted(defaults, order, { do_not_dun: true })).toBe(false)
    expect(invoiceEmailWanted(null, order, chased)).toBe(false)
    expect(invoiceEmailWanted(defaults, { ...order, status: "paid" }, chased)).toBe(true)
  })

  it("keys the e-mail by the invoice, so it can exist once", () => {
    expect(invoiceNoticeKey("rcv_1")).toBe("invoice:rcv_1")
  })
})

describe("the size of a message's attachments", () => {
  it("lets attachments through up to the limit together, and names every size beyond it", () => {
    const files = [
      { filename: "statement.csv", bytes: 400 },
      { filename: "statement.pdf", bytes: 600 },
    ]
    expect(attachmentsProblem(files, 1000)).toBeNull()
    expect(attachmentsProblem(files, 999)).toBe(
      "the attachments are 1000 bytes (statement.csv 400 bytes, statement.pdf 600 bytes), over the limit of 999 bytes per message (option documents.maxAttachmentBytes)"
    )
    expect(attachmentsProblem([], 10)).toBeNull()
  })
})

describe("the invoice e-mail the plugin ships", () => {
  const context = sampleNoticeContext(new Date("2026-03-23T09:00:00.000Z"))
  const one = { ...context, receivables: context.receivables.slice(0, 1) }
  const invoice = one.receivables[0]

  it.each([...SHIPPED_LANGUAGES])("renders in %s with the invoice's number, amount and the store", (language) => {
    const text = shippedInvoiceEmail(language)
    const mail = renderNotice({ subject: text.subject, body_html: text.html, body_text: null }, { ...one, locale: language })
    expect(mail.subject).toContain(invoice.number)
    expect(mail.subject).toContain(one.store.name)
    expect(mail.html).toContain(invoice.number)
    expect(mail.text).toContain(invoice.number)
  })

  it("says the amount as the customer's language writes it", () => {
    const text = shippedInvoiceEmail("de")
    const mail = renderNotice({ subject: text.subject, body_html: text.html, body_text: null }, { ...one, locale: "de" })
    expect(mail.html).toMatch(/Rechnung .* über <strong>[\d.]+,\d\d\s€<\/strong>/)
  })
})
