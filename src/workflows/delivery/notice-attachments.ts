import type { MedusaContainer } from "@medusajs/framework/types"
import { dayToIsoDate, localDay } from "../../modules/dunning/domain/calendar"
import { attachmentsProblem, statementFormats } from "../../modules/dunning/domain/notice-documents"
import { statementCsv, statementFilename } from "../../modules/dunning/domain/statement-csv"
import {
  invoicePdf,
  invoicePdfFilename,
  statementPdf,
  statementPdfFilename,
  type DocumentParty,
  type InvoiceOrder,
} from "../../modules/dunning/documents"
import type { DunningOptions } from "../../modules/dunning/options"
import { documentStore } from "../dunning/document-store"
import { erpDocument, erpDocumentRef } from "../dunning/erp-document"
import { decimalOf, invoiceOrder } from "../dunning/invoice-order"
import type { CustomerCard } from "../dunning/run-context"
import type { NoticeContent } from "./render-notice-content"

/**
 * The files a notice carries: a reminder, the customer's statement of account as its policy says (CSV, PDF
 * or both, see domain/notice-documents.ts); an invoice e-mail, the invoice's PDF (the ERP's own when the
 * import named one, else ours). Documents are built in the notice's language; together they stay within
 * `documents.maxAttachmentBytes`. A document that cannot be built, or files that are too large, are not a
 * reason to crash: the answer says why, and the notice's attempt fails with it.
 */
export type Attachment = { filename: string; content: string; content_type: string; disposition: "attachment" }

export type Attachments = { attachments: Attachment[]; error: null } | { attachments: null; error: string }

/** Where documents come from: the store's letterhead (read once per delivery) and the Medusa order an invoice bills. */
export type DocumentSources = {
  store: () => Promise<DocumentParty>
  order: (orderId: string) => Promise<InvoiceOrder | null>
  erpPdf: (metadata: Record<string, unknown> | null | undefined, input: { number: string; maxBytes: number }) => Promise<Buffer | null>
}

const pdf = (filename: string, content: Buffer): Attachment => ({ filename, content: content.toString("base64"), content_type: "application/pdf", disposition: "attachment" })
const sizeOf = (a: Attachment) => ({ filename: a.filename, bytes: Buffer.byteLength(a.content, "base64") })
const messageOf = (error: unknown) => String((error as Error)?.message ?? error).slice(0, 300)

function bounded(attachments: Attachment[], maxBytes: number): Attachments {
  const problem = attachmentsProblem(attachments.map(sizeOf), maxBytes)
  return problem ? { attachments: null, error: problem } : { attachments, error: null }
}

const customerParty = (card: CustomerCard | undefined, customerId: string): DocumentParty =>
  card ? { name: card.name, company: card.company, email: card.email } : { name: customerId }

/** A reminder's statements of account: the CSV and the PDF of the invoices it lists, as its policy says. */
export async function statementAttachments(
  input: { content: NoticeContent; policy: any; card: CustomerCard | undefined; customer_id: string; now: Date },
  options: DunningOptions,
  sources: DocumentSources
): Promise<Attachments> {
  const { content, now } = input
  const formats = statementFormats(input.policy?.statement_attachment, options.delivery.attachStatementCsv)
  const attachments: Attachment[] = []
  if (formats.csv) {
    attachments.push({
      filename: statementFilename(dayToIsoDate(localDay(now, content.timezone)), content.language),
      content: Buffer.from(statementCsv(content.lines, content.totals, content.timezone, content.language), "utf-8").toString("base64"),
      content_type: "text/csv",
      disposition: "attachment",
    })
  }
  if (formats.pdf) {
    const statement = {
      language: content.locale,
      timeZone: content.timezone,
      now,
      customer: customerParty(input.card, input.customer_id),
      invoices: content.lines.map((l) => ({ number: l.number, currency_code: l.currency_code, outstanding: l.outstanding, issued_at: l.issued_at, due_at: l.due_at || null })),
      maxBytes: options.documents.maxAttachmentBytes,
    }
    try {
      const store = await sources.store()
      attachments.push(pdf(statementPdfFilename(statement), await statementPdf({ ...statement, store })))
    } catch (error) {
      return { attachments: null, error: `the statement PDF could not be built: ${messageOf(error)}` }
    }
  }
  return bounded(attachments, options.documents.maxAttachmentBytes)
}

/** An invoice e-mail's PDF: the ERP's own when its import named one, else the invoice as the plugin writes it. */
export async function invoiceAttachment(
  input: { receivable: any; language: string; timezone: string; card: CustomerCard | undefined; now: Date },
  options: DunningOptions,
  sources: DocumentSources
): Promise<Attachments> {
  const r = input.receivable
  const maxBytes = options.documents.maxAttachmentBytes
  const filename = invoicePdfFilename({ language: input.language, number: r.number })
  try {
    const own = r.order_id ? null : await sources.erpPdf(r.metadata, { number: r.number, maxBytes })
    if (own) {
      return bounded([pdf(filename, own)], maxBytes)
    }
    const [store, order] = await Promise.all([sources.store(), r.order_id ? sources.order(r.order_id) : Promise.resolve(null)])
    const receivable = {
      number: r.number,
      currency_code: r.currency_code,
      amount: decimalOf(r.raw_amount ?? r.amount),
      amount_paid: decimalOf(r.raw_amount_paid ?? r.amount_paid),
      issued_at: r.issued_at,
      due_at: r.due_at ?? null,
    }
    const document = await invoicePdf({
      language: input.language,
      timeZone: input.timezone,
      now: input.now,
      store,
      customer: customerParty(input.card, r.customer_id),
      receivable,
      order,
      maxBytes,
    })
    return bounded([pdf(filename, document)], maxBytes)
  } catch (error) {
    return { attachments: null, error: `the invoice PDF of ${r.number} could not be built: ${messageOf(error)}` }
  }
}

/** The sources of one delivery's documents: the letterhead is read at most once, orders one query each. */
export function documentSources(container: MedusaContainer, options: DunningOptions): DocumentSources {
  let store: Promise<DocumentParty> | null = null
  return {
    store: () => (store ??= documentStore(container, options)),
    order: (orderId) => invoiceOrder(container, orderId),
    erpPdf: async (metadata, input) => {
      const ref = erpDocumentRef(metadata)
      return ref ? await erpDocument(container, ref, input) : null
    },
  }
}
