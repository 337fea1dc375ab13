/**
 * The documents that go with notices, and the invoice e-mail, as plain rules.
 *
 * In the words of a collections team:
 * - every reminder carries the customer's statement of account, as the policy says (`statement_attachment`):
 *   the CSV for a spreadsheet, the PDF for the accounts-payable file, or both (the default). The CSV also
 *   needs the plugin option `delivery.attachStatementCsv` (on by default), which turns it off everywhere;
 * - a new invoice is e-mailed to the billing contacts with its PDF when it is issued (an order's invoice
 *   whose terms start at the shipment or delivery, once they have started): invoices of orders
 *   when the policy's `send_invoice_on_issue` is on (the default), invoices imported from an ERP or entered
 *   by hand when its `send_invoice_on_import` is on (off by default: an ERP usually sends its own). It
 *   goes to the billing e-mails of the customer's collection profile: a customer without any, marked
 *   do-not-dun, or under a disabled policy, gets no invoice e-mail;
 * - the invoice e-mail is not a reminder: it is sent once per invoice (its key is the invoice's), it does
 *   not count toward the contact cap, and the stages, grace days, re-sends and maximum of notices ignore it;
 * - a message's attachments together stay within `documents.maxAttachmentBytes`: a message that would be
 *   larger is not sent, and its attempt fails with the sizes named, like any delivery that cannot succeed.
 */
export const STATEMENT_ATTACHMENTS = ["csv", "pdf", "both"] as const
export type StatementAttachment = (typeof STATEMENT_ATTACHMENTS)[number]

/** Which statements a reminder carries. */
export function statementFormats(setting: string | null | undefined, csvAllowed: boolean): { csv: boolean; pdf: boolean } {
  const chosen: StatementAttachment = (STATEMENT_ATTACHMENTS as readonly string[]).includes(setting ?? "") ? (setting as StatementAttachment) : "both"
  return { csv: csvAllowed && chosen !== "pdf", pdf: chosen !== "csv" }
}

export type InvoiceEmailSettings = { send_invoice_on_issue?: boolean | null; send_invoice_on_import?: boolean | null }

/** Whether a new invoice is e-mailed: by where it comes from and what the customer's policy says. */
export function invoiceEmailWanted(
  policy: InvoiceEmailSettings | null | undefined,
  invoice: { order_id: string | null; status: string },
  customer: { do_not_dun: boolean }
): boolean {
  if (!policy || customer.do_not_dun || invoice.status === "void" || invoice.status === "written_off") {
    return false
  }
  return invoice.order_id ? policy.send_invoice_on_issue !== false : policy.send_invoice_on_import === true
}

/** The idempotency key of an invoice's e-mail: one per invoice, ever. */
export function invoiceNoticeKey(receivableId: string): string {
  return `invoice:${receivableId}`
}

/** The name an invoice e-mail carries in place of a stage's. */
export const INVOICE_NOTICE_NAME = "Invoice"

/** Why a message's attachments cannot go out (too large together), or null when they can. */
export function attachmentsProblem(attachments: Array<{ filename: string; bytes: number }>, maxBytes: number): string | null {
  const total = attachments.reduce((sum, a) => sum + a.bytes, 0)
  if (total <= maxBytes) {
    return null
  }
  const parts = attachments.map((a) => `${a.filename} ${a.bytes} bytes`).join(", ")
  return `the attachments are ${total} bytes (${parts}), over the limit of ${maxBytes} bytes per message (option documents.maxAttachmentBytes)`
}
